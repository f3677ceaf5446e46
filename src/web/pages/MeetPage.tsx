import { Link, useParams } from 'react-router';
import { isSessionPaid } from '../api/payment.ts';
import { QueryView } from '../components/QueryView.tsx';
import { SessionHeader } from '../components/SessionHeader.tsx';
import { useMeetSession } from '../hooks/useMeetSession.ts';
import { useI18n } from '../i18n/useI18n.ts';

/** `/meet/<meetSessionId>`: loaded on demand (React.lazy), so the marketplace screens stay light. */
export default function MeetPage() {
  const { sessionId = '' } = useParams();
  const { t } = useI18n();
  const session = useMeetSession(sessionId);
  return (
    <QueryView query={session}>
      {(loaded) => (
        <article className="meet-page" aria-labelledby="page-title">
          <SessionHeader session={loaded} titleKey="meet.title" />
          <p className={`notice ${isSessionPaid(loaded) ? 'notice-success' : ''}`}>{isSessionPaid(loaded) ? t('meet.open') : t('meet.locked')}</p>
          <Link className="text-link" to={`/sessions/${loaded.id}`}>
            {t('meet.toSession')}
          </Link>
        </article>
      )}
    </QueryView>
  );
}
