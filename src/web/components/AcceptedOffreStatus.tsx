import { Link } from 'react-router';
import { isSessionPaid } from '../api/payment.ts';
import { useMeetSession } from '../hooks/useMeetSession.ts';
import { useI18n } from '../i18n/useI18n.ts';
import { QueryView } from './QueryView.tsx';

/** The prestataire's side of an accepted offre: waiting for the payment, then the way into the call. */
export function AcceptedOffreStatus({ meetSessionId, showSessionLink = true }: { meetSessionId: string; showSessionLink?: boolean }) {
  const { t } = useI18n();
  const session = useMeetSession(meetSessionId);
  return (
    <QueryView query={session}>
      {(loaded) => (
        <div className="accepted-status" role="status">
          {loaded.status === 'cancelled' ? (
            <p className="status-line">{t('acceptedOffre.cancelled')}</p>
          ) : isSessionPaid(loaded) ? (
            <Link className="button primary" to={`/meet/${loaded.id}`}>
              {t('acceptedOffre.paid')}
            </Link>
          ) : (
            <>
              <p className="status-line">{t('acceptedOffre.awaitingPayment')}</p>
              <p className="meta">{t('acceptedOffre.awaitingPaymentHelp')}</p>
            </>
          )}
          {showSessionLink && (
            <Link className="text-link" to={`/sessions/${loaded.id}`}>
              {t('acceptedOffre.viewSession')}
            </Link>
          )}
        </div>
      )}
    </QueryView>
  );
}
