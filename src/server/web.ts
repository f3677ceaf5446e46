import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Paths the single-page app never answers: the API and the live-updates socket keep their own 404s. */
const SERVER_PATH = /^\/(api|ws)(\/|$)/;
/** A missing file (`/assets/old-hash.js`, `/favicon.ico`) is a 404, not the app's HTML under a script's name. */
const FILE_PATH = /^\/assets\/|\.[a-z0-9]+$/i;

/**
 * Serves the built web app from `root` (`dist/web`). Hashed assets are cached for good; index.html
 * never, so a new build is picked up on the next load. Any other GET outside /api and /ws, and
 * not for a file, answers index.html: a reload or a shared link on a client-side route
 * (`/demandes/…`) works.
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
    const path = request.url.split('?')[0]!;
    if (SERVER_PATH.test(path) || FILE_PATH.test(path)) return reply.callNotFound();
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
