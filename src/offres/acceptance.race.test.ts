import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demandeWithOffres, signUp, type Client, type TestApp } from '../../test/support/app.ts';
import { DATABASE_KINDS } from '../../test/support/databases.ts';
import { HttpClient, listen, type HttpAnswer } from '../../test/support/http.ts';
import { queryRows } from '../db/client.ts';
import { runDoctor } from '../doctor/doctor.ts';
import { postgresError } from '../db/postgres-errors.ts';

// Real concurrency needs real connections: PostgreSQL, a listening server, one socket per request.
describe('acceptance under real concurrency (PostgreSQL)', () => {
  let t: TestApp;
  let baseUrl: string;
  let camille: Client;
  let prestataires: Client[];

  beforeAll(async () => {
    t = await createTestApp('postgres', { poolSize: 20 });
    baseUrl = await listen(t.app);
    camille = await signUp(t.app, 'Camille');
    prestataires = await Promise.all(['Hugo', 'Léa', 'Inès', 'Malik', 'Zoé'].map((name) => signUp(t.app, name)));
  });
  afterAll(() => t.close());

  /** The person over a socket of their own per request, for real concurrency. */
  const as = (client: Client) => (method: 'GET' | 'POST', path: string, body?: unknown) => HttpClient.of(baseUrl, client).request(method, path, body);
  /** Every invariant `npm run doctor` checks (I1, I2, states, ledger), over the whole database. */
  const violations = async () => (await runDoctor(t.database.db, 'postgres')).checks.filter((check) => !check.ok).map((check) => check.id);
  const sessionsOf = async (demandeId: string) =>
    queryRows<{ id: string; call_id: string }>(t.database.db, sql`select id, call_id from meet_sessions where demande_id = ${demandeId}`);

  it('50 simultaneous accepts of one offre → one session, 50 identical answers', async () => {
    const { demandeId, offreIds } = await demandeWithOffres(camille, prestataires.slice(0, 2));
    const answers = await Promise.all(Array.from({ length: 50 }, () => as(camille)('POST', `/api/offres/${offreIds[0]}/accept`)));
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
    const distinct = new Set(answers.map((a) => JSON.stringify(a.body)));
    expect(distinct.size).toBe(1);
    const sessions = await sessionsOf(demandeId);
    expect(sessions).toHaveLength(1);
    expect(answers[0]!.body).toEqual({ success: true, meetSessionId: sessions[0]!.id, callId: sessions[0]!.call_id });
    expect(await violations()).toEqual([]);
  });

  it('simultaneous accepts of 5 different offres → exactly one accepted, the others 409, every other offre rejected', async () => {
    const { demandeId, offreIds } = await demandeWithOffres(camille, prestataires);
    const answers = await Promise.all(offreIds.map((id) => as(camille)('POST', `/api/offres/${id}/accept`)));
    const winners = answers.filter((a) => a.status === 200);
    expect(winners).toHaveLength(1);
    const losers = answers.filter((a) => a.status !== 200);
    expect(losers.map((a) => [a.status, a.body.error.code])).toEqual(Array(4).fill([409, 'DEMANDE_ALREADY_HAS_ACCEPTED_OFFRE']));

    const statuses = await queryRows<{ status: string; n: number }>(
      t.database.db,
      sql`select status, count(*)::int as n from offres where demande_id = ${demandeId} group by status`,
    );
    expect(Object.fromEntries(statuses.map((s) => [s.status, Number(s.n)]))).toEqual({ accepted: 1, rejected: 4 });
    expect(await sessionsOf(demandeId)).toEqual([{ id: winners[0]!.body.meetSessionId, call_id: winners[0]!.body.callId }]);
  });

  type Action = { kind: 'accept' | 'reject' | 'withdraw' | 'expire'; offre: number } | { kind: 'cancel' };

  async function run(action: Action, demandeId: string, offreIds: string[], authors: Client[]): Promise<HttpAnswer | undefined> {
    switch (action.kind) {
      case 'accept':
      case 'reject':
        return as(camille)('POST', `/api/offres/${offreIds[action.offre]}/${action.kind}`);
      case 'withdraw':
        return as(authors[action.offre]!)('POST', `/api/offres/${offreIds[action.offre]}/withdraw`);
      case 'cancel':
        return as(camille)('POST', `/api/demandes/${demandeId}/cancel`);
      case 'expire':
        await t.database.db.execute(sql`update offres set expires_at = now() where id = ${offreIds[action.offre]}`);
        return undefined;
    }
  }

  it('accept racing accept, withdraw, reject, cancel and expiry, 200 random rounds → I1 and I2 hold after each', async () => {
    const action = (offres: number): fc.Arbitrary<Action> =>
      fc.oneof(
        { weight: 4, arbitrary: fc.record({ kind: fc.constant('accept' as const), offre: fc.nat(offres - 1) }) },
        fc.record({ kind: fc.constantFrom('reject' as const, 'withdraw' as const, 'expire' as const), offre: fc.nat(offres - 1) }),
        fc.constant({ kind: 'cancel' as const }),
      );
    const round = fc.integer({ min: 2, max: 5 }).chain((offres) => fc.tuple(fc.constant(offres), fc.array(action(offres), { minLength: 2, maxLength: 10 })));

    await fc.assert(
      fc.asyncProperty(round, async ([offreCount, actions]) => {
        const authors = prestataires.slice(0, offreCount);
        const { demandeId, offreIds } = await demandeWithOffres(camille, authors);
        const answers = (await Promise.all(actions.map((a) => run(a, demandeId, offreIds, authors)))).filter((a) => a !== undefined);

        expect(answers.filter((a) => a.status >= 500)).toEqual([]);
        const sessionIds = new Set(answers.filter((a) => a.body?.meetSessionId).map((a) => a.body.meetSessionId));
        expect(sessionIds.size).toBeLessThanOrEqual(1);
        expect(await violations()).toEqual([]);
        const [cancelledWithSession] = await queryRows<{ n: number }>(
          t.database.db,
          sql`select count(*)::int as n from meet_sessions s join demandes d on d.id = s.demande_id
              join offres o on o.id = s.offre_id where d.status = 'cancelled' or o.status = 'withdrawn'`,
        );
        expect(Number(cancelledWithSession!.n)).toBe(0);
      }),
      { numRuns: 200 },
    );
  }, 600_000);
});


/**
 * The lock, seen from outside: another transaction holds the demande's row exactly as an
 * acceptance does, and each decision on that demande is found waiting on it, at the statement that
 * takes it (not at some later write that happens to touch the same row), until it is released.
 * PostgreSQL only: PGlite has one connection, so no second transaction can hold a lock meanwhile.
 */
describe('the demande row lock serializes every decision on its offres (PostgreSQL)', () => {
  let t: TestApp;
  let baseUrl: string;
  let camille: Client;
  let hugo: Client;
  let lea: Client;
  let ines: Client;

  beforeAll(async () => {
    t = await createTestApp('postgres', { poolSize: 10 });
    baseUrl = await listen(t.app);
    camille = await signUp(t.app, 'Camille');
    [hugo, lea, ines] = [await signUp(t.app, 'Hugo'), await signUp(t.app, 'Léa'), await signUp(t.app, 'Inès')];
  });
  afterAll(() => t.close());

  /** A second connection holding `select … for update` on the demande, in an open transaction. */
  async function holdDemandeLock(demandeId: string) {
    const holder = new pg.Client({ connectionString: t.url });
    await holder.connect();
    await holder.query('begin');
    await holder.query('select 1 from demandes where id = $1 for update', [demandeId]);
    const [{ pid }] = (await holder.query<{ pid: number }>('select pg_backend_pid() as pid')).rows as [{ pid: number }];
    return {
      pid,
      async release() {
        await holder.query('commit');
        await holder.end();
      },
    };
  }

  /** The statements blocked by `pid`, once there is one (polling pg_stat_activity). */
  async function blockedBy(pid: number): Promise<string[]> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const rows = await queryRows<{ query: string }>(
        t.database.db,
        sql`select query from pg_stat_activity where datname = current_database() and ${pid} = any(pg_blocking_pids(pid))`,
      );
      if (rows.length > 0) return rows.map((row) => row.query);
      if (Date.now() > deadline) throw new Error(`no statement waited on the transaction holding the demande's lock`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  const decisions: [string, (ids: { demandeId: string; offreIds: string[] }) => Promise<HttpAnswer>, number][] = [
    ['accept', ({ offreIds }) => HttpClient.of(baseUrl, camille).request('POST', `/api/offres/${offreIds[0]}/accept`), 200],
    ['reject', ({ offreIds }) => HttpClient.of(baseUrl, camille).request('POST', `/api/offres/${offreIds[0]}/reject`), 200],
    ['withdraw', ({ offreIds }) => HttpClient.of(baseUrl, hugo).request('POST', `/api/offres/${offreIds[0]}/withdraw`), 200],
    ['cancel', ({ demandeId }) => HttpClient.of(baseUrl, camille).request('POST', `/api/demandes/${demandeId}/cancel`), 200],
    [
      'propose',
      ({ demandeId }) => HttpClient.of(baseUrl, ines).request('POST', `/api/demandes/${demandeId}/offres`, { priceCents: 4500, message: 'Demain matin.' }),
      201,
    ],
  ];

  it.each(decisions)('%s waits, at the statement locking the demande row, until the transaction holding that lock ends', async (_name, decide, status) => {
    const ids = await demandeWithOffres(camille, [hugo, lea]);
    const lock = await holdDemandeLock(ids.demandeId);
    let settled = false;
    const answer = decide(ids).finally(() => (settled = true));
    try {
      const waiting = await blockedBy(lock.pid);
      expect(waiting).toHaveLength(1);
      // The demande's own lock (`for update`, or `for share` when proposing), not a later write.
      expect(waiting[0]).toMatch(/from "demandes".*for (update|share)\s*$/is);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(settled).toBe(false);
    } finally {
      await lock.release();
    }
    expect((await answer).status).toBe(status);
  });

  it('an accept and a reject of two offres of one demande both queue on its row lock, and agree whichever goes first', async () => {
    const ids = await demandeWithOffres(camille, [hugo, lea]);
    const lock = await holdDemandeLock(ids.demandeId);
    const accept = HttpClient.of(baseUrl, camille).request('POST', `/api/offres/${ids.offreIds[0]}/accept`);
    let reject: Promise<HttpAnswer>;
    try {
      await blockedBy(lock.pid);
      reject = HttpClient.of(baseUrl, camille).request('POST', `/api/offres/${ids.offreIds[1]}/reject`);
      // Both queue on the row (the second behind the first, on the row's tuple lock); once it is
      // released, whichever goes first, the other sees its outcome.
      await expect
        .poll(async () => (await queryRows(t.database.db, sql`select pid from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`)).length)
        .toBe(2);
    } finally {
      await lock.release();
    }
    const [accepted, rejected] = await Promise.all([accept, reject]);
    expect(accepted.status).toBe(200);
    expect([rejected.status, rejected.body?.error?.code]).toSatisfy(
      ([s, code]: [number, string | undefined]) => s === 200 || (s === 409 && code === 'OFFRE_NOT_PENDING'),
    );
    const statuses = await queryRows<{ status: string }>(t.database.db, sql`select status from offres where demande_id = ${ids.demandeId} order by status`);
    expect(statuses.map((s) => s.status)).toEqual(['accepted', 'rejected']);
  });
});

/**
 * The lock alone: this database has none of the unique keys behind I1 and I2, so nothing but the
 * demande's row lock (and the checks made under it) stands between racing acceptances.
 */
describe('without the unique indexes, the lock alone keeps one accepted offre and one session (PostgreSQL)', () => {
  let t: TestApp;
  let baseUrl: string;
  let camille: Client;
  let prestataires: Client[];

  beforeAll(async () => {
    t = await createTestApp('postgres', { poolSize: 20 });
    baseUrl = await listen(t.app);
    await t.database.db.execute(sql`drop index offres_one_accepted_per_demande`);
    await t.database.db.execute(
      sql`alter table meet_sessions drop constraint meet_sessions_offre_unique, drop constraint meet_sessions_demande_unique, drop constraint meet_sessions_call_unique`,
    );
    camille = await signUp(t.app, 'Camille');
    prestataires = await Promise.all(Array.from({ length: 8 }, (_, i) => signUp(t.app, `P${i}`)));
  });
  afterAll(() => t.close());

  it('the unique keys are really gone', async () => {
    const left = await queryRows<{ name: string }>(
      t.database.db,
      sql`select indexrelid::regclass::text as name from pg_index where indisunique and indrelid in ('offres'::regclass, 'meet_sessions'::regclass)`,
    );
    expect(left.map((row) => row.name).sort()).toEqual(['meet_sessions_pkey', 'offres_id_demande_unique', 'offres_one_live_per_prestataire', 'offres_pkey']);
  });

  it('5 rounds of 8 offres of one demande accepted at once, each twice → one accepted, one session, every repeat the same answer', async () => {
    for (let round = 0; round < 5; round++) {
      const { demandeId, offreIds } = await demandeWithOffres(camille, prestataires);
      const attempts = [...offreIds, ...offreIds].map((id) => HttpClient.of(baseUrl, camille).request('POST', `/api/offres/${id}/accept`));
      const answers = await Promise.all(attempts);
      const winners = answers.filter((a) => a.status === 200);
      expect(new Set(winners.map((a) => JSON.stringify(a.body))).size).toBe(1);
      expect(answers.filter((a) => a.status !== 200).map((a) => [a.status, a.body.error.code])).toEqual(
        Array(16 - winners.length).fill([409, 'DEMANDE_ALREADY_HAS_ACCEPTED_OFFRE']),
      );
      const statuses = await queryRows<{ status: string; n: number }>(
        t.database.db,
        sql`select status, count(*)::int as n from offres where demande_id = ${demandeId} group by status`,
      );
      expect(Object.fromEntries(statuses.map((s) => [s.status, Number(s.n)]))).toEqual({ accepted: 1, rejected: 7 });
      const sessions = await queryRows<{ id: string }>(t.database.db, sql`select id from meet_sessions where demande_id = ${demandeId}`);
      expect(sessions).toEqual([{ id: winners[0]!.body.meetSessionId }]);
    }
  });
});

/**
 * The constraints alone: racing transactions that skip the application (no lock, no check, plain
 * SQL) are refused by the database, and the refusal names the constraint. On PGlite the
 * transactions share its one connection, so they interleave statement by statement at most.
 */
describe.each(DATABASE_KINDS)('racing writes with no lock and no check: the database alone refuses (%s)', (kind) => {
  let t: TestApp;
  let camille: Client;
  let prestataires: Client[];

  beforeAll(async () => {
    t = await createTestApp(kind, { poolSize: 12 });
    camille = await signUp(t.app, 'Camille');
    prestataires = await Promise.all(Array.from({ length: 8 }, (_, i) => signUp(t.app, `P${i}`)));
  });
  afterAll(() => t.close());

  /** Runs every write in its own transaction, all at once; each holds its write a moment before committing. */
  async function race(writes: ReturnType<typeof sql>[]) {
    const results = await Promise.allSettled(
      writes.map((write) =>
        t.database.db.transaction(async (tx) => {
          await tx.execute(write);
          await tx.execute(sql`select pg_sleep(0.05)`);
        }),
      ),
    );
    return {
      committed: results.filter((r) => r.status === 'fulfilled').length,
      refusals: results.flatMap((r) => (r.status === 'rejected' ? [postgresError(r.reason) ?? r.reason] : [])),
    };
  }

  const sessionFor = (offreId: string) =>
    sql`insert into meet_sessions (demande_id, offre_id, call_id, demandeur_id, prestataire_id)
        select o.demande_id, o.id, 'call_' || replace(o.id::text, '-', ''), d.creator_id, o.prestataire_id
        from offres o join demandes d on d.id = o.demande_id where o.id = ${offreId}`;

  it('8 transactions each setting a different offre of one demande to accepted → one commits, 7 refused by offres_one_accepted_per_demande', async () => {
    const { demandeId, offreIds } = await demandeWithOffres(camille, prestataires);
    const { committed, refusals } = await race(offreIds.map((id) => sql`update offres set status = 'accepted' where id = ${id}`));
    expect(committed).toBe(1);
    expect(refusals).toEqual(Array(7).fill({ code: '23505', constraint: 'offres_one_accepted_per_demande' }));
    const [accepted] = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from offres where demande_id = ${demandeId} and status = 'accepted'`);
    expect(Number(accepted!.n)).toBe(1);
  });

  it('8 transactions each creating a session for a different offre of one demande → one commits, 7 refused by meet_sessions_demande_unique', async () => {
    const { demandeId, offreIds } = await demandeWithOffres(camille, prestataires);
    const { committed, refusals } = await race(offreIds.map(sessionFor));
    expect(committed).toBe(1);
    expect(refusals).toEqual(Array(7).fill({ code: '23505', constraint: 'meet_sessions_demande_unique' }));
    expect(await queryRows(t.database.db, sql`select id from meet_sessions where demande_id = ${demandeId}`)).toHaveLength(1);
  });

  it('8 transactions each creating a session for the same offre → one commits, 7 refused by meet_sessions_offre_unique', async () => {
    const { offreIds } = await demandeWithOffres(camille, prestataires.slice(0, 2));
    const { committed, refusals } = await race(Array.from({ length: 8 }, () => sessionFor(offreIds[0]!)));
    expect(committed).toBe(1);
    expect(refusals).toEqual(Array(7).fill({ code: '23505', constraint: 'meet_sessions_offre_unique' }));
  });
});
