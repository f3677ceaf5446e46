import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * What `/metrics` shows (Prometheus' text format). One registry per process, as Prometheus scrapes
 * a process: counters and histograms are module-level, so any layer records into them without a
 * handle being passed down; what is read from a running app (its sockets, its pool) is registered
 * by the app while it runs (`watch…`), and summed over the apps of the process (tests build several).
 */
export const registry = new Registry();
// Event loop lag, heap, GC, CPU, open handles: the runtime's own health.
collectDefaultMetrics({ register: registry });

/** Up to 10 s: a request past that is an outage, not a latency. */
const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const httpRequestDuration = new Histogram({
  name: 'accord_http_request_duration_seconds',
  help: 'Time to answer an HTTP request, by route pattern (not URL, to keep the label set bounded) and status.',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: SECONDS,
  registers: [registry],
});

export const acceptances = new Counter({
  name: 'accord_acceptances_total',
  help: 'Offre acceptances answered, by outcome: accepted, already_accepted (a repeat), or the error code.',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

export const acceptanceLockWait = new Histogram({
  name: 'accord_acceptance_lock_wait_seconds',
  help: 'Time an acceptance waits to lock its demande and offre (other decisions on the same demande hold them).',
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});

export const busLag = new Histogram({
  name: 'accord_bus_lag_seconds',
  help: 'From the NOTIFY to this instance hearing it, by PostgreSQL channel (the clocks of two instances: NTP keeps them close).',
  labelNames: ['channel'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

export interface PoolUsage {
  /** Connections open (busy or idle). */
  total: number;
  idle: number;
  /** Queries waiting for a connection: the pool is too small for the load. */
  waiting: number;
  max: number;
}

const socketCounts = new Set<() => number>();
const poolUsages = new Set<() => PoolUsage | undefined>();
const sum = <T>(sources: Set<() => T>, of: (value: T) => number) => [...sources].reduce((total, read) => total + of(read()), 0);

new Gauge({
  name: 'accord_open_sockets',
  help: 'Open /ws sockets.',
  registers: [registry],
  collect() {
    this.set(sum(socketCounts, (count) => count));
  },
});

new Gauge({
  name: 'accord_db_pool_connections',
  help: 'PostgreSQL pool: connections by state (busy, idle), queries waiting for one, and the pool size (max).',
  labelNames: ['state'] as const,
  registers: [registry],
  collect() {
    this.set({ state: 'busy' }, sum(poolUsages, (usage) => (usage ? usage.total - usage.idle : 0)));
    this.set({ state: 'idle' }, sum(poolUsages, (usage) => usage?.idle ?? 0));
    this.set({ state: 'waiting' }, sum(poolUsages, (usage) => usage?.waiting ?? 0));
    this.set({ state: 'max' }, sum(poolUsages, (usage) => usage?.max ?? 0));
  },
});

/** Counts this source's open sockets while it runs; call the result when it closes. */
export function watchOpenSockets(count: () => number): () => void {
  socketCounts.add(count);
  return () => void socketCounts.delete(count);
}

/** Reports this pool's usage while it is open (undefined: no pool, PGlite); call the result when it closes. */
export function watchPool(usage: () => PoolUsage | undefined): () => void {
  poolUsages.add(usage);
  return () => void poolUsages.delete(usage);
}
