import { ensureWebBuild } from '../../src/server/web-build.ts';
import { measureCallSetup } from '../../test/e2e/support/call-setup-bench.ts';
import type { Benchmark } from '../lib/benchmark.ts';
import { summarize } from '../lib/figures.ts';

const TARGET_MS = 400;

/**
 * Second participant's join → first remote frame decoded in both pages, headless Chromium with
 * fake devices on loopback, the first participant already waiting with media on from the lobby.
 * It starts its own server and database: a call's setup reads none of the bench's fixtures.
 */
export function callSetupBenchmark(runs = 10): Benchmark {
  return {
    name: 'call setup',
    async run() {
      ensureWebBuild(); // the pages are the app as `npm start` serves it
      const { samplesMs } = await measureCallSetup({ runs, kind: 'postgres' });
      const accord = summarize(samplesMs);
      return {
        figures: [
          {
            id: 'meet.call-setup',
            label: `second join → first remote frame decoded (headless Chromium, loopback), median of ${runs}`,
            unit: 'ms',
            better: 'lower',
            accord,
            target: {
              text: `≤ ${TARGET_MS} ms, media already on from the lobby`,
              met: accord.median <= TARGET_MS,
              reference: 'LiveKit connect ≈ 340 ms p50, Stream join ≈ 1 s',
            },
          },
        ],
      };
    },
  };
}
