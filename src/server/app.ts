import cookie from '@fastify/cookie';
import { sql } from 'drizzle-orm';
import Fastify, { type FastifyInstance } from 'fastify';
import { authRoutes } from '../auth/auth.routes.ts';
import type { Database } from '../db/client.ts';
import { demandesRoutes } from '../demandes/demandes.routes.ts';
import { meetRoutes } from '../meet/meet.routes.ts';
import { notificationsRoutes } from '../notifications/notifications.routes.ts';
import { offresRoutes } from '../offres/offres.routes.ts';
import { createPaymentProvider, paymentsRoutes } from '../payments/payments.routes.ts';
import { createBus } from '../bus/bus.ts';
import { registerCallSignaling } from '../meet/call-signaling.ts';
import { registerRealtime } from '../realtime/gateway.ts';
import type { RealtimeLimits } from '../realtime/limits.ts';
import type { Config } from '../config/config.ts';
import type { AppContext } from '../http/context.ts';
import { frameworkErrors, registerErrorHandler } from '../http/error-handler.ts';
import { registerMetrics } from '../http/metrics.ts';
import { registerApiDocs } from '../http/openapi.ts';
import { registerOriginCheck } from '../http/origin-check.ts';
import { registerRequestIdHeader, requestId } from '../http/request-id.ts';
import { watchPool } from '../metrics/metrics.ts';
import { RequestLogController } from '../http/request-logging.ts';
import { registerSecurityHeaders, withSecurityHeaders } from '../http/security-headers.ts';
import { registerWebApp } from './web.ts';

export interface BuildAppOptions {
  config: Config;
  database: Database;
  /** Tests tighten the socket limits to reach them quickly. */
  realtimeLimits?: Partial<RealtimeLimits>;
  /** Folder of the built web app (`dist/web`) to serve beside the API; none in API-only tests. */
  webRoot?: string | undefined;
  /** Where log lines go (stdout by default); tests read them here. */
  logStream?: { write(line: string): void };
}

/** Builds the HTTP application without listening, so tests can `inject` into it. */
export async function buildApp({ config, database, realtimeLimits, webRoot, logStream }: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.LOG_LEVEL,
      redact: ['req.headers.cookie', 'res.headers["set-cookie"]'],
      ...(logStream ? { stream: logStream } : config.LOG_FORMAT === 'pretty' && { transport: { target: 'pino-pretty' } }),
    },
    // The request id under the name error bodies give it, so a quoted id is found as is.
    logController: new RequestLogController({ requestIdLogLabel: 'requestId' }),
    genReqId: requestId,
    bodyLimit: 64 * 1024,
    trustProxy: config.NODE_ENV === 'production',
    frameworkErrors: withSecurityHeaders(config, frameworkErrors),
  });
  registerErrorHandler(app);
  registerRequestIdHeader(app);
  registerMetrics(app, config);
  registerOriginCheck(app, config);
  registerSecurityHeaders(app, config);
  await app.register(cookie);

  const ctx: AppContext = { config, database };
  const bus = await createBus(database, app.log);
  const heartbeat = config.REALTIME_HEARTBEAT_MS === undefined ? {} : { heartbeatMs: config.REALTIME_HEARTBEAT_MS };
  const realtime = registerRealtime(app, { ctx, bus, limits: { ...heartbeat, ...realtimeLimits } });
  registerCallSignaling(realtime, database, app.log);
  const unwatchPool = watchPool(() => database.poolUsage());
  // The gateway first, then the bus it listens to: each closed by whoever made it.
  app.addHook('onClose', async () => {
    unwatchPool();
    realtime.close();
    await bus.close();
  });
  const paymentProvider = createPaymentProvider(config);

  app.get('/api/health', async () => {
    await database.db.execute(sql`select 1`);
    return { ok: true, database: database.kind };
  });
  authRoutes(app, ctx);
  demandesRoutes(app, ctx);
  offresRoutes(app, ctx);
  meetRoutes(app, ctx, paymentProvider);
  notificationsRoutes(app, ctx);
  paymentsRoutes(app, ctx, paymentProvider);
  await registerApiDocs(app, config.PUBLIC_URL);
  if (webRoot) await registerWebApp(app, webRoot);
  return app;
}
