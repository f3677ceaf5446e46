import { useParams } from 'react-router';
import { PaymentStatus } from '../components/PaymentStatus.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { SessionHeader } from '../components/SessionHeader.tsx';
import { Timeline } from '../components/Timeline.tsx';
import { useMeetSession } from '../hooks/useMeetSession.ts';
import { useI18n } from '../i18n/useI18n.ts';

/** A meet session's progress: where its payment stands and everything that happened, in order. */
export function SessionPage() {
  const { sessionId = '' } = useParams();
  const { t } = useI18n();
  const session = useMeetSession(sessionId);
  return (
    <QueryView query={session}>
      {(loaded) => (
        <article className="session-page" aria-labelledby="page-title">
          <SessionHeader session={loaded} titleKey="session.title" />
          <section className="card" aria-labelledby="payment-title">
            <h2 id="payment-title">{t('session.paymentTitle')}</h2>
            <PaymentStatus meetSessionId={loaded.id} />
          </section>
          <section className="card" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{t('session.timelineTitle')}</h2>
            <Timeline session={loaded} />
          </section>
        </article>
      )}
    </QueryView>
  );
}
