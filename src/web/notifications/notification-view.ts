/** How a notification reads and where it leads, from its kind and data (`notificationKinds`). */
import type { NotificationDto } from '../../shared/notifications.ts';
import type { I18n } from '../i18n/I18nProvider.tsx';
import { hasMessage, type MessageKey } from '../i18n/messages.ts';

const text = (data: Record<string, unknown>, field: string) => (typeof data[field] === 'string' ? data[field] : '');

/** The sentence in the UI language; a kind added later reads generically until it has its own. */
export function notificationSentence(notification: NotificationDto, { t, messages, formatPrice }: Pick<I18n, 't' | 'messages' | 'formatPrice'>): string {
  const { data } = notification;
  const title = text(data, 'demandeTitle');
  switch (notification.kind) {
    case 'offre.received':
      return t('notifications.kinds.offre_received', {
        name: text(data, 'prestataireName'),
        amount: typeof data.priceCents === 'number' ? formatPrice(data.priceCents) : '',
        title,
      });
    case 'offre.rejected': {
      const key = `notifications.kinds.offre_rejected.${text(data, 'reason')}`;
      return t(hasMessage(messages, key) ? (key as MessageKey) : 'notifications.kinds.offre_rejected.rejected_by_demandeur', { title });
    }
    default: {
      const key = `notifications.kinds.${notification.kind.replaceAll('.', '_')}`;
      return hasMessage(messages, key) ? t(key as MessageKey, { title, name: text(data, 'name') }) : t('notifications.kinds.other');
    }
  }
}

/** The screen that shows what the notification is about. */
export function notificationTarget({ kind, demandeId, meetSessionId }: NotificationDto): string {
  if ((kind === 'payment.succeeded' || kind === 'call.joined') && meetSessionId) return `/meet/${meetSessionId}`;
  if (kind.startsWith('offre.') && demandeId) return `/demandes/${demandeId}`;
  if (meetSessionId) return `/sessions/${meetSessionId}`;
  if (demandeId) return `/demandes/${demandeId}`;
  return '/notifications';
}
