import { type SQL, sql } from 'drizzle-orm';
import { timestamp, type PgColumn } from 'drizzle-orm/pg-core';

export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** `column in ('a', 'b', …)` from a status list of src/shared/statuses.ts: the check and the list are one. */
export const isOneOf = (column: PgColumn, values: readonly string[]): SQL =>
  sql`${column} in (${sql.raw(values.map((value) => `'${value}'`).join(', '))})`;
