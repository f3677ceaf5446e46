import { useEffect, useId, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { RenderFailureBoundary } from '../components/RenderFailureBoundary.tsx';
import { useNotifications } from '../hooks/useNotifications.ts';
import { useI18n } from '../i18n/useI18n.ts';
import { LazyNotificationList, preloadNotificationList } from './LazyNotificationList.tsx';
import { unreadKey } from './unread-count.ts';

/**
 * The header's bell: a button naming the unread count (its badge is the same number, for the
 * eye), opening the latest notifications in a panel. A polite live region announces the count
 * when it changes; Escape or any navigation closes the panel.
 */
export function NotificationBell() {
  const { t } = useI18n();
  const unreadCount = useNotifications().data?.unreadCount ?? 0;
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const { pathname } = useLocation();
  const unread = t(unreadKey(unreadCount), { count: unreadCount });

  useEffect(() => setOpen(false), [pathname]);

  return (
    <div
      className="notification-bell"
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || !open) return;
        setOpen(false);
        button.current?.focus();
      }}
    >
      <button
        ref={button}
        type="button"
        className="button ghost small bell-button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={t('notifications.bellLabel', { unread })}
        onClick={() => setOpen((wasOpen) => !wasOpen)}
        onPointerEnter={preloadNotificationList}
        onFocus={preloadNotificationList}
      >
        <svg className="bell-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
          />
        </svg>
        {unreadCount > 0 && (
          <span className="bell-count" aria-hidden="true">
            {unreadCount}
          </span>
        )}
      </button>
      <span className="visually-hidden" role="status">
        {unreadCount > 0 ? t('notifications.bellLabel', { unread }) : ''}
      </span>
      {open && (
        <section id={panelId} className="notification-panel card" aria-label={t('notifications.panelLabel')}>
          <RenderFailureBoundary>
            <LazyNotificationList onFollow={() => setOpen(false)} />
          </RenderFailureBoundary>
          <p className="modal-footer">
            <Link className="text-link" to="/notifications">
              {t('notifications.seeAll')}
            </Link>
          </p>
        </section>
      )}
    </div>
  );
}
