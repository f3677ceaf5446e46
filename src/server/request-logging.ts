import type { FastifyInstance } from 'fastify';

/**
 * One line per request at `info`, written when it is answered, with what it asked and how it was
 * answered; its arrival only at `debug`. Fastify's default writes both at `info`: twice the log
 * volume (and the write calls) for what the answer's line already says.
 */
export function registerRequestLogging(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    request.log.debug({ req: request }, 'incoming request');
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  });
}
