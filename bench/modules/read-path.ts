import autocannon from 'autocannon';
import { bothSides, type Benchmark, type BenchContext } from '../lib/benchmark.ts';
import { summarize, type Figure } from '../lib/figures.ts';
import { analyze, insertDemandesWithOffres, type DemandeFixture } from '../lib/fixtures.ts';
import { benchPool } from '../lib/bench-database.ts';
import { startAccord, startServer, type RunningServer } from '../lib/processes.ts';

export interface ReadPathSize {
  demandes: number;
  offresPerDemande: number;
  connections: number;
  /** Length of each measured autocannon run. */
  seconds: number;
  warmupSeconds: number;
}

export const READ_PATH_SIZE: ReadPathSize = { demandes: 200, offresPerDemande: 5, connections: 50, seconds: 5, warmupSeconds: 2 };

interface Load {
  perSecond: number;
  p99: number;
  failures: number;
  /** Server CPU time per request served. */
  cpuMs: number;
}

/** Autocannon on `GET /api/demandes/:id/offres`, each request for the next demande as its creator. */
async function load(server: RunningServer, demandes: DemandeFixture[], size: ReadPathSize, seconds: number): Promise<Load> {
  let next = 0;
  const cpuBefore = server.cpuMs();
  const result = await autocannon({
    url: server.url,
    connections: size.connections,
    duration: seconds,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => {
          const demande = demandes[next++ % demandes.length]!;
          return { ...request, path: `/api/demandes/${demande.id}/offres`, headers: { cookie: demande.creatorCookies[0]! } };
        },
      },
    ],
  });
  const cpuMs = (server.cpuMs() - cpuBefore) / result.requests.total;
  return { perSecond: result.requests.total / result.duration, p99: result.latency.p99, failures: result.non2xx + result.errors, cpuMs };
}

/**
 * The HTTP read path: requests per second on the offres of a demande through a real Accord process,
 * beside a bare Fastify server sending the same SQL with the same pool size.
 */
export function readPathBenchmark(size: ReadPathSize = READ_PATH_SIZE): Benchmark {
  return {
    name: 'HTTP read path',
    async run(ctx) {
      const pool = benchPool(ctx.databaseUrl, 2);
      const demandes = await insertDemandesWithOffres(pool, { demandes: size.demandes, offresPerDemande: size.offresPerDemande, clientsPerDemande: 1 });
      await analyze(pool);
      await pool.end();
      // Both start at once; whichever started is stopped, even when the other failed to.
      const started = await Promise.allSettled([startAccord(ctx), startFloor(ctx)]);
      const servers = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
      try {
        const [accord, floor] = started.map((result) => {
          if (result.status === 'rejected') throw result.reason;
          return result.value;
        });
        return await measure(ctx, size, demandes, accord!, floor!);
      } finally {
        await Promise.all(servers.map((server) => server.stop()));
      }
    },
  };
}

const startFloor = (ctx: BenchContext) =>
  startServer({
    script: 'bench/floors/read-path-server.ts',
    name: 'read-path-floor',
    profileDir: ctx.profileDir,
    env: { DATABASE_URL: ctx.databaseUrl, DATABASE_POOL_SIZE: String(ctx.poolSize) },
  });

/** The floor is only a floor if it does the same work: both must answer the same body. */
async function assertSameAnswer(demande: DemandeFixture, accord: RunningServer, floor: RunningServer): Promise<void> {
  const get = (server: RunningServer) =>
    fetch(`${server.url}/api/demandes/${demande.id}/offres`, { headers: { cookie: demande.creatorCookies[0]! } }).then((r) => r.text());
  const [fromAccord, fromFloor] = await Promise.all([get(accord), get(floor)]);
  if (fromAccord !== fromFloor) throw new Error(`the read-path floor answers differently from Accord:\n${fromAccord}\n${fromFloor}`);
}

async function measure(ctx: BenchContext, size: ReadPathSize, demandes: DemandeFixture[], accord: RunningServer, floor: RunningServer) {
  await assertSameAnswer(demandes[0]!, accord, floor);
  if (size.warmupSeconds > 0) {
    ctx.log(`warming up for ${size.warmupSeconds} s on each server`);
    await load(accord, demandes, size, size.warmupSeconds);
    await load(floor, demandes, size, size.warmupSeconds);
  }
  const accordRuns: Load[] = [];
  const floorRuns: Load[] = [];
  for (let repetition = 1; repetition <= ctx.repetitions; repetition++) {
    const [accordRun, floorRun] = await bothSides(repetition, () => load(accord, demandes, size, size.seconds), () => load(floor, demandes, size, size.seconds));
    accordRuns.push(accordRun);
    floorRuns.push(floorRun);
    ctx.log(`repetition ${repetition}: Accord ${accordRuns.at(-1)!.perSecond.toFixed(0)} req/s, floor ${floorRuns.at(-1)!.perSecond.toFixed(0)} req/s`);
  }
  return { figures: figures(accordRuns, floorRuns), details: { size } };
}

const FLOOR = 'bare Fastify route, same SQL through a bare pg pool';

function figures(accord: Load[], floor: Load[]): Figure[] {
  const of = (runs: Load[], key: keyof Load) => summarize(runs.map((run) => run[key]));
  const failures = of(accord, 'failures');
  return [
    {
      id: 'read.throughput',
      label: 'GET /api/demandes/:id/offres',
      unit: 'req/s',
      better: 'higher',
      accord: of(accord, 'perSecond'),
      floor: { ...of(floor, 'perSecond'), what: FLOOR },
    },
    {
      id: 'read.cpu',
      label: 'GET …/offres server CPU per request',
      unit: 'ms',
      better: 'lower',
      accord: of(accord, 'cpuMs'),
      floor: { ...of(floor, 'cpuMs'), what: FLOOR },
    },
    { id: 'read.p99', label: 'GET …/offres latency p99 at saturation', unit: 'ms', better: 'lower', accord: of(accord, 'p99'), floor: { ...of(floor, 'p99'), what: FLOOR } },
    {
      id: 'read.failures',
      label: 'GET …/offres non-2xx answers and errors',
      unit: 'count',
      better: 'lower',
      accord: failures,
      target: { text: '0 in every repetition', met: failures.max === 0 },
    },
  ];
}
