import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openDatabase } from '../db/client.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoData } from '../seed/demo.ts';
import { buildApp } from './app.ts';
import { loadConfig } from '../config/config.ts';
import { WEB_ROOT } from './web-build.ts';
import { assertSupportedNode } from './runtime.ts';

/** After the shutdown deadline, how long the pool may take to close before the process exits anyway. */
const HARD_STOP_GRACE_MS = 5_000;

async function main(): Promise<void> {
  assertSupportedNode();
  const config = loadConfig();
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    listenDatabaseUrl: config.LISTEN_DATABASE_URL,
    dataDir: resolve(config.ACCORD_DATA_DIR),
    poolSize: config.DATABASE_POOL_SIZE,
  });
  // `npm start` builds it first (prestart); `npm run dev` serves it from Vite instead.
  const webBuilt = existsSync(join(WEB_ROOT, 'index.html'));
  const app = await buildApp({ config, database, webRoot: webBuilt ? WEB_ROOT : undefined });
  if (!webBuilt) app.log.warn('web app not built (dist/web): serving the API only; run `npm run build`');

  const seedsDemo = config.NODE_ENV === 'development' && config.ACCORD_SEED_DEMO && database.kind === 'pglite';
  if (seedsDemo && (await seedDemoData(database.db))) {
    app.log.info({ accounts: DEMO_ACCOUNTS.map((a) => a.email) }, 'seeded demo accounts');
    printDemoLogins(config.PUBLIC_URL);
  }

  // SIGTERM (systemd, a rolling restart): the listening socket closes, idle connections are
  // closed, sockets are told to reconnect elsewhere (close 1012), requests in flight finish, then
  // the pool closes. A request still running at the deadline has its connection cut, so a
  // deploy never hangs on one stuck request. A second signal kills at once (the default).
  const shutdown = async (signal: string) => {
    app.log.info({ signal, timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'shutting down');
    const deadline = setTimeout(() => {
      app.log.warn('shutdown deadline passed: cutting the connections of requests still running');
      app.server.closeAllConnections();
    }, config.SHUTDOWN_TIMEOUT_MS);
    // A query stuck on a lock keeps its pool client, and the pool waits for it: past a grace
    // period the process leaves anyway (its transaction rolls back with the connection).
    const hardStop = setTimeout(() => {
      app.log.error('shutdown did not finish in time: exiting');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS + HARD_STOP_GRACE_MS);
    await app.close();
    clearTimeout(deadline);
    await database.close();
    clearTimeout(hardStop);
    app.log.info('stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.PORT, host: config.HOST });
  app.log.info({ url: config.PUBLIC_URL, database: database.kind }, 'Accord is running');
}

function printDemoLogins(url: string): void {
  const lines = DEMO_ACCOUNTS.map(({ email, role }) => `  ${role.padEnd(12)} ${email}`);
  console.log(`\nDemo accounts (password: ${DEMO_PASSWORD}) — open ${url}\n${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
