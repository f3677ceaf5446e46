import type { Benchmark } from '../lib/benchmark.ts';
import { notMeasuredYet } from '../lib/figures.ts';

/*
 * Figures of parts Accord does not have yet. Each becomes a module of its own, measured beside its
 * floor, when its part lands; until then the report says what it waits for, and nothing else.
 */

export const callSetupBenchmark: Benchmark = {
  name: 'call setup',
  async run() {
    return {
      figures: [
        notMeasuredYet(
          {
            id: 'meet.call-setup',
            label: 'second join → first remote frame decoded (headless Chromium, loopback), median of 10',
            unit: 'ms',
            better: 'lower',
            target: { text: '≤ 400 ms, media already on from the lobby', reference: 'LiveKit connect ≈ 340 ms p50, Stream join ≈ 1 s' },
          },
          'the meet: the /meet/<sessionId> call page and its signaling',
        ),
      ],
    };
  },
};
