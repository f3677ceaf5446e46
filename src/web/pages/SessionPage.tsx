import { CancelSession } from '../components/CancelSession.tsx';
import { PaymentStatus } from '../components/PaymentStatus.tsx';
import { SessionScreen } from '../components/SessionScreen.tsx';
import { Timeline } from '../components/Timeline.tsx';
import { useI18n } from '../i18n/useI18n.ts';

/** A meet session's progress: where its payment stands (and, for the demandeur, a way to cancel), and everything that happened, in order. */
export function SessionPage() {
  const { t } = useI18n();
  return (
    <SessionScreen className="session-page" titleKey="session.title">
      {(session) => (
        <>
          <section className="card" aria-labelledby="payment-title">
            <h2 id="payment-title">{t('session.paymentTitle')}</h2>
            <PaymentStatus meetSessionId={session.id} />
            <CancelSession session={session} />
          </section>
          <section className="card" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{t('session.timelineTitle')}</h2>
            <Timeline session={session} />
          </section>
        </>
      )}
    </SessionScreen>
  );
}
