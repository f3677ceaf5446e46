import type { UseQueryResult } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, useNavigate } from 'react-router';
import { canRetryPayment, isSessionPaid, type MeetSessionView, type PaymentStatus as Status } from '../api/payment.ts';
import { useMe } from '../hooks/useMe.ts';
import { useMeetSession, useStartPayment } from '../hooks/useMeetSession.ts';
import { useDemandeOffres } from '../hooks/useOffres.ts';
import { useI18n } from '../i18n/useI18n.ts';
import { AcceptedOffreStatus } from './AcceptedOffreStatus.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';
import { QueryView } from './QueryView.tsx';

interface PaymentStatusProps {
  meetSessionId: string;
  /** In the payment step right after acceptance: once paid, go straight to the call. */
  goToCallWhenPaid?: boolean;
}

/** A meet session's payment: the demandeur pays and follows each state; the prestataire sees where it stands. */
export function PaymentStatus({ meetSessionId, goToCallWhenPaid = false }: PaymentStatusProps) {
  const me = useMe().data;
  const session = useMeetSession(meetSessionId);
  return (
    <QueryView query={session}>
      {(loaded) =>
        loaded.participants.demandeur.id === me?.id ? (
          <DemandeurPayment session={session} loaded={loaded} goToCallWhenPaid={goToCallWhenPaid} />
        ) : (
          <AcceptedOffreStatus meetSessionId={meetSessionId} showSessionLink={false} />
        )
      }
    </QueryView>
  );
}

type ShownStatus = Status | 'none';

interface DemandeurPaymentProps {
  session: UseQueryResult<MeetSessionView>;
  loaded: MeetSessionView;
  goToCallWhenPaid: boolean;
}

function DemandeurPayment({ session, loaded, goToCallWhenPaid }: DemandeurPaymentProps) {
  const { t, formatPrice } = useI18n();
  const navigate = useNavigate();
  const start = useStartPayment(loaded.id);
  const offre = useDemandeOffres(loaded.demandeId).data?.find((candidate) => candidate.id === loaded.offreId);
  const amount = offre ? formatPrice(offre.priceCents) : undefined;
  const prestataire = loaded.participants.prestataire.displayName;

  // The newer of the two answers wins: the session as last read, or the payment call's own answer.
  const startIsNewer = start.data !== undefined && start.submittedAt > session.dataUpdatedAt;
  const status: ShownStatus = (startIsNewer ? start.data?.status : loaded.payment?.status ?? start.data?.status) ?? 'none';
  const checkoutUrl = (startIsNewer ? start.data?.checkoutUrl : loaded.payment?.checkoutUrl ?? start.data?.checkoutUrl) ?? null;
  const paid = isSessionPaid(loaded) || status === 'succeeded';
  const callPath = `/meet/${loaded.id}`;

  useEffect(() => {
    if (paid && goToCallWhenPaid) navigate(callPath);
  }, [paid, goToCallWhenPaid, navigate, callPath]);

  const startButton = (label: string) => (
    <button type="button" className="button primary" disabled={start.isPending} onClick={() => start.mutate()}>
      {start.isPending ? t('payment.preparing') : label}
    </button>
  );

  return (
    <div className="payment">
      <ol className="steps" aria-label={t('payment.steps.label')}>
        <li className="step done">{t('payment.steps.accepted')}</li>
        <li className={`step ${paid ? 'done' : 'current'}`} aria-current={paid ? undefined : 'step'}>
          {t('payment.steps.payment')}
        </li>
        <li className={`step ${paid ? 'current' : ''}`} aria-current={paid ? 'step' : undefined}>
          {t('payment.steps.call')}
        </li>
      </ol>
      <p className="meta">
        {t('payment.with', { name: prestataire })}
        {amount && <> · {t('payment.amount', { amount })}</>}
      </p>
      <div className={`payment-state payment-${status}`} role="status" aria-live="polite">
        <p className="payment-state-title">{t(`payment.status.${status}`)}</p>
        <p>{t(`payment.help.${status}`, { name: prestataire })}</p>
      </div>
      {start.error && <ErrorMessage error={start.error} />}
      <div className="actions">
        {status === 'none' && startButton(amount ? t('payment.pay', { amount }) : t('payment.payNoAmount'))}
        {status === 'requires_payment' &&
          (checkoutUrl ? (
            <a className="button primary" href={checkoutUrl}>
              {t('payment.openCheckout')}
            </a>
          ) : (
            startButton(t('payment.payNoAmount'))
          ))}
        {canRetryPayment(status === 'none' ? undefined : status) && startButton(t('payment.retry'))}
        {paid && (
          <Link className="button primary" to={callPath}>
            {t('payment.joinCall')}
          </Link>
        )}
      </div>
    </div>
  );
}
