import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMeasured } from '../../bench/lib/figures.ts';
import { liveUpdatesBenchmark } from '../../bench/modules/live-updates.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { SERVER_TEST_TIMEOUT_MS, benchContext, expectEveryFigureANumber, figureById } from './bench-context.ts';

describe('bench: live-update latency (tiny size, postgres)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('postgres', { poolSize: 1 });
  });
  afterAll(() => database.close());

  it('times acceptances to the prestataire’s `changed` through a real Accord process, beside the LISTEN/NOTIFY floor', async () => {
    const size = { notifications: 20, acceptances: 5, otherSockets: 10, warmupAcceptances: 1 };
    const { figures } = await liveUpdatesBenchmark(size).run(benchContext(database.url!));

    expectEveryFigureANumber(figures);
    const p99 = figureById(figures, 'live.p99');
    expect(isMeasured(p99.accord) && p99.accord.median).toBeGreaterThan(0);
    expect(p99.floor!.median).toBeGreaterThan(0);
    expect(typeof p99.target?.met).toBe('boolean');
  }, SERVER_TEST_TIMEOUT_MS);
});
