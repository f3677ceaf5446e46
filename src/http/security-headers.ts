import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config/config.ts';

/**
 * The app's Content-Security-Policy: everything from its own origin only, no inline script, no
 * framing. WebRTC needs the signaling socket (ws/wss of our own host: older browsers do not count
 * it under 'self') and local media as blob: URLs; the peer connections themselves (STUN/TURN,
 * media) are not subject to CSP.
 */
export function contentSecurityPolicy(publicUrl: string): string {
  const url = new URL(publicUrl);
  const socket = `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}`;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    `connect-src 'self' ${socket}`,
    "font-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function securityHeaders(config: Config): Record<string, string> {
  const headers: Record<string, string> = {
    'content-security-policy': contentSecurityPolicy(config.PUBLIC_URL),
    'x-content-type-options': 'nosniff',
    // Meet URLs carry session ids: they must not travel to other sites in Referer.
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    // The call needs the camera and microphone (and screen sharing) here, and nothing else does.
    'permissions-policy': 'camera=(self), microphone=(self), display-capture=(self), geolocation=(), payment=(), usb=()',
    'x-dns-prefetch-control': 'off',
  };
  if (config.NODE_ENV === 'production' && config.PUBLIC_URL.startsWith('https:')) {
    headers['strict-transport-security'] = 'max-age=31536000; includeSubDomains';
  }
  return headers;
}

/** Sets the security headers a route has not set itself; API answers are personal: never stored by a shared cache. */
function addSecurityHeaders(headers: [string, string][], request: FastifyRequest, reply: FastifyReply): void {
  for (const [name, value] of headers) if (!reply.hasHeader(name)) reply.header(name, value);
  if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
}

/**
 * Adds the security headers to every answer (API, static files, errors, 404s). A route that needs
 * a different value for one of them (a provider's checkout page) sets it itself and keeps it.
 */
export function registerSecurityHeaders(app: FastifyInstance, config: Config): void {
  const headers = Object.entries(securityHeaders(config));
  app.addHook('onSend', async (request, reply, payload) => {
    addSecurityHeaders(headers, request, reply);
    return payload;
  });
}

type FrameworkErrorHandler = (error: never, request: FastifyRequest, reply: FastifyReply) => unknown;

/** The router's own refusals (a malformed URL) are answered before any hook runs: they get the headers here. */
export function withSecurityHeaders<H extends FrameworkErrorHandler>(config: Config, handler: H): H {
  const headers = Object.entries(securityHeaders(config));
  return ((error: never, request: FastifyRequest, reply: FastifyReply) => {
    addSecurityHeaders(headers, request, reply);
    return handler(error, request, reply);
  }) as H;
}
