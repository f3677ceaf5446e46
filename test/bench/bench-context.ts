import { expect } from 'vitest';
import type { BenchContext } from '../../bench/lib/benchmark.ts';
import { isMeasured, type Figure } from '../../bench/lib/figures.ts';

/** One repetition and a small pool: the bench's modules at test size, to keep them from rotting. */
export const benchContext = (databaseUrl: string): BenchContext => ({
  databaseUrl,
  repetitions: 1,
  poolSize: 4,
  profileDir: undefined,
  log: () => {},
});

export function expectEveryFigureANumber(figures: Figure[]): void {
  for (const figure of figures) {
    const stats = [figure.accord, ...(figure.floor ? [figure.floor] : [])].filter(isMeasured);
    expect(stats.length, figure.id).toBeGreaterThan(0);
    for (const stat of stats) for (const value of [stat.median, stat.min, stat.max]) expect(Number.isFinite(value), figure.id).toBe(true);
  }
}

export const figureById = (figures: Figure[], id: string): Figure => {
  const figure = figures.find((f) => f.id === id);
  if (!figure) throw new Error(`no figure ${id}`);
  return figure;
};

/** Tests that start server processes: tsx compiles Accord at each start, slow on a busy machine. */
export const SERVER_TEST_TIMEOUT_MS = 120_000;
