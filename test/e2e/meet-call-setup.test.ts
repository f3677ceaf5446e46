import { describe, expect, test } from 'vitest';
import { measureCallSetup } from './support/call-setup-bench.ts';

describe('call setup measurement (for npm run bench)', () => {
  test('measures join → first remote frame, in both pages, for each run', { timeout: 180_000 }, async () => {
    const { samplesMs, medianMs } = await measureCallSetup({ runs: 2 });
    expect(samplesMs).toHaveLength(2);
    for (const sample of samplesMs) expect(sample).toBeGreaterThan(0);
    expect(medianMs).toBe((samplesMs[0]! + samplesMs[1]!) / 2);
  });
});
