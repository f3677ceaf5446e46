import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

/** What a proxy's id looks like (nginx's `$request_id` is 32 hex digits); anything else is replaced. */
const PROXY_REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/**
 * Each request's id: in every log line about it (`requestId`), in the `X-Request-Id` header and in
 * error bodies, so a person's report finds its lines. A proxy in front (nginx with
 * `proxy_set_header X-Request-Id $request_id`) gives its own, so its access log and ours share it;
 * otherwise a random UUID, unique across instances (Fastify's default counts per process).
 */
export function requestId(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && PROXY_REQUEST_ID.test(given) ? given : randomUUID();
}

export function registerRequestIdHeader(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
}
