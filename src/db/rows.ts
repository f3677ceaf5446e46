import { getTableColumns, getTableName, type Table } from 'drizzle-orm';

/**
 * Maps the rows of a raw `select *` (or `returning *`) on `table` as Drizzle's query builder maps
 * its own: each column to its field, each driver value through the column (timestamps to Dates…).
 * For the hottest statements, written as `sql` templates: the query builder spends ~100 µs
 * building a select of a whole row on every call, a template a few.
 */
export function rowMapper<T extends Table>(table: T): (rows: Record<string, unknown>[]) => T['$inferSelect'][] {
  const columns = Object.entries(getTableColumns(table));
  return (rows) =>
    rows.map((row) => {
      const mapped: Record<string, unknown> = {};
      for (const [field, column] of columns) {
        // A template that does not return every column would map to nulls, silently.
        if (!(column.name in row)) throw new Error(`row of ${getTableName(table)} without its column "${column.name}"`);
        const value = row[column.name];
        mapped[field] = value === null ? null : column.mapFromDriverValue(value);
      }
      return mapped as T['$inferSelect'];
    });
}
