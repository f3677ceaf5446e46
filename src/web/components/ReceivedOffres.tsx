import type { OffreDto } from '../../shared/schemas.ts';
import { useReceivedOffres } from '../hooks/useReceivedOffres.ts';
import { useI18n } from '../i18n/useI18n.ts';
import { ErrorMessage } from './ErrorMessage.tsx';
import { OffreCard } from './OffreCard.tsx';
import { QueryView } from './QueryView.tsx';

/**
 * The offres a demande received, with the one way to accept them. Rendered as is by the demande's
 * page and by the received-offres modal: two places, one component, one hook, one mutation.
 */
export function ReceivedOffres({ demandeId }: { demandeId: string }) {
  const { t, formatPrice } = useI18n();
  const received = useReceivedOffres(demandeId);

  const actionsFor = (offre: OffreDto) => {
    if (received.canAccept(offre)) {
      return (
        <button
          type="button"
          className="button primary"
          disabled={received.isAccepting}
          aria-label={t('receivedOffres.acceptLabel', { name: offre.prestataire.displayName, amount: formatPrice(offre.priceCents) })}
          onClick={() => received.accept(offre)}
        >
          {received.isAccepting ? t('receivedOffres.accepting') : t('receivedOffres.accept')}
        </button>
      );
    }
    if (received.isCreator && offre.status === 'accepted' && offre.meetSessionId) {
      const meetSessionId = offre.meetSessionId;
      return (
        <button
          type="button"
          className="button primary"
          aria-label={t('receivedOffres.followPaymentLabel', { name: offre.prestataire.displayName })}
          onClick={() => received.showPayment(meetSessionId)}
        >
          {t('receivedOffres.followPayment')}
        </button>
      );
    }
    return undefined;
  };

  return (
    <div className="received-offres">
      {received.acceptError && <ErrorMessage error={received.acceptError} />}
      {received.hasAcceptedOffre && <p className="notice">{t('receivedOffres.decided')}</p>}
      <QueryView query={received.offres} isEmpty={(offres) => offres.length === 0} empty={t('receivedOffres.empty')}>
        {(offres) => (
          <ul className="stack" aria-label={t('demandePage.receivedTitle')}>
            {offres.map((offre) => (
              <li key={offre.id}>
                <OffreCard offre={offre} title={t('offre.from', { name: offre.prestataire.displayName })}>
                  {actionsFor(offre)}
                </OffreCard>
              </li>
            ))}
          </ul>
        )}
      </QueryView>
    </div>
  );
}
