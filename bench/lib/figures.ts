/** Median, min and max of one quantity over the repetitions of a benchmark. */
export interface Stat {
  median: number;
  min: number;
  max: number;
  samples: number[];
}

export interface Target {
  /** The goal as people say it, e.g. "p99 ≤ 2× floor". */
  text: string;
  /** Unknown until Accord's figure is measured. */
  met?: boolean;
  /** The best published figure we know for the same thing, to read ours against. */
  reference?: string;
}

/** One line of the report: Accord's figure beside its floor, measured in the same run. */
export interface Figure {
  id: string;
  label: string;
  unit: string;
  better: 'lower' | 'higher';
  /** Accord's value, or what is missing before it can be measured. */
  accord: Stat | { notMeasuredYet: string };
  floor?: Stat & { what: string };
  target?: Target;
}

export const isMeasured = (value: Figure['accord']): value is Stat => 'median' in value;

/** Nearest-rank percentile (0 < p ≤ 100) of unsorted values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(samples: readonly number[]): Stat {
  if (samples.length === 0) throw new Error('no samples to summarize');
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  const median = sorted.length % 2 === 1 ? sorted[Math.floor(middle)]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: Math.min(...samples), max: Math.max(...samples), samples: [...samples] };
}

export const notMeasuredYet = (figure: Omit<Figure, 'accord'>, needs: string): Figure => ({
  ...figure,
  accord: { notMeasuredYet: needs },
});

/**
 * Accord over its floor, repetition by repetition (each pair ran back to back, under the same load
 * from whatever else shares the machine), then the median of those ratios.
 */
export function pairedRatio(accord: Stat, floor: Stat): number {
  if (accord.samples.length !== floor.samples.length) throw new Error('paired ratio of unpaired samples');
  return summarize(accord.samples.map((value, i) => value / floor.samples[i]!)).median;
}
