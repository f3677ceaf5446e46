import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/client.ts';

/** A readiness query slower than this counts as no answer: the probe must answer before its own timeout. */
const READY_QUERY_TIMEOUT_MS = 2_000;

interface Readiness {
  ready: boolean;
  /** A query answered. */
  database: boolean;
  /** Every LISTEN connection is up: without it live updates and call signals of other instances are missed. */
  listening: boolean;
}

async function readiness(database: Database): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), READY_QUERY_TIMEOUT_MS)));
  const answered = database.db.execute(sql`select 1`).then(() => true, () => false);
  const databaseUp = await Promise.race([answered, timeout]);
  clearTimeout(timer);
  const listening = database.listening();
  return { ready: databaseUp && listening, database: databaseUp, listening };
}

/**
 * Liveness and readiness, for systemd, a load balancer or Kubernetes. Liveness asks nothing of
 * the database: an outage must not get every instance restarted in a loop. While the instance
 * shuts down, Fastify answers 503 to both (return503OnClosing).
 */
export function registerHealthRoutes(app: FastifyInstance, database: Database): void {
  app.get('/api/health', async () => ({ ok: true, database: database.kind }));
  app.get('/api/ready', async (_request, reply) => {
    const state = await readiness(database);
    return reply.status(state.ready ? 200 : 503).send(state);
  });
}
