import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import { createPostgresDatabase } from '../../test/support/databases.ts';
import { waitUntil } from '../../test/support/wait.ts';
import { openDatabase, queryRows, type Database } from './client.ts';

/** `url` with an application_name, to tell its connections apart in pg_stat_activity. */
const named = (url: string, name: string) => {
  const named = new URL(url);
  named.searchParams.set('application_name', name);
  return named.toString();
};

describe('LISTEN_DATABASE_URL: LISTEN over its own connection when the pool goes through a pooler', () => {
  let created: { url: string; drop(): Promise<void> };
  let database: Database;
  beforeAll(async () => {
    created = await createPostgresDatabase();
    database = await openDatabase({ databaseUrl: named(created.url, 'accord_pool'), listenDatabaseUrl: named(created.url, 'accord_listen'), dataDir: 'unused', poolSize: 2 });
  });
  afterAll(async () => {
    await database?.close();
    await created?.drop();
  });

  it('opens LISTEN connections on LISTEN_DATABASE_URL and queries on DATABASE_URL', async () => {
    const heard: string[] = [];
    const unlisten = await database.listen('accord_test_channel', (payload) => heard.push(payload));
    await database.db.execute(sql`select pg_notify('accord_test_channel', 'hello')`);
    const rows = await queryRows<{ application_name: string; query: string }>(
      database.db,
      sql`select application_name, query from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and query ilike 'listen%'`,
    );
    expect(rows.map((row) => row.application_name)).toEqual(['accord_listen']);
    const own = await queryRows<{ name: string }>(database.db, sql`select current_setting('application_name') as name`);
    expect(own[0]!.name).toBe('accord_pool');
    expect(database.listening()).toBe(true);
    await waitUntil('the notification', () => (heard.length > 0 ? heard : undefined));
    expect(heard).toEqual(['hello']);
    await unlisten();
  });

  it('is refused without DATABASE_URL (the embedded database has no LISTEN of its own to move)', () => {
    expect(() => loadConfig({ LISTEN_DATABASE_URL: 'postgres://x@db/accord' })).toThrow(/DATABASE_URL/);
    expect(loadConfig({ DATABASE_URL: 'postgres://x@pooler/accord', LISTEN_DATABASE_URL: 'postgres://x@db/accord' }).LISTEN_DATABASE_URL).toBe('postgres://x@db/accord');
  });
});
