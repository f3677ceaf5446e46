import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config/config.ts';
import { AppError } from '../errors/app-error.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Called by payment providers' servers, authenticated by their signature rather than a cookie. */
const EXEMPT_PREFIXES = ['/api/payments/webhook/'];

/**
 * CSRF defence: a state-changing request sent by a browser from another site is refused. Browsers
 * send `Origin` (and `Sec-Fetch-Site`) on such requests; clients without them are not browsers.
 */
export function registerOriginCheck(app: FastifyInstance, config: Config): void {
  const publicOrigin = new URL(config.PUBLIC_URL).origin;
  app.addHook('onRequest', async (request) => {
    if (SAFE_METHODS.has(request.method) || EXEMPT_PREFIXES.some((prefix) => request.url.startsWith(prefix))) return;
    if (!isSameOrigin(request, publicOrigin)) {
      throw new AppError('ORIGIN_NOT_ALLOWED', 'This request came from another site and was refused.');
    }
  });
}

/** Whether a browser request comes from Accord's own pages (also used for WebSocket upgrades). */
export function isSameOrigin(request: FastifyRequest, publicOrigin: string): boolean {
  if (request.headers['sec-fetch-site'] === 'cross-site') return false;
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  // Either the configured public address, or the address the browser used (a dev proxy keeps Host).
  return origin === publicOrigin || origin === `${request.protocol}://${request.host}`;
}
