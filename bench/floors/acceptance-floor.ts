import type pg from 'pg';
import { EVENTS_CHANNEL } from '../../src/events/events.repo.ts';
import { callIdFor } from '../../src/meet/call-id.ts';

/*
 * The statements Accord's acceptance sends (copied from the SQL Drizzle generates for
 * `acceptOffre`), run through a bare `pg` client: the cost of the work itself, without HTTP,
 * cookies, Drizzle or Zod. Keep them in step with src/offres/offres.service.ts.
 */
const OFFRE_COLUMNS = `"id", "demande_id", "prestataire_id", "price_cents", "message", "status", "expires_at", "created_at", "decided_at"`;
const DEMANDE_COLUMNS = `"id", "creator_id", "title", "description", "budget_cents", "status", "created_at"`;
const EVENT_COLUMNS = `"id", "kind", "actor_id", "demande_id", "offre_id", "meet_session_id", "data", "created_at"`;
const SESSION_COLUMNS = `"id", "demande_id", "offre_id", "call_id", "demandeur_id", "prestataire_id", "status", "created_at"`;

const FIND_OFFRE = `select ${OFFRE_COLUMNS} from "offres" where "offres"."id" = $1`;
const LOCK_DEMANDE = `select ${DEMANDE_COLUMNS} from "demandes" where "demandes"."id" = $1 for update`;
const LOCK_OFFRE = `select ${OFFRE_COLUMNS} from "offres" where "offres"."id" = $1 for update`;
const FIND_SESSION = `select ${SESSION_COLUMNS} from "meet_sessions" where "meet_sessions"."offre_id" = $1`;
const SET_OFFRE_STATUS = `update "offres" set "status" = $1, "decided_at" = $2 where "offres"."id" = $3 returning ${OFFRE_COLUMNS}`;
const SET_DEMANDE_STATUS = `update "demandes" set "status" = $1 where "demandes"."id" = $2 returning ${DEMANDE_COLUMNS}`;
const REJECT_PENDING = `update "offres" set "status" = $1, "decided_at" = $2 where ("offres"."demande_id" = $3 and "offres"."status" = $4) returning ${OFFRE_COLUMNS}`;
const INSERT_EVENT = `insert into "events" ("id", "kind", "actor_id", "demande_id", "offre_id", "meet_session_id", "data", "created_at") values (default, $1, $2, $3, $4, $5, $6, default) returning ${EVENT_COLUMNS}`;
const NOTIFY = `select pg_notify($1, $2)`;
const INSERT_SESSION = `insert into "meet_sessions" ("id", "demande_id", "offre_id", "call_id", "demandeur_id", "prestataire_id", "status", "created_at") values (default, $1, $2, $3, $4, $5, default, default) returning ${SESSION_COLUMNS}`;

export type FloorAnswer = { accepted: true; meetSessionId: string } | { accepted: false };

interface EventValues {
  kind: string;
  actorId: string;
  demandeId: string;
  offreId: string;
  meetSessionId?: string;
  data?: Record<string, unknown>;
}

async function appendEvent(client: pg.PoolClient, event: EventValues): Promise<void> {
  const values = [event.kind, event.actorId, event.demandeId, event.offreId, event.meetSessionId ?? null, event.data ?? {}];
  const row = (await client.query(INSERT_EVENT, values)).rows[0];
  const announced = { id: row.id, kind: row.kind, demandeId: row.demande_id, offreId: row.offre_id, meetSessionId: row.meet_session_id };
  await client.query(NOTIFY, [EVENTS_CHANNEL, JSON.stringify(announced)]);
}

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
  const found = (await client.query(FIND_OFFRE, [offreId])).rows[0];
  const demande = (await client.query(LOCK_DEMANDE, [found.demande_id])).rows[0];
  const offre = (await client.query(LOCK_OFFRE, [offreId])).rows[0];
  if (demande.creator_id !== actorId) return { accepted: false };
  if (offre.status === 'accepted') {
    const session = (await client.query(FIND_SESSION, [offreId])).rows[0];
    return { accepted: true, meetSessionId: session.id };
  }
  if (demande.status !== 'open' || offre.status !== 'pending' || offre.expires_at <= now) return { accepted: false };

  const demandeId: string = demande.id;
  await client.query(SET_OFFRE_STATUS, ['accepted', now, offreId]);
  await client.query(SET_DEMANDE_STATUS, ['accepted', demandeId]);
  await appendEvent(client, { kind: 'offre.accepted', actorId, demandeId, offreId });
  const rejected = (await client.query(REJECT_PENDING, ['rejected', now, demandeId, 'pending'])).rows;
  for (const other of rejected) {
    await appendEvent(client, { kind: 'offre.rejected', actorId, demandeId, offreId: other.id, data: { reason: 'other_offre_accepted' } });
  }
  const sessionValues = [demandeId, offreId, callIdFor(offreId), demande.creator_id, offre.prestataire_id];
  const session = (await client.query(INSERT_SESSION, sessionValues)).rows[0];
  const meetSessionId: string = session.id;
  await appendEvent(client, { kind: 'meet_session.created', actorId, demandeId, offreId, meetSessionId, data: { callId: session.call_id } });
  return { accepted: true, meetSessionId };
}
