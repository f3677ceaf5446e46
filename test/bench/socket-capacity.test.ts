import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMeasured } from '../../bench/lib/figures.ts';
import { socketCapacityBenchmark } from '../../bench/modules/socket-capacity.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { SERVER_TEST_TIMEOUT_MS, benchContext, expectEveryFigureANumber, figureById } from './bench-context.ts';

describe('bench: socket capacity (tiny size, postgres)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('postgres', { poolSize: 1 });
  });
  afterAll(() => database.close());

  it('measures memory per socket of Accord and the bare ws floor, the heartbeat’s CPU and an acceptance’s fan-out', async () => {
    const size = { sockets: 50, fanOut: 10, heartbeatMs: 1_000, heartbeats: 1, maxRepetitions: 1 };
    const { figures, details } = await socketCapacityBenchmark(size).run(benchContext(database.url!));

    expectEveryFigureANumber(figures);
    for (const id of ['sockets.memory-per-socket', 'sockets.heap-per-socket']) expect(figureById(figures, id).floor, id).toBeDefined();
    const heartbeat = figureById(figures, 'sockets.heartbeat-cpu').accord;
    expect(isMeasured(heartbeat) && heartbeat.median).toBeGreaterThanOrEqual(0);
    // Every watcher of the demande heard its acceptance (commitToChanged waits for all of them).
    const fanOut = figureById(figures, 'sockets.fanout-p99').accord;
    expect(isMeasured(fanOut) && fanOut.median).toBeGreaterThan(0);
    expect(details?.droppedAtHeartbeat).toEqual([0]);
  }, SERVER_TEST_TIMEOUT_MS);
});
