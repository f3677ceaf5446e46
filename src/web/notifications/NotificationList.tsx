import { Link } from 'react-router';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { useMarkNotificationsRead, useNotifications } from '../hooks/useNotifications.ts';
import { useI18n } from '../i18n/useI18n.ts';
import { notificationSentence, notificationTarget } from './notification-view.ts';

/**
 * The notification centre's list, in the header's panel and on its page: each one a sentence
 * linking to its screen (following it marks it read), newest first, unread ones marked.
 */
export function NotificationList({ onFollow }: { onFollow?(): void }) {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const notifications = useNotifications();
  const markRead = useMarkNotificationsRead();

  return (
    <QueryView query={notifications} isEmpty={(loaded) => loaded.notifications.length === 0} empty={t('notifications.empty')}>
      {({ notifications: list, unreadCount }) => (
        <>
          {unreadCount > 0 && (
            <div className="actions">
              <button type="button" className="button secondary small" disabled={markRead.isPending} onClick={() => markRead.mutate(undefined)}>
                {t('notifications.markAllRead')}
              </button>
            </div>
          )}
          {markRead.error && <ErrorMessage error={markRead.error} />}
          <ul className="notification-list">
            {list.map((notification) => {
              const unread = notification.readAt === null;
              const sentence = notificationSentence(notification, i18n);
              return (
                <li key={notification.id} className={unread ? 'notification unread' : 'notification'}>
                  <div className="notification-text">
                    <Link
                      to={notificationTarget(notification)}
                      onClick={() => {
                        if (unread) markRead.mutate(notification.id);
                        onFollow?.();
                      }}
                    >
                      {unread && <span className="badge badge-info">{t('notifications.unreadMark')}</span>} {sentence}
                    </Link>
                    <time className="meta" dateTime={notification.createdAt}>
                      {formatDateTime(notification.createdAt)}
                    </time>
                  </div>
                  {unread && (
                    <button
                      type="button"
                      className="button ghost small"
                      aria-label={t('notifications.markReadLabel', { sentence })}
                      disabled={markRead.isPending}
                      onClick={() => markRead.mutate(notification.id)}
                    >
                      {t('notifications.markRead')}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </QueryView>
  );
}
