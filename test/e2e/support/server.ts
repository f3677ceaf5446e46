import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/server/app.ts';
import { testConfig, type Config } from '../../../src/config/config.ts';
import { WEB_ROOT } from '../../../src/server/web-build.ts';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from '../../support/databases.ts';
import { freePort } from '../../support/server-process.ts';

export interface WebServer extends TestDatabase {
  app: FastifyInstance;
  /** `http://127.0.0.1:<port>`, the real server on a free port, serving the built app and the API. */
  url: string;
}

/**
 * The real server on its own fresh database, listening on a free port: what `npm start` runs. Its
 * PUBLIC_URL is its own address, so the sandbox checkout links and returns to it.
 */
export async function startWebServer(kind: DatabaseKind, config: Partial<Config> = {}): Promise<WebServer> {
  const testDatabase = await createTestDatabase(kind, { poolSize: 12 });
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const app = await buildApp({ config: testConfig({ PUBLIC_URL: publicUrl, ...config }), database: testDatabase.database, webRoot: WEB_ROOT });
  const url = await app.listen({ port, host: '127.0.0.1' });
  return {
    ...testDatabase,
    app,
    url,
    async close() {
      await app.close();
      await testDatabase.close();
    },
  };
}
