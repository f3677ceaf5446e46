import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptWithBareStatements } from '../../bench/floors/acceptance-floor.ts';
import { actorsOf, insertDemandesWithOffres, type DemandeFixture } from '../../bench/lib/fixtures.ts';
import type { Db } from '../../src/db/client.ts';
import * as schema from '../../src/db/schema.ts';
import { inTransaction } from '../../src/db/transaction.ts';
import { acceptOffre } from '../../src/offres/offres.service.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

/** Runs `work` on a one-connection pool that records the SQL text of every statement it sends. */
async function recordStatements(url: string, work: (pool: pg.Pool) => Promise<unknown>): Promise<string[]> {
  const sent: string[] = [];
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    client.query = ((config: string | { text: string }, ...rest: unknown[]) => {
      sent.push((typeof config === 'string' ? config : config.text).replace(/\s+/g, ' ').trim());
      return query(config, ...rest);
    }) as typeof client.query;
  });
  try {
    // A refused acceptance throws (409 on Accord's side): what it sent until then is the point.
    await work(pool).catch(() => {});
  } finally {
    await pool.end();
  }
  return sent;
}

describe('bench: the acceptance floor sends, statement for statement, the SQL Accord sends (postgres)', () => {
  let database: TestDatabase;
  let fixtures: DemandeFixture[];
  beforeAll(async () => {
    database = await createTestDatabase('postgres', { poolSize: 1 });
    const pool = new pg.Pool({ connectionString: database.url!, max: 1 });
    fixtures = await insertDemandesWithOffres(pool, { demandes: 2, offresPerDemande: 5, clientsPerDemande: 1 });
    await pool.end();
  });
  afterAll(() => database.close());

  const accord = async (demande: DemandeFixture, offreIndex: number) => {
    const pool = new pg.Pool({ connectionString: database.url!, max: 1 });
    const actor = (await actorsOf(pool, [demande.creatorId])).get(demande.creatorId)!;
    await pool.end();
    return recordStatements(database.url!, (recorded) =>
      inTransaction(drizzle(recorded, { schema }) as unknown as Db, (tx) => acceptOffre(tx, actor, demande.offreIds[offreIndex]!)),
    );
  };
  const floor = (demande: DemandeFixture, offreIndex: number) =>
    recordStatements(database.url!, (recorded) => acceptWithBareStatements(recorded, demande.creatorId, demande.offreIds[offreIndex]!));

  it('the same statements, in the same order: winner, repeat of the winner, rival offre', async () => {
    const [forAccord, forFloor] = fixtures as [DemandeFixture, DemandeFixture];
    const outcomes = { winner: [0, 'commit', 13], repeat: [0, 'commit', 5], rival: [1, 'rollback', 4] } as const;
    for (const [path, [offreIndex, ending, statements]] of Object.entries(outcomes)) {
      const [accordSql, floorSql] = [await accord(forAccord, offreIndex), await floor(forFloor, offreIndex)];
      // Each path really ran to its end (a broken fixture would make both sides fail alike, early).
      expect([accordSql.length, accordSql.at(-1)], path).toEqual([statements, ending]);
      expect(floorSql, path).toEqual(accordSql);
    }
  });
});
