import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demandeWithOffres, signUp, type Client, type TestApp } from '../../test/support/app.ts';
import { HttpClient, listen, type HttpAnswer } from '../../test/support/http.ts';
import { queryRows } from '../db/client.ts';
import { runDoctor } from '../doctor/doctor.ts';

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
