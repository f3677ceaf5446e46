import pg from 'pg';
import { assertSupportedNode } from '../../src/server/runtime.ts';
import { TEST_DATABASE_URL } from './databases.ts';

/** Fails the run at once, with the reason, when the PostgreSQL the tests need is not answering. */
export default async function checkPostgres(): Promise<void> {
  // Tests run on the project's Node.js (`npm test`, `npx vitest`), as the server does.
  assertSupportedNode();
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    throw new Error(`PostgreSQL is not answering at ${TEST_DATABASE_URL} (${(error as Error).message}). Start it, or set TEST_DATABASE_URL.`);
  } finally {
    await client.end().catch(() => {});
  }
}
