import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Migration {
  version: string;
  sql: string;
  checksum: string;
}

const migrationsDir = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * The versioned SQL files of src/db/migrations, in order. Each is written by hand next to its
 * change to schema.ts (which mirrors them for Drizzle's typed queries), and never edited once
 * applied: the checksum catches an edit.
 */
export function loadMigrations(): Migration[] {
  return readdirSync(migrationsDir)
    .filter((file) => /^\d{4}_[\w-]+\.sql$/.test(file))
    .sort()
    .map((file) => {
      const sql = readFileSync(`${migrationsDir}/${file}`, 'utf8');
      return { version: file.replace(/\.sql$/, ''), sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/** How a migration runner reaches the database: one statement batch at a time. */
export interface MigrationExecutor {
  exec(sql: string): Promise<void>;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
}

export const MIGRATION_LOCK_KEY = 7_202_611;

/**
 * Applies pending migrations, each in its own transaction. The caller holds an exclusive lock
 * (advisory lock on PostgreSQL; PGlite has one connection) so instances starting together take turns.
 */
export async function applyMigrations(db: MigrationExecutor, migrations = loadMigrations()): Promise<string[]> {
  await db.exec(`create table if not exists schema_migrations (
    version text primary key, checksum text not null, applied_at timestamptz not null default now())`);
  const applied = new Map(
    (await db.query<{ version: string; checksum: string }>('select version, checksum from schema_migrations')).map((row) => [row.version, row.checksum]),
  );
  const done: string[] = [];
  for (const migration of migrations) {
    const checksum = applied.get(migration.version);
    if (checksum !== undefined) {
      if (checksum !== migration.checksum) throw new Error(`Migration ${migration.version} was edited after it was applied; add a new migration instead.`);
      continue;
    }
    try {
      await db.exec(`begin;\n${migration.sql}\n;insert into schema_migrations (version, checksum) values ('${migration.version}', '${migration.checksum}');\ncommit;`);
    } catch (error) {
      await db.exec('rollback').catch(() => {});
      throw new Error(`Migration ${migration.version} failed: ${(error as Error).message}`, { cause: error });
    }
    done.push(migration.version);
  }
  return done;
}
