import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMeasured } from '../../bench/lib/figures.ts';
import { readPathBenchmark } from '../../bench/modules/read-path.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { SERVER_TEST_TIMEOUT_MS, benchContext, expectEveryFigureANumber, figureById } from './bench-context.ts';

describe('bench: HTTP read path (tiny size, postgres)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('postgres', { poolSize: 1 });
  });
  afterAll(() => database.close());

  // The module first checks that its bare floor answers the same body as Accord: a change to the
  // offres DTO that the floor does not follow fails here.
  it('loads Accord and its bare floor for a second each, without a failed request', async () => {
    const size = { demandes: 5, offresPerDemande: 5, connections: 4, seconds: 1, warmupSeconds: 0 };
    const { figures } = await readPathBenchmark(size).run(benchContext(database.url!));

    expectEveryFigureANumber(figures);
    const failures = figureById(figures, 'read.failures').accord;
    expect(isMeasured(failures) && failures.max).toBe(0);
    const throughput = figureById(figures, 'read.throughput').accord;
    expect(isMeasured(throughput) && throughput.median).toBeGreaterThan(0);
  }, SERVER_TEST_TIMEOUT_MS);
});
