import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../../src/db/client.ts';

export interface BenchDatabase {
  url: string;
  serverVersion: string;
  drop(): Promise<void>;
}

/**
 * Creates `accord_bench_<random>` on the server of `serverUrl` and applies Accord's migrations;
 * `drop` removes it, closing whatever connections are left.
 */
export async function createBenchDatabase(serverUrl: string): Promise<BenchDatabase> {
  const name = `accord_bench_${randomBytes(6).toString('hex')}`;
  const serverVersion = await adminQuery(serverUrl, 'show server_version').then((rows) => String(rows[0]?.server_version));
  await adminQuery(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const drop = async () => void (await adminQuery(serverUrl, `drop database if exists ${name} with (force)`));
  try {
    const database = await openDatabase({ databaseUrl: url.toString(), dataDir: 'unused', poolSize: 1 });
    await database.close();
  } catch (error) {
    await drop();
    throw error;
  }
  return { url: url.toString(), serverVersion, drop };
}

async function adminQuery(serverUrl: string, text: string): Promise<Array<Record<string, unknown>>> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

/**
 * A pool on the bench database. An interrupted run drops the database `with (force)`, which ends
 * idle connections: that must not crash the run before the drop completes (queries in flight
 * still fail as usual).
 */
export function benchPool(url: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', () => {});
  return pool;
}
