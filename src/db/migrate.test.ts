import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase } from '../../test/support/databases.ts';
import { openDatabase } from './client.ts';
import { applyMigrations, loadMigrations } from './migrate.ts';
import { queryRows } from './client.ts';
import { sql } from 'drizzle-orm';

describe('migrations (PostgreSQL)', () => {
  let target: { url: string; drop(): Promise<void> };
  beforeAll(async () => {
    target = await createPostgresDatabase();
  });
  afterAll(() => target.drop());

  it('three instances starting at once apply each migration exactly once', async () => {
    const instances = await Promise.all([1, 2, 3].map(() => openDatabase({ databaseUrl: target.url, dataDir: 'unused', poolSize: 2 })));
    const rows = await queryRows<{ version: string }>(instances[0]!.db, sql`select version from schema_migrations order by version`);
    expect(rows.map((r) => r.version)).toEqual(loadMigrations().map((m) => m.version));
    await Promise.all(instances.map((db) => db.close()));
  });

  it('refuses to start when an applied migration was edited', async () => {
    const database = await openDatabase({ databaseUrl: target.url, dataDir: 'unused', poolSize: 1 });
    const [first, ...rest] = loadMigrations();
    const edited = [{ ...first!, checksum: 'edited' }, ...rest];
    const executor = {
      exec: async (text: string) => void (await database.db.execute(sql.raw(text))),
      query: async <T>(text: string) => queryRows<T>(database.db, sql.raw(text)),
    };
    await expect(applyMigrations(executor, edited)).rejects.toThrow(/was edited after it was applied/);
    await database.close();
  });
});

describe('migrations (PGlite)', () => {
  it('creates the schema in an empty embedded database', async () => {
    const database = await openDatabase({ dataDir: 'memory://' });
    const tables = await queryRows<{ table_name: string }>(
      database.db,
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['demandes', 'events', 'meet_sessions', 'offres', 'users']));
    await database.close();
  });
});
