import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { DemandeDto } from '../../shared/schemas.ts';
import { useI18n } from '../i18n/useI18n.ts';
import { StatusBadge } from './StatusBadge.tsx';
import { DEMANDE_TONES } from './status-tones.ts';

/** A demande in a list: its title links to its page; what can be done with it comes as `children`. */
export function DemandeSummary({ demande, isMine, children }: { demande: DemandeDto; isMine: boolean; children?: ReactNode }) {
  const { t } = useI18n();
  return (
    <article className="card demande">
      <header className="card-header">
        <h3>
          <Link to={`/demandes/${demande.id}`}>{demande.title}</Link>
        </h3>
        <StatusBadge tone={DEMANDE_TONES[demande.status]}>{t(`demande.status.${demande.status}`)}</StatusBadge>
      </header>
      <p className="description">{demande.description}</p>
      <DemandeFacts demande={demande} isMine={isMine} />
      {children && <div className="card-actions">{children}</div>}
    </article>
  );
}

/** Who asked, for how much, since when. */
export function DemandeFacts({ demande, isMine }: { demande: DemandeDto; isMine: boolean }) {
  const { t, formatPrice, formatDate } = useI18n();
  return (
    <p className="meta">
      {isMine ? t('demande.yours') : t('demande.by', { name: demande.creator.displayName })} ·{' '}
      {demande.budgetCents === null ? t('demande.noBudget') : t('demande.budget', { amount: formatPrice(demande.budgetCents) })} ·{' '}
      {t('demande.postedOn', { date: formatDate(demande.createdAt) })}
    </p>
  );
}
