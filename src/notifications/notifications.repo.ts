import { and, count, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { notifications, type NotificationRow } from '../db/schema.ts';

export type NewNotification = typeof notifications.$inferInsert;

/**
 * Inserts notifications and sends the given NOTIFY payloads on `pgChannel`, in one statement (a data-
 * modifying WITH always runs to completion, whatever the outer query reads). A template, not built
 * each time: an acceptance runs it twice under the demande's lock.
 */
export async function insertNotifications(tx: Tx, rows: NewNotification[], announce: { pgChannel: string; payloads: string[] }): Promise<void> {
  const values = rows.map(
    ({ userId, kind, data = {}, demandeId = null, offreId = null, meetSessionId = null }) =>
      sql`(${userId}::uuid, ${kind}, ${JSON.stringify(data)}::jsonb, ${demandeId}::uuid, ${offreId}::uuid, ${meetSessionId}::uuid)`,
  );
  const payloads = announce.payloads.map((payload) => sql`(${payload})`);
  await tx.execute(sql`
    with inserted as (
      insert into ${notifications} (user_id, kind, data, demande_id, offre_id, meet_session_id) values ${sql.join(values, sql`, `)}
    )
    select pg_notify(${announce.pgChannel}, payload) from (values ${sql.join(payloads, sql`, `)}) as announcement(payload)`);
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
