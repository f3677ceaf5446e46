import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMeasured } from '../../bench/lib/figures.ts';
import { insertDemandesWithOffres } from '../../bench/lib/fixtures.ts';
import { acceptanceBenchmark } from '../../bench/modules/acceptance.ts';
import { countDuplicates } from '../../bench/modules/acceptance-checks.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { SERVER_TEST_TIMEOUT_MS, benchContext, expectEveryFigureANumber, figureById } from './bench-context.ts';

describe('bench: acceptance under contention (tiny size, postgres)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('postgres', { poolSize: 1 });
  });
  afterAll(() => database.close());

  it('races 5 demandes through a real Accord process and its floor with 0 duplicates, every figure a number', async () => {
    const size = { demandes: 5, offresPerDemande: 5, clientsPerDemande: 10, concurrency: 10, warmupDemandes: 0 };
    const { figures } = await acceptanceBenchmark(size).run(benchContext(database.url!));

    expectEveryFigureANumber(figures);
    for (const id of ['acceptance.duplicates', 'acceptance.unexpected']) {
      const { accord } = figureById(figures, id);
      expect(isMeasured(accord) && accord.max, id).toBe(0);
    }
    // Each of the 5 demandes raced through Accord, then 5 through the floor, ended with one winner.
    const pool = new pg.Pool({ connectionString: database.url!, max: 1 });
    const { rows } = await pool.query(`select (select count(*) from meet_sessions)::int as sessions,
      (select count(*) from offres where status = 'accepted')::int as accepted, (select count(*) from demandes)::int as demandes`);
    await pool.end();
    expect(rows[0]).toEqual({ sessions: 10, accepted: 10, demandes: 10 });
  }, SERVER_TEST_TIMEOUT_MS);

  it('counts an answer that names another session than the database holds', async () => {
    const pool = new pg.Pool({ connectionString: database.url!, max: 1 });
    try {
      const [demande] = await insertDemandesWithOffres(pool, { demandes: 1, offresPerDemande: 2, clientsPerDemande: 1 });
      const forged = [{ attempt: { demande: demande! }, answer: { kind: 'accepted', meetSessionId: crypto.randomUUID() } }];
      const counts = await countDuplicates(pool, forged);
      expect(counts.answersNamingAnotherSession).toBe(1);
      expect(counts.total).toBe(1);
      expect(counts.demandesWithoutSession).toBe(1);
    } finally {
      await pool.end();
    }
  });
});
