import type { Benchmark } from '../lib/benchmark.ts';
import { notMeasuredYet } from '../lib/figures.ts';

/*
 * Figures of parts Accord does not have yet. Each becomes a module of its own, measured beside its
 * floor, when its part lands; until then the report says what it waits for, and nothing else.
 */

export const socketCapacityBenchmark: Benchmark = {
  name: 'socket capacity',
  async run() {
    const needs = 'the /ws gateway: authenticated sockets';
    return {
      figures: [
        notMeasuredYet(
          {
            id: 'sockets.memory-per-socket',
            label: 'server memory per extra idle authenticated socket (10,000 sockets)',
            unit: 'KB',
            better: 'lower',
            target: { text: '≤ 6 KB', reference: 'plain ws ≈ 4.6 KB of heap, Socket.IO ≈ 9.8 KB' },
          },
          needs,
        ),
        notMeasuredYet({ id: 'sockets.heartbeat-cpu', label: 'heartbeat CPU at 10,000 idle sockets', unit: '% of a core', better: 'lower' }, needs),
        notMeasuredYet({ id: 'sockets.fanout-p99', label: 'fan-out p99 at 10,000 sockets', unit: 'ms', better: 'lower' }, needs),
      ],
    };
  },
};

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
