import type { UseQueryResult } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, useNavigate } from 'react-router';
import type { MeetSessionDto } from '../../shared/schemas.ts';
import { canRetryPayment, isSessionPaid, type PaymentReturn, type PaymentStatus as Status } from '../api/payment.ts';
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
  /** What the checkout said when it sent the payer back, until the webhook settles the payment. */
  returned?: PaymentReturn;
}

/** A meet session's payment: the demandeur pays and follows each state; the prestataire sees where it stands. */
export function PaymentStatus({ meetSessionId, goToCallWhenPaid = false, returned }: PaymentStatusProps) {
  const me = useMe().data;
  const session = useMeetSession(meetSessionId);
  return (
    <QueryView query={session}>
      {(loaded) =>
        loaded.participants.demandeur.id === me?.id ? (
          <DemandeurPayment session={session} loaded={loaded} goToCallWhenPaid={goToCallWhenPaid} returned={returned} />
        ) : (
          <AcceptedOffreStatus meetSessionId={meetSessionId} showSessionLink={false} />
        )
      }
    </QueryView>
  );
}

type ShownStatus = Status | 'none';

interface DemandeurPaymentProps {
  session: UseQueryResult<MeetSessionDto>;
  loaded: MeetSessionDto;
  goToCallWhenPaid: boolean;
  returned: PaymentReturn | undefined;
}

function DemandeurPayment({ session, loaded, goToCallWhenPaid, returned }: DemandeurPaymentProps) {
  const { t, formatPrice } = useI18n();
  const navigate = useNavigate();
  const start = useStartPayment(loaded.id);
  const offre = useDemandeOffres(loaded.demandeId).data?.find((candidate) => candidate.id === loaded.offreId);
  const amountCents = loaded.payment?.amountCents ?? offre?.priceCents;
  const amount = amountCents === undefined ? undefined : formatPrice(amountCents);
  const prestataire = loaded.participants.prestataire.displayName;

  // The newer of the two answers wins: the session as last read, or the payment call's own answer.
  const startIsNewer = start.data !== undefined && start.submittedAt > session.dataUpdatedAt;
  const latest = startIsNewer ? start.data : (loaded.payment ?? start.data);
  const checkoutUrl = latest?.checkoutUrl ?? null;
  // Back from the checkout with a card accepted: the webhook that confirms it is on its way.
  const confirming = returned === 'done' && start.data === undefined && latest?.status === 'requires_payment';
  const status: ShownStatus = confirming ? 'processing' : (latest?.status ?? 'none');
  const paid = isSessionPaid(loaded) || status === 'succeeded';
  const cancelled = loaded.status === 'cancelled';
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
      {returned && start.data === undefined && !paid && <p className="notice">{t(`payment.returned.${returned}`)}</p>}
      <div className={`payment-state payment-${status}`} role="status" aria-live="polite">
        <p className="payment-state-title">{t(`payment.status.${status}`)}</p>
        <p>{cancelled && status !== 'refunded' ? t('payment.sessionCancelled') : t(`payment.help.${status}`, { name: prestataire })}</p>
      </div>
      {start.error && <ErrorMessage error={start.error} />}
      {!cancelled && <div className="actions">
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
      </div>}
    </div>
  );
}
