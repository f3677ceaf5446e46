import type WebSocket from 'ws';
import type { Benchmark, BenchContext } from '../lib/benchmark.ts';
import { notMeasuredYet, summarize, type Figure } from '../lib/figures.ts';
import { startServer } from '../lib/processes.ts';
import { dropSockets, openIdleSockets } from '../lib/sockets.ts';

export interface SocketCapacitySize {
  sockets: number;
}

export const SOCKET_CAPACITY_SIZE: SocketCapacitySize = { sockets: 10_000 };

const NEEDS = 'the /ws gateway: authenticated sockets';
const SETTLE_MS = 1_000;

/**
 * Server memory per idle socket: resident memory of a fresh server process holding `sockets` idle
 * WebSockets, minus what it held with none, divided by their number. The server is stopped before
 * the clients drop their sockets, so the closing side (and its TIME_WAIT) is the server's and the
 * machine's ephemeral ports are not held for a minute after each repetition.
 */
async function memoryPerSocketKb(ctx: BenchContext, size: SocketCapacitySize): Promise<number> {
  const server = await startServer({ script: 'bench/floors/ws-server.ts', name: 'ws-floor', profileDir: ctx.profileDir, env: {} });
  let sockets: WebSocket[] = [];
  try {
    const before = server.rssKb();
    sockets = await openIdleSockets(`${server.url.replace(/^http/, 'ws')}/ws`, size.sockets);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    return ((server.rssKb() - before) * 1.024) / size.sockets;
  } finally {
    await server.stop();
    dropSockets(sockets);
  }
}

/** Socket capacity: the bare `ws` floor is measured now; Accord's figures wait for its gateway. */
export function socketCapacityBenchmark(size: SocketCapacitySize = SOCKET_CAPACITY_SIZE): Benchmark {
  return {
    name: 'socket capacity',
    async run(ctx) {
      const samples: number[] = [];
      for (let repetition = 1; repetition <= ctx.repetitions; repetition++) samples.push(await memoryPerSocketKb(ctx, size));
      const count = size.sockets.toLocaleString('en');
      const figures: Figure[] = [
        notMeasuredYet(
          {
            id: 'sockets.memory-per-socket',
            label: `server memory (RSS) per idle authenticated socket at ${count} sockets`,
            unit: 'KB',
            better: 'lower',
            floor: { ...summarize(samples), what: `bare ws server, ${count} idle unauthenticated sockets, RSS delta ÷ sockets` },
            target: { text: '≤ 6 KB', reference: 'plain ws ≈ 4.6 KB of heap, Socket.IO ≈ 9.8 KB' },
          },
          NEEDS,
        ),
        notMeasuredYet({ id: 'sockets.heartbeat-cpu', label: `heartbeat CPU at ${count} idle sockets`, unit: '% of a core', better: 'lower' }, NEEDS),
        notMeasuredYet({ id: 'sockets.fanout-p99', label: `fan-out p99 at ${count} sockets`, unit: 'ms', better: 'lower' }, NEEDS),
      ];
      return { figures, details: { size } };
    },
  };
}
