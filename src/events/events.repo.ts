import { and, asc, eq, isNull, or, sql } from 'drizzle-orm';
import { queryRows, type Db, type Tx } from '../db/client.ts';
import { events, type EventRow, type MeetSessionRow } from '../db/schema.ts';

export const EVENTS_CHANNEL = 'accord_events';

export type EventKind =
  | 'demande.created'
  | 'demande.cancelled'
  | 'offre.proposed'
  | 'offre.withdrawn'
  | 'offre.rejected'
  | 'offre.expired'
  | 'offre.accepted'
  | 'meet_session.created'
  | 'meet_session.ready'
  /** Its first participant entered the call: from then on it cannot be cancelled. */
  | 'meet_session.in_call'
  | 'meet_session.cancelled'
  | 'payment.created'
  | 'payment.processing'
  | 'payment.succeeded'
  | 'payment.failed'
  | 'payment.canceled'
  | 'payment.refunded'
  /** A participant's page entered the session's call (once per page: a page back on a new socket is not recorded again). */
  | 'call.joined'
  | 'call.left';

export interface NewEvent {
  kind: EventKind;
  actorId: string | null;
  demandeId?: string | null;
  offreId?: string | null;
  meetSessionId?: string | null;
  data?: Record<string, unknown>;
}

/**
 * I5: appends state changes to the ledger, in the caller's transaction, and announces each with
 * pg_notify in that same transaction: listeners hear of them only if it commits. One statement for
 * all of them, so the row locks a writer holds (the demande's, during an acceptance) are held for
 * one round trip whatever the number of events. Ids, and announcements, follow the array's order.
 */
export async function appendEvents(tx: Tx, batch: NewEvent[]): Promise<{ id: number }[]> {
  if (batch.length === 0) return [];
  const rows = batch.map(({ kind, actorId, demandeId = null, offreId = null, meetSessionId = null, data = {} }) =>
    sql`(${kind}, ${actorId}::uuid, ${demandeId}::uuid, ${offreId}::uuid, ${meetSessionId}::uuid, ${JSON.stringify(data)}::jsonb)`,
  );
  // The people concerned (for their `user:<id>` topic) are looked up here, in the writing
  // transaction, so that no listening instance has to query for every event it hears.
  const appended = await queryRows<{ id: string | number }>(tx, sql`
    with appended as (
      insert into ${events} (kind, actor_id, demande_id, offre_id, meet_session_id, data)
      values ${sql.join(rows, sql`, `)}
      returning id, kind, demande_id, offre_id, meet_session_id
    )
    select appended.id, pg_notify(${EVENTS_CHANNEL}, json_build_object(
      'id', appended.id, 'kind', appended.kind, 'demandeId', appended.demande_id, 'offreId', appended.offre_id,
      'meetSessionId', appended.meet_session_id, 'sentAt', ${Date.now()}::float8, 'userIds', array(
        select creator_id from demandes where id = appended.demande_id
        union select prestataire_id from offres where id = appended.offre_id
        union select unnest(array[demandeur_id, prestataire_id]) from meet_sessions where id = appended.meet_session_id))::text)
    from appended order by appended.id`);
  return appended.map(({ id }) => ({ id: Number(id) }));
}

export async function appendEvent(tx: Tx, event: NewEvent): Promise<{ id: number }> {
  const [appended] = await appendEvents(tx, [event]);
  return appended!;
}

/**
 * A meet session's timeline: its own events, its offre's, and its demande's own (not those of
 * other prestataires' offres, which are none of the prestataire's business).
 */
export async function listSessionTimeline(tx: Db, session: MeetSessionRow): Promise<EventRow[]> {
  return tx
    .select()
    .from(events)
    .where(
      or(
        eq(events.meetSessionId, session.id),
        eq(events.offreId, session.offreId),
        and(eq(events.demandeId, session.demandeId), isNull(events.offreId)),
      ),
    )
    .orderBy(asc(events.id));
}

/** What the ledger holds of one participant's call pages in a session: each page's join and leave events. */
export async function callPageEvents(tx: Db, meetSessionId: string, actorId: string): Promise<{ kind: 'call.joined' | 'call.left'; peerId: string }[]> {
  return queryRows<{ kind: 'call.joined' | 'call.left'; peerId: string }>(
    tx,
    sql`select kind, data->>'peerId' as "peerId" from ${events}
        where meet_session_id = ${meetSessionId} and actor_id = ${actorId} and kind in ('call.joined', 'call.left')`,
  );
}

/** When the session moved to each of these states (its ledger events), for its call window. */
export async function sessionMilestones(tx: Db, meetSessionId: string): Promise<{ readyAt?: Date; inCallAt?: Date }> {
  const rows = await queryRows<{ kind: string; at: Date | string }>(
    tx,
    sql`select kind, min(created_at) as at from ${events}
        where meet_session_id = ${meetSessionId} and kind in ('meet_session.ready', 'meet_session.in_call') group by kind`,
  );
  const at = (kind: string) => {
    const row = rows.find((r) => r.kind === kind);
    return row ? new Date(row.at) : undefined;
  };
  return { readyAt: at('meet_session.ready'), inCallAt: at('meet_session.in_call') };
}
