import { and, count, desc, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { notifications, type NotificationRow } from '../db/schema.ts';

export type NewNotification = typeof notifications.$inferInsert;

export async function insertNotification(tx: Tx, values: NewNotification): Promise<NotificationRow> {
  const [row] = await tx.insert(notifications).values(values).returning();
  return row!;
}

export async function listNotificationsOf(tx: Tx, userId: string, limit: number): Promise<NotificationRow[]> {
  return tx
    .select()
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit);
}

export async function countUnread(tx: Tx, userId: string): Promise<number> {
  const [row] = await tx
    .select({ unread: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row!.unread;
}

/** Marks one of the user's unread notifications read; undefined if none such is unread. */
export async function markRead(tx: Tx, userId: string, id: string, now: Date): Promise<NotificationRow | undefined> {
  const [row] = await tx
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning();
  return row;
}

export async function findNotificationOf(tx: Tx, userId: string, id: string): Promise<NotificationRow | undefined> {
  const [row] = await tx.select().from(notifications).where(and(eq(notifications.id, id), eq(notifications.userId, userId)));
  return row;
}

export async function markAllRead(tx: Tx, userId: string, now: Date): Promise<number> {
  const updated = await tx
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return updated.length;
}
