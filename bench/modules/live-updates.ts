import pg from 'pg';
import type { Benchmark } from '../lib/benchmark.ts';
import { notMeasuredYet, percentile, summarize, type Figure } from '../lib/figures.ts';

const CHANNEL = 'accord_bench_round_trip';
const NEEDS = 'the /ws gateway: live updates over WebSocket';

export interface LiveUpdateSize {
  /** Notifications per repetition, one at a time. */
  notifications: number;
}

export const LIVE_UPDATE_SIZE: LiveUpdateSize = { notifications: 300 };

/**
 * Times a bare LISTEN/NOTIFY round trip: from sending the COMMIT of a transaction that ran
 * pg_notify to the listening connection receiving it. Accord's live updates cannot beat it.
 */
async function roundTrips(databaseUrl: string, count: number): Promise<number[]> {
  const listener = new pg.Client({ connectionString: databaseUrl });
  const notifier = new pg.Client({ connectionString: databaseUrl });
  for (const client of [listener, notifier]) client.on('error', () => {}); // see benchPool
  await Promise.all([listener.connect(), notifier.connect()]);
  try {
    await listener.query(`listen ${CHANNEL}`);
    const waiting = new Map<string, (at: number) => void>();
    listener.on('notification', ({ payload }) => waiting.get(payload ?? '')?.(performance.now()));
    const samples: number[] = [];
    for (let i = 0; i < count; i++) {
      const payload = String(i);
      const heard = new Promise<number>((resolve) => waiting.set(payload, resolve));
      await notifier.query('begin');
      await notifier.query('select pg_notify($1, $2)', [CHANNEL, payload]);
      const committing = performance.now();
      await notifier.query('commit');
      samples.push((await heard) - committing);
      waiting.delete(payload);
    }
    return samples;
  } finally {
    await Promise.all([listener.end(), notifier.end()]);
  }
}

/** Live-update latency: its floor is measured now; Accord's figure waits for the socket gateway. */
export function liveUpdatesBenchmark(size: LiveUpdateSize = LIVE_UPDATE_SIZE): Benchmark {
  return {
    name: 'live-update latency',
    async run(ctx) {
      await roundTrips(ctx.databaseUrl, Math.min(50, size.notifications));
      const p50: number[] = [];
      const p99: number[] = [];
      for (let repetition = 1; repetition <= ctx.repetitions; repetition++) {
        const samples = await roundTrips(ctx.databaseUrl, size.notifications);
        p50.push(percentile(samples, 50));
        p99.push(percentile(samples, 99));
      }
      const what = 'bare LISTEN/NOTIFY round trip (COMMIT sent → notification received)';
      const figures: Figure[] = [
        notMeasuredYet({ id: 'live.p50', label: 'acceptance commit → `changed` on the other socket, p50', unit: 'ms', better: 'lower', floor: { ...summarize(p50), what } }, NEEDS),
        notMeasuredYet(
          {
            id: 'live.p99',
            label: 'acceptance commit → `changed` on the other socket, p99 (1,000 sockets)',
            unit: 'ms',
            better: 'lower',
            floor: { ...summarize(p99), what },
            target: { text: 'p99 ≤ 50 ms at 1,000 sockets' },
          },
          NEEDS,
        ),
      ];
      return { figures, details: { size } };
    },
  };
}
