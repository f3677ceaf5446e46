import { describe, expect, it } from 'vitest';
import { percentile, summarize } from '../../bench/lib/figures.ts';

describe('bench: statistics', () => {
  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
  });

  it('summarizes repetitions by median, min and max', () => {
    expect(summarize([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, samples: [3, 1, 2] });
    expect(summarize([4, 1, 3, 2]).median).toBe(2.5);
  });
});
