import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config/config.ts';
import { AppError } from '../errors/app-error.ts';
import { httpRequestDuration, registry } from '../metrics/metrics.ts';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Bearer token check in constant time (over digests, so the lengths do not leak either). */
function hasToken(request: FastifyRequest, token: string): boolean {
  const [scheme, given] = (request.headers.authorization ?? '').split(' ');
  return scheme?.toLowerCase() === 'bearer' && given !== undefined && timingSafeEqual(digest(given), digest(token));
}

/**
 * Times every answered request by its route pattern, and serves `/metrics` to whoever has
 * METRICS_TOKEN (Prometheus' `authorization` setting). Without METRICS_TOKEN there is no such route
 * for anyone: answered as any unknown URL.
 */
export function registerMetrics(app: FastifyInstance, config: Config): void {
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    httpRequestDuration.observe({ method: request.method, route, status: reply.statusCode }, reply.elapsedTime / 1000);
    done();
  });

  app.get('/metrics', async (request, reply) => {
    const token = config.METRICS_TOKEN;
    if (token === undefined) return reply.callNotFound();
    if (!hasToken(request, token)) {
      reply.header('www-authenticate', 'Bearer realm="metrics"');
      throw new AppError('UNAUTHENTICATED', 'Scraping /metrics needs the bearer token METRICS_TOKEN.');
    }
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
