import type pg from 'pg';
import { acceptWithBareStatements } from '../floors/acceptance-floor.ts';
import { benchPool } from '../lib/bench-database.ts';
import { bothSides, type Benchmark, type BenchContext } from '../lib/benchmark.ts';
import { ownCpuMs } from '../lib/proc.ts';
import { pairedRatio, percentile, summarize, type Figure } from '../lib/figures.ts';
import { analyze, insertDemandesWithOffres, type DemandeFixture } from '../lib/fixtures.ts';
import { forEachConcurrently, httpClient } from '../lib/load.ts';
import { startAccord } from '../lib/processes.ts';
import { countDuplicates, type DuplicateCounts } from './acceptance-checks.ts';

export interface AcceptanceSize {
  demandes: number;
  offresPerDemande: number;
  /** The demandeur's clients racing on each demande, each accepting one of its offres. */
  clientsPerDemande: number;
  /** Requests in flight at once (HTTP connections, or floor transactions). */
  concurrency: number;
  /** Demandes raced once before measuring, so both sides run warm code. */
  warmupDemandes: number;
}

export const FULL_SIZE: AcceptanceSize = { demandes: 200, offresPerDemande: 5, clientsPerDemande: 10, concurrency: 50, warmupDemandes: 20 };

/** One racer: a client of the demandeur accepting one offre. */
interface Attempt {
  demande: DemandeFixture;
  offreId: string;
  client: number;
}

type Answer = { kind: 'accepted'; meetSessionId: string } | { kind: 'refused' } | { kind: 'unexpected'; detail: string };

interface RoundResult {
  latenciesMs: number[];
  wallMs: number;
  answers: Array<{ attempt: Attempt; answer: Answer }>;
}

/** Client i of a demande accepts its offre i mod n: racers on the same offre and on rival offres. */
function attemptsFor(demandes: DemandeFixture[], clientsPerDemande: number): Attempt[] {
  return demandes.flatMap((demande) =>
    Array.from({ length: clientsPerDemande }, (_, client) => ({ demande, client, offreId: demande.offreIds[client % demande.offreIds.length]! })),
  );
}

async function race(attempts: Attempt[], concurrency: number, accept: (attempt: Attempt) => Promise<Answer>): Promise<RoundResult> {
  const result: RoundResult = { latenciesMs: [], wallMs: 0, answers: [] };
  const started = performance.now();
  await forEachConcurrently(attempts, concurrency, async (attempt) => {
    const sent = performance.now();
    const answer = await accept(attempt).catch((error: unknown): Answer => ({ kind: 'unexpected', detail: String(error) }));
    result.latenciesMs.push(performance.now() - sent);
    result.answers.push({ attempt, answer });
  });
  result.wallMs = performance.now() - started;
  return result;
}

function viaHttp(request: ReturnType<typeof httpClient>['request']) {
  return async ({ demande, offreId, client }: Attempt): Promise<Answer> => {
    const { status, body } = await request('POST', `/api/offres/${offreId}/accept`, { cookie: demande.creatorCookies[client]! });
    if (status === 200) return { kind: 'accepted', meetSessionId: JSON.parse(body).meetSessionId };
    // I1: a rival offre's racer is refused for exactly this reason, nothing else.
    if (status === 409 && JSON.parse(body).error?.code === 'DEMANDE_ALREADY_HAS_ACCEPTED_OFFRE') return { kind: 'refused' };
    return { kind: 'unexpected', detail: `${status} ${body.slice(0, 200)}` };
  };
}

function viaBareStatements(pool: pg.Pool) {
  return async ({ demande, offreId }: Attempt): Promise<Answer> => {
    const answer = await acceptWithBareStatements(pool, demande.creatorId, offreId);
    return answer.accepted ? { kind: 'accepted', meetSessionId: answer.meetSessionId } : { kind: 'refused' };
  };
}

/** One side of the comparison: how it accepts, and the Node CPU time its process has used. */
interface Side {
  accept(attempt: Attempt): Promise<Answer>;
  cpuMs(): number;
}

interface Measured {
  p50: number[];
  p99: number[];
  perSecond: number[];
  cpuPerAccept: number[];
}

const measured = (): Measured => ({ p50: [], p99: [], perSecond: [], cpuPerAccept: [] });

function record(into: Measured, round: RoundResult, cpuMs: number): void {
  into.p50.push(percentile(round.latenciesMs, 50));
  into.p99.push(percentile(round.latenciesMs, 99));
  into.perSecond.push(round.answers.length / (round.wallMs / 1000));
  into.cpuPerAccept.push(cpuMs / round.answers.length);
}

/**
 * Acceptance under contention: every demande raced by several clients of its demandeur through a
 * real Accord process, beside the same statements sent straight to PostgreSQL; then SQL counts
 * what must never exist (a second session, a second accepted offre).
 */
export function acceptanceBenchmark(size: AcceptanceSize = FULL_SIZE): Benchmark {
  return {
    name: 'acceptance under contention',
    async run(ctx) {
      const pool = benchPool(ctx.databaseUrl, ctx.poolSize);
      const server = await startAccord(ctx).catch(async (error: unknown) => {
        await pool.end();
        throw error;
      });
      const http = httpClient(server.url, size.concurrency);
      try {
        const accord: Side = { accept: viaHttp(http.request), cpuMs: server.cpuMs };
        const floor: Side = { accept: viaBareStatements(pool), cpuMs: ownCpuMs };
        return await measure(ctx, size, pool, accord, floor);
      } finally {
        http.close();
        await server.stop();
        await pool.end();
      }
    },
  };
}

async function measure(ctx: BenchContext, size: AcceptanceSize, pool: pg.Pool, accord: Side, floor: Side) {
  const round = async (demandes: number, side: Side) => {
    const fixtures = await insertDemandesWithOffres(pool, { demandes, offresPerDemande: size.offresPerDemande, clientsPerDemande: size.clientsPerDemande });
    await analyze(pool);
    const cpuBefore = side.cpuMs();
    const result = await race(attemptsFor(fixtures, size.clientsPerDemande), size.concurrency, side.accept);
    const cpuMs = side.cpuMs() - cpuBefore;
    return { result, cpuMs, duplicates: await countDuplicates(pool, result.answers) };
  };

  if (size.warmupDemandes > 0) {
    ctx.log(`warming up on ${size.warmupDemandes} demandes`);
    await round(size.warmupDemandes, accord);
    await round(size.warmupDemandes, floor);
  }
  const accordRuns = measured();
  const floorRuns = measured();
  const duplicates: number[] = [];
  const unexpected: number[] = [];
  const rounds: Array<{ answers: Record<Answer['kind'], number>; duplicates: DuplicateCounts; floorDuplicates: number; unexpectedSamples: string[] }> = [];
  for (let repetition = 1; repetition <= ctx.repetitions; repetition++) {
    const [accordRound, floorRound] = await bothSides(repetition, () => round(size.demandes, accord), () => round(size.demandes, floor));
    record(accordRuns, accordRound.result, accordRound.cpuMs);
    record(floorRuns, floorRound.result, floorRound.cpuMs);

    const kinds = countKinds(accordRound.result);
    duplicates.push(accordRound.duplicates.total);
    unexpected.push(kinds.unexpected + accordRound.duplicates.demandesWithoutSession);
    rounds.push({
      answers: kinds,
      duplicates: accordRound.duplicates,
      // The floor decides as Accord does; if it let a duplicate through, it would not be the same work.
      floorDuplicates: floorRound.duplicates.total,
      unexpectedSamples: unexpectedSamples(accordRound.result),
    });
    ctx.log(
      `repetition ${repetition}: Accord p99 ${accordRuns.p99.at(-1)!.toFixed(1)} ms, floor p99 ${floorRuns.p99.at(-1)!.toFixed(1)} ms, duplicates ${duplicates.at(-1)}`,
    );
  }
  return { figures: figures(accordRuns, floorRuns, duplicates, unexpected), details: { size, rounds } };
}

function countKinds(round: RoundResult): Record<Answer['kind'], number> {
  const counts = { accepted: 0, refused: 0, unexpected: 0 };
  for (const { answer } of round.answers) counts[answer.kind]++;
  return counts;
}

const unexpectedSamples = (round: RoundResult) =>
  round.answers.flatMap(({ answer }) => (answer.kind === 'unexpected' ? [answer.detail] : [])).slice(0, 5);

const FLOOR = 'the same statements through a bare pg pool, one transaction per accept';

function figures(accord: Measured, floor: Measured, duplicates: number[], unexpected: number[]): Figure[] {
  const floorOf = (samples: number[]) => ({ ...summarize(samples), what: FLOOR });
  const p99 = summarize(accord.p99);
  const floorP99 = floorOf(floor.p99);
  return [
    { id: 'acceptance.p50', label: 'accept latency p50', unit: 'ms', better: 'lower', accord: summarize(accord.p50), floor: floorOf(floor.p50) },
    {
      id: 'acceptance.p99',
      label: 'accept latency p99',
      unit: 'ms',
      better: 'lower',
      accord: p99,
      floor: floorP99,
      target: { text: 'p99 ≤ 2× floor', met: pairedRatio(p99, floorP99) <= 2 },
    },
    {
      id: 'acceptance.throughput',
      label: 'accept requests per second',
      unit: 'req/s',
      better: 'higher',
      accord: summarize(accord.perSecond),
      floor: floorOf(floor.perSecond),
    },
    {
      id: 'acceptance.cpu',
      label: 'Node CPU per accept request (server process vs bare pg client)',
      unit: 'ms',
      better: 'lower',
      accord: summarize(accord.cpuPerAccept),
      floor: floorOf(floor.cpuPerAccept),
    },
    {
      id: 'acceptance.duplicates',
      label: 'duplicate sessions or accepted offres',
      unit: 'count',
      better: 'lower',
      accord: summarize(duplicates),
      target: { text: '0 in every repetition', met: Math.max(...duplicates) === 0 },
    },
    {
      id: 'acceptance.unexpected',
      label: 'unexpected answers (not 200 or the 409 of I1, or no winner)',
      unit: 'count',
      better: 'lower',
      accord: summarize(unexpected),
      target: { text: '0 in every repetition', met: Math.max(...unexpected) === 0 },
    },
  ];
}
