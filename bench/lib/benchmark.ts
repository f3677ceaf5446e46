import type { Figure } from './figures.ts';

/** What every benchmark module gets from the runner. */
export interface BenchContext {
  /** A migrated PostgreSQL database of this run's own, dropped at the end. */
  databaseUrl: string;
  /** How many measured repetitions each figure takes its median over. */
  repetitions: number;
  /** Connections in each server's pool and in each floor's pool, so both sides get the same. */
  poolSize: number;
  /** When set, Accord's server processes write a V8 CPU profile here on exit. */
  profileDir: string | undefined;
  log(message: string): void;
}

export interface BenchOutcome {
  figures: Figure[];
  /** Anything a reader of results.json may want beyond the figures (counts, settings). */
  details?: Record<string, unknown>;
}

/** One area of Accord's performance; the runner calls each in turn. */
export interface Benchmark {
  name: string;
  run(ctx: BenchContext): Promise<BenchOutcome>;
}

/**
 * Runs Accord's side and its floor's back to back, the floor first on even repetitions, so that a
 * drift in the machine's load (other work sharing it) favours neither side.
 */
export async function bothSides<A, F>(repetition: number, accord: () => Promise<A>, floor: () => Promise<F>): Promise<[A, F]> {
  if (repetition % 2 === 1) {
    const accordResult = await accord();
    return [accordResult, await floor()];
  }
  const floorResult = await floor();
  return [await accord(), floorResult];
}
