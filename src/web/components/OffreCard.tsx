import { Children, type ReactNode } from 'react';
import type { OffreDto } from '../../shared/schemas.ts';
import { useI18n } from '../i18n/useI18n.ts';
import { StatusBadge } from './StatusBadge.tsx';
import { OFFRE_TONES } from './status-tones.ts';

/** An offre's facts (price, message, status, dates); what can be done with it comes as `children`. */
export function OffreCard({ offre, title, children }: { offre: OffreDto; title: ReactNode; children?: ReactNode }) {
  const { t, formatPrice, formatDate } = useI18n();
  return (
    <article className={`card offre offre-${offre.status}`}>
      <header className="card-header">
        <h3>{title}</h3>
        <StatusBadge tone={OFFRE_TONES[offre.status]}>{t(`offre.status.${offre.status}`)}</StatusBadge>
      </header>
      <p className="price">{formatPrice(offre.priceCents)}</p>
      <p className="message">{offre.message}</p>
      <p className="meta">
        {t('offre.sentOn', { date: formatDate(offre.createdAt) })}
        {offre.status === 'pending' && <> · {t('offre.validUntil', { date: formatDate(offre.expiresAt) })}</>}
      </p>
      {Children.toArray(children).length > 0 && <div className="card-actions">{children}</div>}
    </article>
  );
}
