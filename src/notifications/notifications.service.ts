import type { Actor } from '../auth/actor.ts';
import type { Tx } from '../db/client.ts';
import type { NotificationRow } from '../db/schema.ts';
import { inlineAnnouncements, publishMessage } from '../bus/bus.ts';
import { notFound } from '../errors/app-error.ts';
import { NOTIFICATIONS_CHANGED, type NotificationKind } from '../shared/notifications.ts';
import { topicOf } from '../shared/realtime.ts';
import * as repo from './notifications.repo.ts';

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  /** What the web app needs to word it (see `notificationKinds`). */
  data?: Record<string, unknown>;
  demandeId?: string | null;
  offreId?: string | null;
  meetSessionId?: string | null;
}

/**
 * Tells `userId` about something, in the transaction of its cause: the notification exists, and
 * their `user:<id>` topic hears of it, only if that transaction commits.
 */
export const notify = (tx: Tx, notification: NewNotification): Promise<void> => notifyAll(tx, [notification]);

/** `notify` for several at once, in one statement: each recipient's tabs hear of it once. */
export async function notifyAll(tx: Tx, batch: NewNotification[]): Promise<void> {
  if (batch.length === 0) return;
  const recipients = [...new Set(batch.map(({ userId }) => userId))];
  await repo.insertNotifications(tx, batch, inlineAnnouncements(recipients.map(changeOf)));
}

/** The user's tabs refresh their list and badge. */
const changeOf = (userId: string) => ({ channel: topicOf.user(userId), payload: { kind: NOTIFICATIONS_CHANGED } });
const announceChange = (tx: Tx, userId: string) => {
  const { channel, payload } = changeOf(userId);
  return publishMessage(tx, channel, payload);
};

export async function listNotifications(tx: Tx, actor: Actor, limit: number): Promise<{ notifications: NotificationRow[]; unreadCount: number }> {
  return { notifications: await repo.listNotificationsOf(tx, actor.id, limit), unreadCount: await repo.countUnread(tx, actor.id) };
}

/** Idempotent: reading it again keeps the first reading's time. Someone else's is unknown (404). */
export async function markNotificationRead(tx: Tx, actor: Actor, id: string, now = new Date()): Promise<NotificationRow> {
  const newlyRead = await repo.markRead(tx, actor.id, id, now);
  if (newlyRead) {
    await announceChange(tx, actor.id);
    return newlyRead;
  }
  const found = await repo.findNotificationOf(tx, actor.id, id);
  if (!found) throw notFound('notification');
  return found;
}

export async function markAllNotificationsRead(tx: Tx, actor: Actor, now = new Date()): Promise<number> {
  const marked = await repo.markAllRead(tx, actor.id, now);
  if (marked > 0) await announceChange(tx, actor.id);
  return marked;
}
