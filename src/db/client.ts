import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { applyMigrations, MIGRATION_LOCK_KEY } from './migrate.ts';
import { listenOnPostgres, type PgListener } from './pg-listener.ts';
import * as schema from './schema.ts';

/** The database: what single-statement reads run on (a transaction is one too). */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

declare const openedByInTransaction: unique symbol;
/**
 * A transaction opened by `inTransaction` (src/db/transaction.ts), and only there: what locks
 * rows or writes several of them takes a `Tx`, so the compiler refuses the pool, or a
 * `db.transaction` that would skip the retries.
 */
export type Tx = Db & { readonly [openedByInTransaction]: true };

type Unlisten = () => Promise<void>;

/** One handle over PGlite or PostgreSQL, so the rest of the code has a single path. */
export interface Database {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Db;
  /**
   * LISTEN on a channel; the handler gets each NOTIFY payload of committed transactions. On
   * PostgreSQL a lost listening connection is replaced; `onResumed` then says that payloads sent
   * in between were missed.
   */
  listen(channel: string, onPayload: (payload: string) => void, onResumed?: () => void): Promise<Unlisten>;
  /** Whether every LISTEN connection is up (readiness: a deaf instance misses live updates and call signals). */
  listening(): boolean;
  /** The PostgreSQL pool's connections right now (for /metrics); PGlite has no pool. */
  poolUsage(): { total: number; idle: number; waiting: number; max: number } | undefined;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL connection string; without it, PGlite is used. */
  databaseUrl?: string | undefined;
  /**
   * A direct connection for LISTEN when `databaseUrl` goes through a transaction-mode pooler
   * (PgBouncer), which cannot keep a LISTEN; `databaseUrl` when unset.
   */
  listenDatabaseUrl?: string | undefined;
  /** PGlite data folder; `memory://` keeps everything in memory (tests). */
  dataDir: string;
  poolSize?: number;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const database = options.databaseUrl
    ? openPostgres(options.databaseUrl, options.poolSize ?? 20, options.listenDatabaseUrl ?? options.databaseUrl)
    : await openPglite(options.dataDir);
  try {
    await database.migrate();
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

async function openPglite(dataDir: string): Promise<Database & { migrate(): Promise<void> }> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    async migrate() {
      await applyMigrations({
        exec: async (sql) => void (await client.exec(sql)),
        query: async (sql, params) => (await client.query<never>(sql, params)).rows,
      });
    },
    async listen(channel, onPayload) {
      const unlisten = await client.listen(channel, onPayload);
      return unlisten;
    },
    listening: () => true,
    poolUsage: () => undefined,
    close: () => client.close(),
  };
}

function openPostgres(url: string, poolSize: number, listenUrl: string): Database & { migrate(): Promise<void> } {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 10_000 });
  // A client whose connection dies (terminated backend, restart, failover, network cut) emits
  // 'error', and an 'error' without a listener kills the process. The pool listens on idle
  // clients only, so every client gets its own listener for its whole life, checked out ones
  // (transactions, migrations) included: the query in flight fails by itself (answered 503), and
  // the pool discards the broken client when it is released.
  pool.on('connect', (client) => client.on('error', () => {}));
  pool.on('error', () => {});
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  const listeners = new Set<PgListener>();
  return {
    kind: 'postgres',
    db,
    async migrate() {
      // Instances starting together take turns, so a migration is applied once.
      const lock = await pool.connect();
      try {
        await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        await applyMigrations({
          exec: async (sql) => void (await lock.query(sql)),
          query: async (sql, params) => (await lock.query(sql, params)).rows,
        });
      } finally {
        await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
        lock.release();
      }
    },
    async listen(channel, onPayload, onResumed = () => {}) {
      const listener = await listenOnPostgres(listenUrl, channel, onPayload, onResumed);
      listeners.add(listener);
      return async () => {
        listeners.delete(listener);
        await listener.stop();
      };
    },
    listening: () => [...listeners].every((listener) => listener.connected()),
    poolUsage: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: poolSize }),
    async close() {
      await Promise.all([...listeners].map((listener) => listener.stop()));
      await pool.end();
    },
  };
}


/** Rows of a raw SQL query; both drivers answer `{ rows }`, which Drizzle's shared type hides. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
