import { describe, expect, test } from 'vitest';
import { isMeasured } from '../../bench/lib/figures.ts';
import { callSetupBenchmark } from '../../bench/modules/call-setup.ts';
import { benchContext, expectEveryFigureANumber, figureById } from '../bench/bench-context.ts';
import { measureCallSetup } from './support/call-setup-bench.ts';

describe('call setup measurement (for npm run bench)', () => {
  test('measures join → first remote frame, in both pages, for each run', { timeout: 180_000 }, async () => {
    const { samplesMs, medianMs } = await measureCallSetup({ runs: 2 });
    expect(samplesMs).toHaveLength(2);
    for (const sample of samplesMs) expect(sample).toBeGreaterThan(0);
    expect(medianMs).toBe((samplesMs[0]! + samplesMs[1]!) / 2);
  });

  test('the bench module reports it as a measured figure with its target', { timeout: 180_000 }, async () => {
    const { figures } = await callSetupBenchmark(1).run(benchContext('postgres://unused'));
    expectEveryFigureANumber(figures);
    const setup = figureById(figures, 'meet.call-setup');
    expect(isMeasured(setup.accord) && setup.accord.samples).toHaveLength(1);
    expect(typeof setup.target?.met).toBe('boolean');
  });
});
