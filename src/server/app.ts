import cookie from '@fastify/cookie';
import { sql } from 'drizzle-orm';
import Fastify, { type FastifyInstance } from 'fastify';
import { authRoutes } from '../auth/auth.routes.ts';
import type { Database } from '../db/client.ts';
import { demandesRoutes } from '../demandes/demandes.routes.ts';
import { meetRoutes } from '../meet/meet.routes.ts';
import { offresRoutes } from '../offres/offres.routes.ts';
import type { Config } from './config.ts';
import type { AppContext } from './context.ts';
import { frameworkErrors, registerErrorHandler } from './error-handler.ts';
import { registerOriginCheck } from './origin-check.ts';
import { registerSecurityHeaders, withSecurityHeaders } from './security-headers.ts';

export interface BuildAppOptions {
  config: Config;
  database: Database;
}

/** Builds the HTTP application without listening, so tests can `inject` into it. */
export async function buildApp({ config, database }: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: config.LOG_LEVEL, redact: ['req.headers.cookie', 'res.headers["set-cookie"]'] },
    bodyLimit: 64 * 1024,
    trustProxy: config.NODE_ENV === 'production',
    frameworkErrors: withSecurityHeaders(config, frameworkErrors),
  });
  const ctx: AppContext = { config, database };

  registerErrorHandler(app);
  registerOriginCheck(app, config);
  registerSecurityHeaders(app, config);
  await app.register(cookie);

  app.get('/api/health', async () => {
    await database.db.execute(sql`select 1`);
    return { ok: true, database: database.kind };
  });
  authRoutes(app, ctx);
  demandesRoutes(app, ctx);
  offresRoutes(app, ctx);
  meetRoutes(app, ctx);
  return app;
}
