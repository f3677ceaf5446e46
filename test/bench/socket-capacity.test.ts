import { describe, expect, it } from 'vitest';
import { socketCapacityBenchmark } from '../../bench/modules/socket-capacity.ts';
import { benchContext, figureById } from './bench-context.ts';

describe('bench: socket capacity', () => {
  it('measures the bare ws floor’s memory per socket and leaves Accord’s figures to the gateway', async () => {
    const { figures } = await socketCapacityBenchmark({ sockets: 50 }).run(benchContext('postgres://unused'));
    const memory = figureById(figures, 'sockets.memory-per-socket');
    expect(memory.accord).toEqual({ notMeasuredYet: expect.stringContaining('/ws') });
    expect(Number.isFinite(memory.floor!.median)).toBe(true);
  });
});
