import type { MessageKey } from '../i18n/messages.ts';

// Apart from notification-view.ts: the bell, in every screen's header, needs only this.
/** `notifications.unread.*` for a count. */
export const unreadKey = (count: number): MessageKey =>
  count === 0 ? 'notifications.unread.none' : count === 1 ? 'notifications.unread.one' : 'notifications.unread.other';
