import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demandeWithOffres, signUp, type TestApp } from '../../test/support/app.ts';
import { DATABASE_KINDS } from '../../test/support/databases.ts';
import { postgresError } from './postgres-errors.ts';
import { queryRows, type Db, type Tx } from './client.ts';
import { inTransaction } from './transaction.ts';

/**
 * I4 and the rest of the schema: every constraint of the database, one test each. A test writes,
 * bypassing the application (plain SQL, no lock, no check), a row that breaks its constraint and
 * nothing else, and asserts that the database refuses it naming that constraint; then it drops the
 * constraint and asserts that the same write goes through. So a test fails when its own
 * constraint is missing, and cannot pass thanks to another one. Where one write cannot break a
 * constraint alone (a session's offre, demande and callId go together), the others it also breaks
 * are dropped first (`alone`), so its test does not depend on them. Everything happens in transactions that are rolled back: the
 * schema and the rows are the same for every test.
 */

interface World {
  camille: string;
  hugo: string;
  lea: string;
  ines: string;
  /** Accepted: o1 (Hugo) accepted with session s1, o2 (Léa) rejected. */
  d1: string;
  o1: string;
  o2: string;
  s1: string;
  /** Open: o3 (Hugo) and o4 (Léa) pending. */
  d2: string;
  o3: string;
  /** Open, no offre. */
  d3: string;
  /** s1's payment, attempt 1, live, with a provider checkout id. */
  p1: string;
  /** Camille's review of s1. */
  r1: string;
}

interface ConstraintCase {
  constraint: string;
  code: '23505' | '23503' | '23514';
  /** What the write tries, for the test's name. */
  refuses: string;
  /** Other constraints the same write necessarily breaks: dropped first, so this one stands alone. */
  alone?: string[];
  write: (w: World) => SQL;
}

const UNIQUE = '23505';
const FOREIGN_KEY = '23503';
const CHECK = '23514';

/** A copy of any row of `table`: refused by its primary key (and by its other unique keys, listed in `alone`). */
const copyOf = (table: string) => sql`insert into ${sql.identifier(table)} select * from ${sql.identifier(table)} limit 1`;
const primaryKey = (table: string, name = `${table}_pkey`, alone: string[] = []): ConstraintCase => ({
  constraint: name,
  code: UNIQUE,
  refuses: `a copy of a row of ${table}`,
  alone,
  write: () => copyOf(table),
});
const session = (s: { demande: SQL | string; offre: SQL | string; callId?: SQL | string; demandeur: SQL | string; prestataire: SQL | string }) =>
  sql`insert into meet_sessions (demande_id, offre_id, call_id, demandeur_id, prestataire_id)
      values (${s.demande}, ${s.offre}, ${s.callId ?? sql`'call_' || replace(${s.offre}::text, '-', '')`}, ${s.demandeur}, ${s.prestataire})`;
const nobody = sql`gen_random_uuid()`;

const cases: ConstraintCase[] = [
  primaryKey('schema_migrations'),

  primaryKey('users', 'users_pkey', ['users_email_unique']),
  {
    constraint: 'users_email_unique',
    code: UNIQUE,
    refuses: 'an account with a taken email in other letter case',
    write: (w) => sql`insert into users (email, password_hash, display_name) select upper(email), password_hash, 'Twin' from users where id = ${w.hugo}`,
  },

  primaryKey('auth_sessions'),
  {
    constraint: 'auth_sessions_user_id_users_id_fk',
    code: FOREIGN_KEY,
    refuses: 'a sign-in session of no account',
    write: () => sql`insert into auth_sessions (token_hash, user_id, expires_at) values ('orphan', ${nobody}, now())`,
  },
  primaryKey('login_failures'),
  primaryKey('sign_ups'),

  primaryKey('idempotency_keys'),
  {
    constraint: 'idempotency_keys_account_id_fkey',
    code: FOREIGN_KEY,
    refuses: 'an idempotency key of no account',
    write: () => sql`insert into idempotency_keys (account_id, key, fingerprint) values (${nobody}, 'orphan', 'x')`,
  },
  {
    constraint: 'idempotency_keys_key_check',
    code: CHECK,
    refuses: 'an empty idempotency key',
    write: (w) => sql`insert into idempotency_keys (account_id, key, fingerprint) values (${w.hugo}, '', 'x')`,
  },

  primaryKey('demandes'),
  {
    constraint: 'demandes_creator_id_users_id_fk',
    code: FOREIGN_KEY,
    refuses: 'a demande by no account',
    write: () => sql`insert into demandes (creator_id, title, description) values (${nobody}, 'Orpheline', '…')`,
  },
  { constraint: 'demandes_status_check', code: CHECK, refuses: 'an unknown demande status', write: (w) => sql`update demandes set status = 'closed' where id = ${w.d3}` },
  { constraint: 'demandes_budget_positive', code: CHECK, refuses: 'a budget of 0', write: (w) => sql`update demandes set budget_cents = 0 where id = ${w.d3}` },

  primaryKey('offres', 'offres_pkey', ['offres_one_accepted_per_demande', 'offres_one_live_per_prestataire', 'offres_id_demande_unique']),
  {
    // Redundant with the primary key by design: it is the target of meet_sessions_offre_of_demande_fk.
    constraint: 'offres_id_demande_unique',
    code: UNIQUE,
    refuses: 'a copy of an offre once its primary key is gone',
    alone: ['offres_pkey', 'offres_one_accepted_per_demande', 'offres_one_live_per_prestataire'],
    write: () => copyOf('offres'),
  },
  {
    constraint: 'offres_demande_id_demandes_id_fk',
    code: FOREIGN_KEY,
    refuses: 'an offre on no demande',
    write: (w) => sql`insert into offres (demande_id, prestataire_id, price_cents, message, expires_at) values (${nobody}, ${w.ines}, 5000, '…', now())`,
  },
  {
    constraint: 'offres_prestataire_id_users_id_fk',
    code: FOREIGN_KEY,
    refuses: 'an offre by no account',
    write: (w) => sql`insert into offres (demande_id, prestataire_id, price_cents, message, expires_at) values (${w.d3}, ${nobody}, 5000, '…', now())`,
  },
  { constraint: 'offres_status_check', code: CHECK, refuses: 'an unknown offre status', write: (w) => sql`update offres set status = 'maybe' where id = ${w.o3}` },
  { constraint: 'offres_price_positive', code: CHECK, refuses: 'a price of 0', write: (w) => sql`update offres set price_cents = 0 where id = ${w.o3}` },
  {
    constraint: 'offres_one_accepted_per_demande',
    code: UNIQUE,
    refuses: 'a second accepted offre on a demande (I1)',
    write: (w) => sql`update offres set status = 'accepted' where id = ${w.o2}`,
  },
  {
    constraint: 'offres_one_live_per_prestataire',
    code: UNIQUE,
    refuses: 'a second pending offre by one prestataire on one demande',
    write: (w) => sql`insert into offres (demande_id, prestataire_id, price_cents, message, expires_at) values (${w.d2}, ${w.hugo}, 5000, '…', now() + interval '1 day')`,
  },

  primaryKey('meet_sessions', 'meet_sessions_pkey', ['meet_sessions_offre_unique', 'meet_sessions_demande_unique', 'meet_sessions_call_unique']),
  {
    // The same offre means the same demande (composite key) and the same callId (derived): those go first.
    constraint: 'meet_sessions_offre_unique',
    code: UNIQUE,
    refuses: 'a second session for the same offre (I2)',
    alone: ['meet_sessions_demande_unique', 'meet_sessions_call_unique'],
    write: (w) => session({ demande: w.d1, offre: w.o1, demandeur: w.camille, prestataire: w.hugo }),
  },
  {
    constraint: 'meet_sessions_demande_unique',
    code: UNIQUE,
    refuses: 'a second session for the same demande through another offre (I2)',
    write: (w) => session({ demande: w.d1, offre: w.o2, demandeur: w.camille, prestataire: w.lea }),
  },
  {
    constraint: 'meet_sessions_call_unique',
    code: UNIQUE,
    refuses: 'a second session with the same callId',
    alone: ['meet_sessions_offre_unique', 'meet_sessions_demande_unique'],
    write: (w) => session({ demande: w.d1, offre: w.o1, demandeur: w.camille, prestataire: w.hugo }),
  },
  {
    constraint: 'meet_sessions_offre_of_demande_fk',
    code: FOREIGN_KEY,
    refuses: 'a session whose offre belongs to another demande',
    write: (w) => session({ demande: w.d3, offre: w.o3, demandeur: w.camille, prestataire: w.hugo }),
  },
  {
    constraint: 'meet_sessions_call_id_derived',
    code: CHECK,
    refuses: 'a callId not derived from the offre',
    write: (w) => session({ demande: w.d2, offre: w.o3, callId: 'call_random', demandeur: w.camille, prestataire: w.hugo }),
  },
  {
    constraint: 'meet_sessions_two_people',
    code: CHECK,
    refuses: 'a session of one person with themself',
    write: (w) => session({ demande: w.d2, offre: w.o3, demandeur: w.hugo, prestataire: w.hugo }),
  },
  { constraint: 'meet_sessions_status_check', code: CHECK, refuses: 'an unknown session status', write: (w) => sql`update meet_sessions set status = 'done' where id = ${w.s1}` },
  {
    constraint: 'meet_sessions_demandeur_id_users_id_fk',
    code: FOREIGN_KEY,
    refuses: 'a session whose demandeur is no account',
    write: (w) => session({ demande: w.d2, offre: w.o3, demandeur: nobody, prestataire: w.hugo }),
  },
  {
    constraint: 'meet_sessions_prestataire_id_users_id_fk',
    code: FOREIGN_KEY,
    refuses: 'a session whose prestataire is no account',
    write: (w) => session({ demande: w.d2, offre: w.o3, demandeur: w.camille, prestataire: nobody }),
  },

  primaryKey('events'),

  primaryKey('notifications'),
  ...(['user', 'demande', 'offre', 'meet_session'] as const).map(
    (column): ConstraintCase => ({
      constraint: `notifications_${column}_id_${column === 'user' ? 'users' : column === 'meet_session' ? 'meet_sessions' : `${column}s`}_id_fk`,
      code: FOREIGN_KEY,
      refuses: `a notification about no ${column.replace('_', ' ')}`,
      write: (w) =>
        sql`insert into notifications (user_id, kind, demande_id, offre_id, meet_session_id) values (${column === 'user' ? nobody : w.camille}, 'test',
            ${column === 'demande' ? nobody : w.d1}, ${column === 'offre' ? nobody : w.o1}, ${column === 'meet_session' ? nobody : w.s1})`,
    }),
  ),

  primaryKey('bus_messages'),

  primaryKey('payments', 'payments_pkey', ['payments_session_attempt_unique', 'payments_one_live_per_session', 'payments_provider_checkout_unique']),
  {
    constraint: 'payments_session_attempt_unique',
    code: UNIQUE,
    refuses: "a session's attempt number twice",
    write: (w) => sql`insert into payments (meet_session_id, attempt, provider, status, amount_cents) values (${w.s1}, 1, 'sandbox', 'failed', 5000)`,
  },
  {
    constraint: 'payments_one_live_per_session',
    code: UNIQUE,
    refuses: 'a second live payment attempt for one session',
    write: (w) => sql`insert into payments (meet_session_id, attempt, provider, status, amount_cents) values (${w.s1}, 2, 'sandbox', 'requires_payment', 5000)`,
  },
  {
    constraint: 'payments_provider_checkout_unique',
    code: UNIQUE,
    refuses: "a provider's checkout id on two payments",
    write: (w) =>
      sql`insert into payments (meet_session_id, attempt, provider, status, amount_cents, provider_checkout_id) values (${w.s1}, 2, 'sandbox', 'failed', 5000, 'cs_fixture')`,
  },
  { constraint: 'payments_status_check', code: CHECK, refuses: 'an unknown payment status', write: (w) => sql`update payments set status = 'paid' where id = ${w.p1}` },
  { constraint: 'payments_provider_check', code: CHECK, refuses: 'an unknown provider', write: (w) => sql`update payments set provider = 'paypal' where id = ${w.p1}` },
  { constraint: 'payments_amount_positive', code: CHECK, refuses: 'an amount of 0', write: (w) => sql`update payments set amount_cents = 0 where id = ${w.p1}` },
  { constraint: 'payments_attempt_positive', code: CHECK, refuses: 'attempt number 0', write: (w) => sql`update payments set attempt = 0 where id = ${w.p1}` },
  {
    constraint: 'payments_meet_session_id_meet_sessions_id_fk',
    code: FOREIGN_KEY,
    refuses: 'a payment of no session',
    write: () => sql`insert into payments (meet_session_id, attempt, provider, status, amount_cents) values (${nobody}, 1, 'sandbox', 'failed', 5000)`,
  },
  primaryKey('payment_webhook_events', 'payment_webhook_events_pk'),

  primaryKey('meet_reviews', 'meet_reviews_pkey', ['meet_reviews_one_per_author']),
  {
    constraint: 'meet_reviews_one_per_author',
    code: UNIQUE,
    refuses: 'a second review by one participant of one session',
    write: (w) => sql`insert into meet_reviews (meet_session_id, author_id, rating) values (${w.s1}, ${w.camille}, 4)`,
  },
  { constraint: 'meet_reviews_rating_range', code: CHECK, refuses: 'a rating of 6', write: (w) => sql`update meet_reviews set rating = 6 where id = ${w.r1}` },
  {
    constraint: 'meet_reviews_meet_session_id_meet_sessions_id_fk',
    code: FOREIGN_KEY,
    refuses: 'a review of no session',
    write: (w) => sql`insert into meet_reviews (meet_session_id, author_id, rating) values (${nobody}, ${w.hugo}, 4)`,
  },
  {
    constraint: 'meet_reviews_author_id_users_id_fk',
    code: FOREIGN_KEY,
    refuses: 'a review by no account',
    write: (w) => sql`insert into meet_reviews (meet_session_id, author_id, rating) values (${w.s1}, ${nobody}, 4)`,
  },
];

/** Drops a constraint, or a unique index that backs none (partial and expression indexes). */
async function dropConstraint(tx: Tx, name: string, ifExists = false): Promise<void> {
  const [owner] = await queryRows<{ table: string }>(
    tx,
    sql`select conrelid::regclass::text as table from pg_constraint where conname = ${name} and connamespace = 'public'::regnamespace`,
  );
  if (owner) return void (await tx.execute(sql`alter table ${sql.identifier(owner.table)} drop constraint ${sql.identifier(name)} cascade`));
  const [index] = await queryRows(tx, sql`select 1 from pg_indexes where schemaname = 'public' and indexname = ${name}`);
  if (!index && ifExists) return;
  if (!index) throw new Error(`no constraint or unique index named ${name}`);
  await tx.execute(sql`drop index ${sql.identifier(name)}`);
}

class RolledBack extends Error {}

/**
 * Drops `alone` (those already missing are skipped: the test of each one says so) and `tested`,
 * tries `write`, rolls everything back; the PostgreSQL error it met, if any.
 */
async function attempt(db: Db, alone: string[], write: SQL, tested?: string): Promise<ReturnType<typeof postgresError>> {
  let refusal: ReturnType<typeof postgresError>;
  await inTransaction(db, async (tx) => {
      for (const name of alone) await dropConstraint(tx, name, true);
      if (tested) await dropConstraint(tx, tested);
      refusal = await tx.execute(write).then(
        () => undefined,
        (error: unknown) => postgresError(error) ?? Promise.reject(error),
      );
      throw new RolledBack();
    }).catch((error: unknown) => {
      if (!(error instanceof RolledBack)) throw error;
    });
  return refusal;
}

describe.each(DATABASE_KINDS)('each constraint alone refuses what it names, on %s', (kind) => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const [camille, hugo, lea, ines] = [await signUp(t.app, 'Camille'), await signUp(t.app, 'Hugo'), await signUp(t.app, 'Léa'), await signUp(t.app, 'Inès')];
    const accepted = await demandeWithOffres(camille, [hugo, lea]);
    const acceptance = await camille.post(`/api/offres/${accepted.offreIds[0]}/accept`);
    expect(acceptance.statusCode).toBe(200);
    const open = await demandeWithOffres(camille, [hugo, lea]);
    const empty = await camille.post('/api/demandes', { title: 'Sans offre', description: '…' });
    const s1: string = acceptance.json().meetSessionId;
    const db = t.database.db;
    const [p1] = await queryRows<{ id: string }>(
      db,
      sql`insert into payments (meet_session_id, attempt, provider, amount_cents, provider_checkout_id) values (${s1}, 1, 'sandbox', 5000, 'cs_fixture') returning id`,
    );
    const [r1] = await queryRows<{ id: string }>(db, sql`insert into meet_reviews (meet_session_id, author_id, rating) values (${s1}, ${camille.user.id}, 5) returning id`);
    await db.execute(sql`insert into payment_webhook_events (provider, event_id, type) values ('sandbox', 'evt_fixture', 'checkout.completed')`);
    await db.execute(sql`insert into bus_messages (channel, payload) values ('test', '{}')`);
    await db.execute(sql`insert into login_failures (account_key, ip) values ('someone', '127.0.0.1')`);
    await db.execute(sql`insert into idempotency_keys (account_id, key, fingerprint) values (${camille.user.id}, 'fixture', 'x')`);
    w = {
      camille: camille.user.id,
      hugo: hugo.user.id,
      lea: lea.user.id,
      ines: ines.user.id,
      d1: accepted.demandeId,
      o1: accepted.offreIds[0]!,
      o2: accepted.offreIds[1]!,
      s1,
      d2: open.demandeId,
      o3: open.offreIds[0]!,
      d3: empty.json().demande.id,
      p1: p1!.id,
      r1: r1!.id,
    };
  });
  afterAll(() => t.close());

  it('every constraint and unique index of the database has its test below', async () => {
    const inDatabase = await queryRows<{ name: string }>(
      t.database.db,
      sql`select conname as name from pg_constraint where connamespace = 'public'::regnamespace and contype in ('p', 'u', 'f', 'c', 'x')
          union
          select c.relname from pg_index i join pg_class c on c.oid = i.indexrelid
          where c.relnamespace = 'public'::regnamespace and i.indisunique
            and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid and k.contype in ('p', 'u', 'x'))`,
    );
    expect(inDatabase.map((row) => row.name).sort()).toEqual(cases.map((c) => c.constraint).sort());
  });

  for (const { constraint, code, refuses, alone = [], write } of cases) {
    it(`${constraint} refuses ${refuses}, and the same write passes once it is dropped`, async () => {
      expect(await attempt(t.database.db, alone, write(w))).toEqual({ code, constraint });
      expect(await attempt(t.database.db, alone, write(w), constraint)).toBeUndefined();
    });
  }
});
