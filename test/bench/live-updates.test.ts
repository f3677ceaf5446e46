import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveUpdatesBenchmark } from '../../bench/modules/live-updates.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { benchContext, figureById } from './bench-context.ts';

describe('bench: live-update latency (postgres)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('postgres', { poolSize: 1 });
  });
  afterAll(() => database.close());

  it('times the LISTEN/NOTIFY floor and leaves Accord’s figure to the socket gateway', async () => {
    const { figures } = await liveUpdatesBenchmark({ notifications: 20 }).run(benchContext(database.url!));
    const p99 = figureById(figures, 'live.p99');
    expect(p99.accord).toEqual({ notMeasuredYet: expect.stringContaining('/ws') });
    expect(p99.floor!.median).toBeGreaterThan(0);
    expect(Number.isFinite(p99.floor!.max)).toBe(true);
  });
});
