import type pg from 'pg';
import { EVENTS_CHANNEL } from '../../src/events/events.repo.ts';
import { callIdFor } from '../../src/sessions/call-id.ts';
import { BUS_CHANNEL } from '../../src/bus/bus.ts';

/*
 * The statements Accord's acceptance sends (the SQL Drizzle generates for `acceptOffre`, as
 * captured on the wire), run through a bare `pg` client: the cost of the work itself, without
 * HTTP, cookies, Drizzle or Zod. test/bench/acceptance-floor.test.ts fails when they drift apart.
 */
const SESSION_COLUMNS = `"id", "demande_id", "offre_id", "call_id", "demandeur_id", "prestataire_id", "status", "created_at"`;

const LOCK_DEMANDE_OF_OFFRE = `select * from "demandes" where id = (select demande_id from "offres" where id = $1) for update`;
const LOCK_OFFRE = `select * from "offres" where id = $1 for update`;
const FIND_SESSION = `select ${SESSION_COLUMNS} from "meet_sessions" where "meet_sessions"."offre_id" = $1`;
const SET_OFFRE_STATUS = `update "offres" set status = $1, decided_at = $2 where id = $3 returning *`;
const SET_DEMANDE_STATUS = `update "demandes" set status = $1 where id = $2 returning *`;
const REJECT_PENDING = `update "offres" set status = 'rejected', decided_at = $1 where demande_id = $2 and status = 'pending' returning *`;
const INSERT_SESSION = `insert into "meet_sessions" (demande_id, offre_id, call_id, demandeur_id, prestataire_id) values ($1, $2, $3, $4, $5) returning *`;

/** A multi-row VALUES list: `rows` rows of `row(placeholders)`, the parameters numbered from $1. */
function valuesList(rows: number, casts: string[], row: (placeholders: string) => string): string {
  return Array.from({ length: rows }, (_, r) => row(casts.map((cast, i) => `$${1 + r * casts.length + i}${cast}`).join(', '))).join(', ');
}

/** `appendEvents`: the events inserted, each announced with the people it concerns, in one statement. */
function appendEventsSql(events: number): string {
  const values = valuesList(events, ['', '::uuid', '::uuid', '::uuid', '::uuid', '::jsonb'], (p) => `(${p})`);
  return `with appended as ( insert into "events" (kind, actor_id, demande_id, offre_id, meet_session_id, data) values ${values} returning id, kind, demande_id, offre_id, meet_session_id ) select appended.id, pg_notify($${events * 6 + 1}, json_build_object( 'id', appended.id, 'kind', appended.kind, 'demandeId', appended.demande_id, 'offreId', appended.offre_id, 'meetSessionId', appended.meet_session_id, 'sentAt', $${events * 6 + 2}::float8, 'userIds', array( select creator_id from demandes where id = appended.demande_id union select prestataire_id from offres where id = appended.offre_id union select unnest(array[demandeur_id, prestataire_id]) from meet_sessions where id = appended.meet_session_id))::text) from appended order by appended.id`;
}

/** `notifyAll`: the notifications inserted and one bus message per recipient, in one statement. */
function insertNotificationsSql(notifications: number, recipients: number): string {
  const values = valuesList(notifications, ['::uuid', '', '::jsonb', '::uuid', '::uuid', '::uuid'], (p) => `(${p})`);
  const channel = notifications * 6 + 1;
  const payloads = Array.from({ length: recipients }, (_, i) => `($${channel + 1 + i})`).join(', ');
  return `with inserted as ( insert into "notifications" (user_id, kind, data, demande_id, offre_id, meet_session_id) values ${values} ) select pg_notify($${channel}, payload) from (values ${payloads}) as announcement(payload)`;
}

interface EventValues {
  kind: string;
  actorId: string;
  demandeId: string;
  offreId: string;
  meetSessionId?: string;
  data?: Record<string, unknown>;
}

async function appendEvents(client: pg.PoolClient, events: EventValues[]): Promise<void> {
  if (events.length === 0) return;
  const values = events.flatMap((e) => [e.kind, e.actorId, e.demandeId, e.offreId, e.meetSessionId ?? null, JSON.stringify(e.data ?? {})]);
  await client.query(appendEventsSql(events.length), [...values, EVENTS_CHANNEL, Date.now()]);
}

interface NotificationValues {
  userId: string;
  kind: string;
  data: Record<string, unknown>;
  demandeId: string;
  offreId: string;
}

async function notifyAll(client: pg.PoolClient, notifications: NotificationValues[]): Promise<void> {
  if (notifications.length === 0) return;
  const values = notifications.flatMap((n) => [n.userId, n.kind, JSON.stringify(n.data), n.demandeId, n.offreId, null]);
  const recipients = [...new Set(notifications.map((n) => n.userId))];
  const payloads = recipients.map((userId) => JSON.stringify({ channel: `user:${userId}`, payload: { kind: 'notifications.changed' }, sentAt: Date.now() }));
  await client.query(insertNotificationsSql(notifications.length, recipients.length), [...values, BUS_CHANNEL, ...payloads]);
}

export type FloorAnswer = { accepted: true; meetSessionId: string } | { accepted: false };

/** One acceptance in one transaction, deciding as `acceptOffre` does: same rows locked, same writes. */
export async function acceptWithBareStatements(pool: pg.Pool, actorId: string, offreId: string): Promise<FloorAnswer> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const answer = await decide(client, actorId, offreId);
    await client.query(answer.accepted ? 'commit' : 'rollback');
    return answer;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

async function decide(client: pg.PoolClient, actorId: string, offreId: string): Promise<FloorAnswer> {
  const now = new Date();
  const demande = (await client.query(LOCK_DEMANDE_OF_OFFRE, [offreId])).rows[0];
  const offre = (await client.query(LOCK_OFFRE, [offreId])).rows[0];
  if (demande.creator_id !== actorId) return { accepted: false };
  if (offre.status === 'accepted') {
    const session = (await client.query(FIND_SESSION, [offreId])).rows[0];
    return { accepted: true, meetSessionId: session.id };
  }
  if (demande.status !== 'open' || offre.status !== 'pending' || offre.expires_at <= now) return { accepted: false };

  const demandeId: string = demande.id;
  const decided = (other: { id: string; prestataire_id: string }, data: Record<string, unknown>) => ({
    userId: other.prestataire_id,
    kind: data.reason ? 'offre.rejected' : 'offre.accepted',
    data: { demandeTitle: demande.title, ...data },
    demandeId,
    offreId: other.id,
  });
  await client.query(SET_OFFRE_STATUS, ['accepted', now, offreId]);
  await client.query(SET_DEMANDE_STATUS, ['accepted', demandeId]);
  await appendEvents(client, [{ kind: 'offre.accepted', actorId, demandeId, offreId }]);
  await notifyAll(client, [decided(offre, {})]);
  const rejected: { id: string; prestataire_id: string }[] = (await client.query(REJECT_PENDING, [now, demandeId])).rows;
  const reason = 'other_offre_accepted';
  await appendEvents(client, rejected.map((other) => ({ kind: 'offre.rejected', actorId, demandeId, offreId: other.id, data: { reason } })));
  await notifyAll(client, rejected.map((other) => decided(other, { reason })));
  const sessionValues = [demandeId, offreId, callIdFor(offreId), demande.creator_id, offre.prestataire_id];
  const session = (await client.query(INSERT_SESSION, sessionValues)).rows[0];
  const meetSessionId: string = session.id;
  await appendEvents(client, [{ kind: 'meet_session.created', actorId, demandeId, offreId, meetSessionId, data: { callId: session.call_id } }]);
  return { accepted: true, meetSessionId };
}
