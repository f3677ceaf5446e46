import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config.ts';

/**
 * Paths reached by other addresses on purpose: probes address an instance by its IP, payment
 * providers post to the URL they were given and follow no redirect, and a WebSocket client cannot
 * follow one (a page on the canonical host only opens /ws there anyway).
 */
const EXEMPT_PATHS = ['/api/health', '/api/ready', '/ws'];
const EXEMPT_PREFIXES = ['/api/payments/webhook/'];

/**
 * One address: a request for another host (`127.0.0.1:3000` when PUBLIC_URL says `localhost`,
 * the bare IP of a server) is redirected to PUBLIC_URL before anything else runs, so a person
 * never holds a session cookie for a host that payments will not send them back to. The scheme
 * is left to the proxy in front (it redirects http to https).
 */
export function registerCanonicalHost(app: FastifyInstance, config: Config): void {
  if (!config.CANONICAL_HOST_REDIRECT) return;
  const canonical = new URL(config.PUBLIC_URL);
  app.addHook('onRequest', async (request, reply) => {
    if (request.host === canonical.host) return;
    const path = request.url.split('?')[0]!;
    if (EXEMPT_PATHS.includes(path) || EXEMPT_PREFIXES.some((prefix) => path.startsWith(prefix))) return;
    // Concatenated, not `new URL(url, base)`: a URL of `//evil.example/` must stay a path here.
    // 308 keeps the method and body (a form posted to the wrong host is posted again, not lost).
    return reply.redirect(`${canonical.origin}${request.url}`, 308);
  });
}
