import { usePageTitle } from '../hooks/usePageTitle.ts';
import { useI18n } from '../i18n/useI18n.ts';
import { LazyNotificationList } from '../notifications/LazyNotificationList.tsx';

/** The notification centre on a page of its own (the header's panel shows the same list). */
export function NotificationsPage() {
  const { t } = useI18n();
  usePageTitle(t('notifications.title'));
  return (
    <section className="notifications-page" aria-labelledby="page-title">
      <h1 id="page-title">{t('notifications.title')}</h1>
      <LazyNotificationList />
    </section>
  );
}
