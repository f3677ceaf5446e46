import cookie from '@fastify/cookie';
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
import { clientErrorHandler } from '../http/client-error.ts';
import { registerMetrics } from '../http/metrics.ts';
import { registerApiDocs } from '../http/openapi.ts';
import { registerOriginCheck } from '../http/origin-check.ts';
import { registerRequestIdHeader, requestId } from '../http/request-id.ts';
import { HTTP_TIMEOUTS, type HttpTimeouts } from '../http/timeouts.ts';
import { registerCanonicalHost } from '../http/canonical-host.ts';
import { registerDraining } from '../http/draining.ts';
import { errorWithoutParameters } from '../http/log-serializers.ts';
import { watchPool } from '../metrics/metrics.ts';
import { registerHealthRoutes } from './health.ts';
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
  /** Tests shorten them to reach them quickly. */
  httpTimeouts?: Partial<HttpTimeouts>;
  /** Where log lines go (stdout by default); tests read them here. */
  logStream?: { write(line: string): void };
}

/** Builds the HTTP application without listening, so tests can `inject` into it. */
export async function buildApp({ config, database, realtimeLimits, webRoot, logStream, httpTimeouts }: BuildAppOptions): Promise<FastifyInstance> {
  const timeouts = { ...HTTP_TIMEOUTS, ...httpTimeouts };
  const app = Fastify({
    requestTimeout: timeouts.requestTimeout,
    keepAliveTimeout: timeouts.keepAliveTimeout,
    connectionTimeout: timeouts.connectionTimeout,
    http: { headersTimeout: timeouts.headersTimeout, connectionsCheckingInterval: timeouts.checkInterval },
    clientErrorHandler: clientErrorHandler(config),
    logger: {
      level: config.LOG_LEVEL,
      redact: ['req.headers.cookie', 'res.headers["set-cookie"]'],
      serializers: { err: errorWithoutParameters },
      hooks: { logMethod: dropListeningLines },
      ...(logStream ? { stream: logStream } : config.LOG_FORMAT === 'pretty' && { transport: { target: 'pino-pretty' } }),
    },
    // The request id under the name error bodies give it, so a quoted id is found as is.
    logController: new RequestLogController({ requestIdLogLabel: 'requestId' }),
    genReqId: requestId,
    bodyLimit: 64 * 1024,
    // A hop count as Fastify's own: trust the N nearest proxies (its types list no number).
    trustProxy: typeof config.TRUST_PROXY === 'number' ? trustNearest(config.TRUST_PROXY) : config.TRUST_PROXY,
    frameworkErrors: withSecurityHeaders(config, frameworkErrors),
  });
  registerErrorHandler(app);
  registerCanonicalHost(app, config);
  registerRequestIdHeader(app);
  registerMetrics(app, config);
  registerOriginCheck(app, config);
  registerSecurityHeaders(app, config);
  registerDraining(app);
  await app.register(cookie);

  const ctx: AppContext = { config, database };
  const bus = await createBus(database, app.log);
  const configured = {
    heartbeatMs: config.REALTIME_HEARTBEAT_MS,
    maxSocketsPerAccount: config.REALTIME_MAX_SOCKETS_PER_ACCOUNT,
    maxSocketsPerAddress: config.REALTIME_MAX_SOCKETS_PER_ADDRESS,
  };
  const fromConfig = Object.fromEntries(Object.entries(configured).filter(([, value]) => value !== undefined));
  const realtime = registerRealtime(app, { ctx, bus, limits: { ...fromConfig, ...realtimeLimits } });
  registerCallSignaling(realtime, database, app.log);
  const unwatchPool = watchPool(() => database.poolUsage());
  // The gateway first, then the bus it listens to: each closed by whoever made it.
  app.addHook('onClose', async () => {
    unwatchPool();
    realtime.close();
    await bus.close();
  });
  const paymentProvider = createPaymentProvider(config);

  registerHealthRoutes(app, database);
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

/**
 * Fastify logs "Server listening at <address>" for each interface: with HOST=0.0.0.0, addresses
 * nobody should open (the session cookie would not follow payments back). main.ts prints
 * PUBLIC_URL, the one address to use.
 */
function dropListeningLines(this: unknown, args: unknown[], method: (...args: unknown[]) => void): void {
  if (typeof args[0] === 'string' && args[0].startsWith('Server listening at ')) return;
  method.apply(this, args);
}

const trustNearest = (hops: number) => (_address: string, hop: number) => hop < hops;
