import type { ReactNode } from 'react';
import type { OffreDto } from '../../shared/schemas.ts';
import { useWithdrawOffre } from '../hooks/useOffres.ts';
import { useI18n } from '../i18n/useI18n.ts';
import { AcceptedOffreStatus } from './AcceptedOffreStatus.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';
import { OffreCard } from './OffreCard.tsx';

/** A prestataire's own offre: withdraw it while pending, follow its session once accepted (and if it is cancelled). */
export function MyOffreCard({ offre, title }: { offre: OffreDto; title: ReactNode }) {
  const { t, formatPrice } = useI18n();
  const withdraw = useWithdrawOffre();
  // Accepted, or refused afterwards because the demandeur cancelled: the session says where it stands.
  const { meetSessionId } = offre;
  return (
    <OffreCard offre={offre} title={title}>
      {offre.status === 'pending' && (
        <>
          <button
            type="button"
            className="button secondary"
            disabled={withdraw.isPending}
            aria-label={t('myOffres.withdrawLabel', { amount: formatPrice(offre.priceCents) })}
            onClick={() => withdraw.mutate(offre)}
          >
            {withdraw.isPending ? t('myOffres.withdrawing') : t('myOffres.withdraw')}
          </button>
          {withdraw.error && <ErrorMessage error={withdraw.error} />}
        </>
      )}
      {meetSessionId && <AcceptedOffreStatus meetSessionId={meetSessionId} />}
    </OffreCard>
  );
}
