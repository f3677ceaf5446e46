import pg from 'pg';
import { topicOf } from '../../src/shared/realtime.ts';
import { bothSides, type Benchmark, type BenchContext } from '../lib/benchmark.ts';
import { benchPool } from '../lib/bench-database.ts';
import { percentile, summarize, type Figure } from '../lib/figures.ts';
import { actorsOf, analyze, insertDemandesWithOffres, signIn } from '../lib/fixtures.ts';
import { LiveAcceptances } from '../lib/live-acceptance.ts';
import { startAccord } from '../lib/processes.ts';
import { closeAccordSockets, openAccordSockets, type AccordSocket } from '../lib/sockets.ts';

const CHANNEL = 'accord_bench_round_trip';
const TARGET_P99_MS = 50;

export interface LiveUpdateSize {
  /** Floor notifications per repetition, one at a time. */
  notifications: number;
  /** Acceptances per repetition, one at a time, each timed to the prestataire's `changed`. */
  acceptances: number;
  /** Other signed-in sockets connected and subscribed meanwhile (the load the gateway carries). */
  otherSockets: number;
  warmupAcceptances: number;
}

export const LIVE_UPDATE_SIZE: LiveUpdateSize = { notifications: 300, acceptances: 100, otherSockets: 1_000, warmupAcceptances: 10 };

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

interface AccordSide {
  /** Commit → `changed` of the next `count` acceptances, one at a time. */
  acceptances(count: number): Promise<number[]>;
  close(): Promise<void>;
}

/**
 * A real Accord process carrying `otherSockets` signed-in demandeurs, each subscribed as their
 * demande's page is (`user:<id>` and `demande:<id>`), and the prestataire whose offres get accepted,
 * on `user:<id>`, where an acceptance reaches the other participant.
 */
async function accordSide(ctx: BenchContext, size: LiveUpdateSize, repetitions: number): Promise<AccordSide> {
  const pool = benchPool(ctx.databaseUrl, 2);
  const others = await insertDemandesWithOffres(pool, { demandes: size.otherSockets, offresPerDemande: 1, clientsPerDemande: 1 });
  const accepted = await insertDemandesWithOffres(pool, { demandes: size.warmupAcceptances + repetitions * size.acceptances, offresPerDemande: 1, clientsPerDemande: 0 });
  const prestataireId = accepted[0]!.prestataireIds[0]!;
  const [prestataireCookie] = await signIn(pool, [prestataireId]);
  const actors = await actorsOf(pool, accepted.map((demande) => demande.creatorId));
  await analyze(pool);
  await pool.end();

  const server = await startAccord(ctx);
  const acceptances = await LiveAcceptances.open(ctx.databaseUrl);
  let sockets: AccordSocket[] = [];
  const close = async () => {
    closeAccordSockets(sockets);
    await Promise.all([server.stop(), acceptances.close()]);
  };
  try {
    const clients = others.map((demande) => ({ cookie: demande.creatorCookies[0]!, topics: [topicOf.user(demande.creatorId), topicOf.demande(demande.id)] }));
    sockets = await openAccordSockets(server.url, [{ cookie: prestataireCookie!, topics: [topicOf.user(prestataireId)] }, ...clients]);
  } catch (error) {
    await close();
    throw error;
  }
  const prestataireSocket = sockets[0]!;
  let next = 0;
  return {
    async acceptances(count) {
      const samples: number[] = [];
      for (const demande of accepted.slice(next, (next += count))) {
        const [latency] = await acceptances.commitToChanged(actors.get(demande.creatorId)!, demande.offreIds[0]!, [prestataireSocket], topicOf.user(prestataireId));
        samples.push(latency!);
      }
      return samples;
    },
    close,
  };
}

/**
 * Live-update latency: Accord's acceptance commit → `changed` on the other participant's socket,
 * with `otherSockets` more connected, beside the bare LISTEN/NOTIFY round trip, in turns.
 */
export function liveUpdatesBenchmark(size: LiveUpdateSize = LIVE_UPDATE_SIZE): Benchmark {
  return {
    name: 'live-update latency',
    async run(ctx) {
      const accord = await accordSide(ctx, size, ctx.repetitions);
      try {
        await accord.acceptances(size.warmupAcceptances);
        await roundTrips(ctx.databaseUrl, Math.min(50, size.notifications));
        const accordP50: number[] = [];
        const accordP99: number[] = [];
        const floorP50: number[] = [];
        const floorP99: number[] = [];
        for (let repetition = 1; repetition <= ctx.repetitions; repetition++) {
          const [accordSamples, floorSamples] = await bothSides(
            repetition,
            () => accord.acceptances(size.acceptances),
            () => roundTrips(ctx.databaseUrl, size.notifications),
          );
          accordP50.push(percentile(accordSamples, 50));
          accordP99.push(percentile(accordSamples, 99));
          floorP50.push(percentile(floorSamples, 50));
          floorP99.push(percentile(floorSamples, 99));
        }
        const what = 'bare LISTEN/NOTIFY round trip (COMMIT sent → notification received)';
        const others = size.otherSockets.toLocaleString('en');
        const p99 = summarize(accordP99);
        const figures: Figure[] = [
          {
            id: 'live.p50',
            label: `acceptance commit → \`changed\` on the other participant's socket, p50 (${others} other sockets)`,
            unit: 'ms',
            better: 'lower',
            accord: summarize(accordP50),
            floor: { ...summarize(floorP50), what },
          },
          {
            id: 'live.p99',
            label: `acceptance commit → \`changed\` on the other participant's socket, p99 (${others} other sockets)`,
            unit: 'ms',
            better: 'lower',
            accord: p99,
            floor: { ...summarize(floorP99), what },
            target: { text: `p99 ≤ ${TARGET_P99_MS} ms at 1,000 sockets`, met: p99.median <= TARGET_P99_MS },
          },
        ];
        return { figures, details: { size } };
      } finally {
        await accord.close();
      }
    },
  };
}
