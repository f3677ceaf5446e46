import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Paths the single-page app never answers: the API and the live-updates socket keep their own 404s. */
const SERVER_PATH = /^\/(api|ws)(\/|\?|$)/;

/**
 * Serves the built web app from `root` (`dist/web`). Hashed assets are cached for good; index.html
 * never, so a new build is picked up on the next load. Any other GET outside /api and /ws answers
 * index.html, so a reload or a shared link on a client-side route (`/demandes/…`) works.
 */
export async function registerWebApp(app: FastifyInstance, root: string): Promise<void> {
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: false,
    setHeaders(reply, path) {
      const hashed = path.includes('/assets/');
      reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.get('/*', (request, reply) => {
    if (SERVER_PATH.test(request.url)) return reply.callNotFound();
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
