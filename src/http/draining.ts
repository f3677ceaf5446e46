import type { FastifyInstance } from 'fastify';

/**
 * While the app closes, answers carry `Connection: close`. A request in flight at SIGTERM would
 * otherwise be answered keep-alive, and its connection would hold the shutdown until the idle
 * timeout (72 s): Node closes idle connections when the server closes, not those that become idle
 * afterwards.
 */
export function registerDraining(app: FastifyInstance): void {
  let draining = false;
  app.addHook('preClose', async () => {
    draining = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (draining) reply.header('connection', 'close');
  });
}
