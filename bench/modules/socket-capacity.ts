import type WebSocket from 'ws';
import type { Actor } from '../../src/auth/actor.ts';
import { topicOf } from '../../src/shared/realtime.ts';
import { bothSides, type Benchmark, type BenchContext } from '../lib/benchmark.ts';
import { benchPool } from '../lib/bench-database.ts';
import { percentile, summarize, type Figure } from '../lib/figures.ts';
import { actorsOf, analyze, insertDemandesWithOffres, type DemandeFixture } from '../lib/fixtures.ts';
import { LiveAcceptances } from '../lib/live-acceptance.ts';
import type { ProbedMemory } from '../lib/memory-probe.ts';
import { assertOpenFilesLimit, startAccord, startServer, type RunningServer } from '../lib/processes.ts';
import { closeAccordSockets, dropSockets, openAccordSockets, openIdleSockets, type AccordSocket, type SignedInClient } from '../lib/sockets.ts';

export interface SocketCapacitySize {
  sockets: number;
  /** Of `sockets`, how many watch the demande whose acceptance is fanned out. */
  fanOut: number;
  /** The server's heartbeat interval during the run (Accord's default is 25 s)… */
  heartbeatMs: number;
  /** …and how many of its rounds the CPU is measured over. */
  heartbeats: number;
  /** At most this many repetitions (each opens every socket on a fresh server, twice). */
  maxRepetitions: number;
}

export const SOCKET_CAPACITY_SIZE: SocketCapacitySize = { sockets: 10_000, fanOut: 1_000, heartbeatMs: 3_000, heartbeats: 2, maxRepetitions: 2 };

/** Accord's default heartbeat (src/realtime/limits.ts), to express the measured cost at it. */
const DEFAULT_HEARTBEAT_MS = 25_000;
const TARGET_KB = 6;
const SETTLE_MS = 1_000;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface MemoryPerSocket {
  rssKb: number;
  heapKb: number;
  externalKb: number;
}

const perSocket = (before: ProbedMemory, after: ProbedMemory, sockets: number): MemoryPerSocket => ({
  // KiB from the kernel and V8 → kB of 1,000 bytes, as the targets are stated.
  rssKb: ((after.rssKb - before.rssKb) * 1.024) / sockets,
  heapKb: ((after.heapUsedKb - before.heapUsedKb) * 1.024) / sockets,
  externalKb: ((after.externalKb - before.externalKb) * 1.024) / sockets,
});

/**
 * The floor: a fresh bare `ws` server process holding `sockets` idle WebSockets. The server is
 * stopped before the clients drop their sockets, so the closing side (and its TIME_WAIT) is the
 * server's and the machine's ephemeral ports are not held for a minute after each repetition.
 */
async function floorMemory(ctx: BenchContext, size: SocketCapacitySize): Promise<MemoryPerSocket> {
  const server = await startServer({ script: 'bench/floors/ws-server.ts', name: 'ws-floor', profileDir: ctx.profileDir, env: {}, probe: true });
  let sockets: WebSocket[] = [];
  try {
    const before = await server.memory();
    sockets = await openIdleSockets(`${server.url.replace(/^http/, 'ws')}/ws`, size.sockets);
    await pause(SETTLE_MS);
    return perSocket(before, await server.memory(), size.sockets);
  } finally {
    await server.stop();
    dropSockets(sockets);
  }
}

type WatchedDemande = DemandeFixture & { creator: Actor };

interface AccordRound {
  memory: MemoryPerSocket;
  heartbeatCpuMs: number;
  fanOutP50: number;
  fanOutP99: number;
  droppedAtHeartbeat: number;
}

/**
 * Accord: a fresh process with a short heartbeat; `sockets - fanOut` signed-in people on their
 * `user:<id>` topic, and `fanOut` sessions of one demandeur on `user:<id>` and their demande's topic.
 * Memory per socket after GC, then the server's CPU over `heartbeats` idle rounds, then the
 * acceptance of that demande fanned out to its `fanOut` sockets, commit → each `changed`.
 */
async function accordRound(ctx: BenchContext, size: SocketCapacitySize, idle: readonly SignedInClient[], watched: WatchedDemande): Promise<AccordRound> {
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  const server = await startAccord(ctx, { probe: true, env: { REALTIME_HEARTBEAT_MS: String(size.heartbeatMs) } });
  const acceptances = await LiveAcceptances.open(ctx.databaseUrl);
  let sockets: AccordSocket[] = [];
  try {
    const watchers = watched.creatorCookies.map((cookie) => ({ cookie, topics: [topicOf.user(watched.creatorId), topicOf.demande(watched.id)] }));
    const before = await server.memory();
    const opening = performance.now();
    sockets = await openAccordSockets(server.url, [...watchers, ...idle]);
    ctx.log(`Accord: ${sockets.length} sockets signed in and subscribed in ${Math.round(performance.now() - opening)} ms (${elapsed()})`);
    await pause(SETTLE_MS);
    const memory = perSocket(before, await server.memory(), size.sockets);

    const heartbeatCpuMs = await heartbeatCost(server, size);
    const droppedAtHeartbeat = sockets.filter((socket) => !socket.isOpen).length;

    const fanOutSockets = sockets.slice(0, watchers.length).filter((socket) => socket.isOpen);
    const latencies = await acceptances.commitToChanged(watched.creator, watched.offreIds[0]!, fanOutSockets, topicOf.demande(watched.id));
    ctx.log(`Accord: heartbeat and fan-out measured (${elapsed()})`);
    return { memory, heartbeatCpuMs, fanOutP50: percentile(latencies, 50), fanOutP99: percentile(latencies, 99), droppedAtHeartbeat };
  } finally {
    await server.stop();
    closeAccordSockets(sockets);
    await acceptances.close();
    ctx.log(`Accord: stopped (${elapsed()})`);
  }
}

/** Server CPU per heartbeat round (ping frame and `heartbeat` message to every socket, their pongs). */
async function heartbeatCost(server: RunningServer, size: SocketCapacitySize): Promise<number> {
  const cpuBefore = server.cpuMs();
  await pause(size.heartbeatMs * size.heartbeats);
  return (server.cpuMs() - cpuBefore) / size.heartbeats;
}

/**
 * Socket capacity: memory per idle signed-in socket on a real Accord process, beside a bare `ws`
 * server; the heartbeat's CPU and an acceptance's fan-out at that load.
 */
export function socketCapacityBenchmark(size: SocketCapacitySize = SOCKET_CAPACITY_SIZE): Benchmark {
  return {
    name: 'socket capacity',
    async run(ctx) {
      assertOpenFilesLimit(size.sockets);
      const repetitions = Math.min(ctx.repetitions, size.maxRepetitions);
      const pool = benchPool(ctx.databaseUrl, 2);
      let idle: SignedInClient[];
      let watched: WatchedDemande[];
      try {
        const people = await insertDemandesWithOffres(pool, { demandes: size.sockets - size.fanOut, offresPerDemande: 1, clientsPerDemande: 1 });
        idle = people.map((person) => ({ cookie: person.creatorCookies[0]!, topics: [topicOf.user(person.creatorId)] }));
        const demandes: DemandeFixture[] = [];
        for (let repetition = 1; repetition <= repetitions; repetition++) {
          demandes.push(...(await insertDemandesWithOffres(pool, { demandes: 1, offresPerDemande: 1, clientsPerDemande: size.fanOut })));
        }
        const actors = await actorsOf(pool, demandes.map((demande) => demande.creatorId));
        watched = demandes.map((demande) => ({ ...demande, creator: actors.get(demande.creatorId)! }));
        await analyze(pool);
      } finally {
        await pool.end();
      }

      const accordRounds: AccordRound[] = [];
      const floorRounds: MemoryPerSocket[] = [];
      for (let repetition = 1; repetition <= repetitions; repetition++) {
        const [accord, floor] = await bothSides(repetition, () => accordRound(ctx, size, idle, watched[repetition - 1]!), () => floorMemory(ctx, size));
        ctx.log(`repetition ${repetition}: Accord ${accord.memory.rssKb.toFixed(2)} kB RSS, ${accord.memory.heapKb.toFixed(2)} kB heap per socket; floor ${floor.rssKb.toFixed(2)} / ${floor.heapKb.toFixed(2)}`);
        accordRounds.push(accord);
        floorRounds.push(floor);
      }

      const count = size.sockets.toLocaleString('en');
      const floorWhat = (what: string) => `bare ws server, ${count} idle unauthenticated sockets, ${what}`;
      const rss = summarize(accordRounds.map((r) => r.memory.rssKb));
      const heap = summarize(accordRounds.map((r) => r.memory.heapKb));
      const heartbeat = summarize(accordRounds.map((r) => r.heartbeatCpuMs));
      const figures: Figure[] = [
        {
          id: 'sockets.memory-per-socket',
          label: `server memory (RSS after GC) per idle authenticated socket at ${count} sockets`,
          unit: 'KB',
          better: 'lower',
          accord: rss,
          floor: { ...summarize(floorRounds.map((r) => r.rssKb)), what: floorWhat('RSS delta ÷ sockets') },
          target: { text: `≤ ${TARGET_KB} KB`, met: rss.median <= TARGET_KB, reference: 'plain ws ≈ 4.6 KB of heap, Socket.IO ≈ 9.8 KB' },
        },
        {
          id: 'sockets.heap-per-socket',
          label: `server JS heap (after GC) per idle authenticated socket at ${count} sockets`,
          unit: 'KB',
          better: 'lower',
          accord: heap,
          floor: { ...summarize(floorRounds.map((r) => r.heapKb)), what: floorWhat('heap delta ÷ sockets') },
          target: { text: `≤ ${TARGET_KB} KB`, met: heap.median <= TARGET_KB, reference: 'plain ws ≈ 4.6 KB of heap, Socket.IO ≈ 9.8 KB' },
        },
        {
          id: 'sockets.heartbeat-cpu',
          label: `server CPU per heartbeat round at ${count} idle sockets (÷ ${DEFAULT_HEARTBEAT_MS / 1000} s = share of a core at the default interval)`,
          unit: 'ms',
          better: 'lower',
          accord: heartbeat,
        },
        {
          id: 'sockets.fanout-p99',
          label: `acceptance commit → \`changed\` on ${size.fanOut.toLocaleString('en')} sockets of its demande, p99, at ${count} sockets`,
          unit: 'ms',
          better: 'lower',
          accord: summarize(accordRounds.map((r) => r.fanOutP99)),
        },
      ];
      const details = {
        size,
        repetitions,
        externalKbPerSocket: { accord: accordRounds.map((r) => r.memory.externalKb), floor: floorRounds.map((r) => r.externalKb) },
        heartbeatShareOfACoreAtDefaultInterval: heartbeat.samples.map((ms) => ms / DEFAULT_HEARTBEAT_MS),
        fanOutP50: accordRounds.map((r) => r.fanOutP50),
        droppedAtHeartbeat: accordRounds.map((r) => r.droppedAtHeartbeat),
      };
      return { figures, details };
    },
  };
}
