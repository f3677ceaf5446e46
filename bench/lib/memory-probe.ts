/*
 * Preloaded into a benchmarked server process (`--expose-gc --import`, see `startServer`'s `probe`):
 * on the bench's `memory` request over IPC, it runs full garbage collections and answers the
 * process's memory, so memory per socket counts what is kept, not garbage not yet collected.
 */
export interface ProbedMemory {
  rssKb: number;
  heapUsedKb: number;
  /** Memory outside the V8 heap held by JavaScript objects (Buffers of sockets' queues among it). */
  externalKb: number;
}

export const MEMORY_REQUEST = 'accord-bench:memory';

process.on('message', (message) => {
  if (message !== MEMORY_REQUEST) return;
  // Twice: objects freed by the first collection's finalizers go in the second.
  globalThis.gc?.();
  globalThis.gc?.();
  const { rss, heapUsed, external } = process.memoryUsage();
  const answer: ProbedMemory = { rssKb: rss / 1024, heapUsedKb: heapUsed / 1024, externalKb: external / 1024 };
  process.send?.(answer);
});
