import { Link } from 'react-router';
import { isSessionPaid } from '../api/payment.ts';
import { SessionScreen } from '../components/SessionScreen.tsx';
import { useI18n } from '../i18n/useI18n.ts';

/** `/meet/<meetSessionId>`: loaded on demand (React.lazy), so the marketplace screens stay light. */
export default function MeetPage() {
  const { t } = useI18n();
  return (
    <SessionScreen className="meet-page" titleKey="meet.title">
      {(session) => (
        <>
          <p className={isSessionPaid(session) ? 'notice notice-success' : 'notice'}>{isSessionPaid(session) ? t('meet.open') : t('meet.locked')}</p>
          <Link className="text-link" to={`/sessions/${session.id}`}>
            {t('meet.toSession')}
          </Link>
        </>
      )}
    </SessionScreen>
  );
}
