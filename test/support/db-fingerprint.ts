import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../src/db/client.ts';

/**
 * Row count and content hash of every table in the database, so a test can prove a request
 * changed nothing. Tables are listed from the catalog: a table added later is covered too.
 */
export async function fingerprintTables(db: Db): Promise<Record<string, string>> {
  const tables = await queryRows<{ name: string }>(
    db,
    sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  const parts = tables.map(
    ({ name }) =>
      `select '${name}' as name, count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as print from "${name}" t`,
  );
  const rows = await queryRows<{ name: string; print: string }>(db, sql.raw(parts.join(' union all ')));
  return Object.fromEntries(rows.map((row) => [row.name, row.print]));
}
