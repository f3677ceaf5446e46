import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openDatabase } from '../db/client.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoData } from '../seed/demo.ts';
import { buildApp } from './app.ts';
import { loadConfig } from '../config/config.ts';
import { WEB_ROOT } from './web-build.ts';
import { assertSupportedNode } from './runtime.ts';

async function main(): Promise<void> {
  assertSupportedNode();
  const config = loadConfig();
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
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

  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await database.close();
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
