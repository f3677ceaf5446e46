import { and, eq, ne, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demandeWithOffres, signUp, type TestApp } from '../../test/support/app.ts';
import { DATABASE_KINDS } from '../../test/support/databases.ts';
import { callIdFor } from '../sessions/call-id.ts';
import { insertMeetSession } from '../sessions/sessions.repo.ts';
import { postgresError } from './postgres-errors.ts';
import { inTransaction } from './transaction.ts';
import { offres } from './schema.ts';

/**
 * I4: with the application's checks bypassed (repository inserts and raw updates, no lock), the
 * database alone still refuses a second session or a second accepted offre.
 */
describe.each(DATABASE_KINDS)('the schema alone enforces I1 and I2 on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.close());

  async function acceptedDemande() {
    const camille = await signUp(t.app, 'Camille');
    const [hugo, lea] = [await signUp(t.app, 'Hugo'), await signUp(t.app, 'Léa')];
    const { demandeId, offreIds } = await demandeWithOffres(camille, [hugo, lea]);
    await camille.post(`/api/offres/${offreIds[0]}/accept`);
    return { demandeId, accepted: offreIds[0]!, other: offreIds[1]!, demandeurId: camille.user.id, hugoId: hugo.user.id, leaId: lea.user.id };
  }

  const violation = async (work: Promise<unknown>) => {
    const error = await work.then(() => undefined, (e: unknown) => e);
    return postgresError(error);
  };

  it('refuses a second session for the same offre', async () => {
    const { demandeId, accepted, demandeurId, hugoId } = await acceptedDemande();
    const error = await violation(
      inTransaction(t.database.db, (tx) => insertMeetSession(tx, { demandeId, offreId: accepted, callId: callIdFor(accepted), demandeurId, prestataireId: hugoId })),
    );
    expect(error?.code).toBe('23505');
  });

  it('refuses a second session for the same demande through another offre', async () => {
    const { demandeId, other, demandeurId, leaId } = await acceptedDemande();
    const error = await violation(
      inTransaction(t.database.db, (tx) => insertMeetSession(tx, { demandeId, offreId: other, callId: callIdFor(other), demandeurId, prestataireId: leaId })),
    );
    expect(error).toEqual({ code: '23505', constraint: 'meet_sessions_demande_unique' });
  });

  it('refuses a second accepted offre on a demande', async () => {
    const { demandeId, accepted } = await acceptedDemande();
    const error = await violation(
      t.database.db.update(offres).set({ status: 'accepted' }).where(and(eq(offres.demandeId, demandeId), ne(offres.id, accepted))),
    );
    expect(error).toEqual({ code: '23505', constraint: 'offres_one_accepted_per_demande' });
  });

  it('refuses a random callId and a session whose offre belongs to another demande', async () => {
    const first = await acceptedDemande();
    const second = await acceptedDemande();
    await t.database.db.execute(sql`delete from meet_sessions where demande_id = ${second.demandeId}`);
    const random = await violation(
      inTransaction(t.database.db, (tx) => insertMeetSession(tx, { demandeId: second.demandeId, offreId: second.accepted, callId: 'call_random', demandeurId: second.demandeurId, prestataireId: second.hugoId })),
    );
    expect(random).toEqual({ code: '23514', constraint: 'meet_sessions_call_id_derived' });
    const crossed = await violation(
      inTransaction(t.database.db, (tx) => insertMeetSession(tx, { demandeId: second.demandeId, offreId: first.other, callId: callIdFor(first.other), demandeurId: second.demandeurId, prestataireId: first.leaId })),
    );
    expect(crossed).toEqual({ code: '23503', constraint: 'meet_sessions_offre_of_demande_fk' });
  });
});

describe('racing inserts without any lock or check (PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('postgres', { poolSize: 10 });
  });
  afterAll(() => t.close());

  it('10 concurrent transactions creating sessions for one demande → exactly one commits', async () => {
    const camille = await signUp(t.app, 'Camille');
    const authors = await Promise.all(Array.from({ length: 10 }, (_, i) => signUp(t.app, `P${i}`)));
    const { demandeId, offreIds } = await demandeWithOffres(camille, authors);
    const attempts = offreIds.map((offreId, i) =>
      inTransaction(t.database.db, async (tx) => {
        await tx.update(offres).set({ status: 'accepted' }).where(eq(offres.id, offreId));
        await insertMeetSession(tx, { demandeId, offreId, callId: callIdFor(offreId), demandeurId: camille.user.id, prestataireId: authors[i]!.user.id });
      }),
    );
    const results = await Promise.allSettled(attempts);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(postgresError(r.reason)?.code).toBe('23505');
  });
});
