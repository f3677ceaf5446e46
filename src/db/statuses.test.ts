import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/databases.ts';
import { demandeStatuses, meetSessionStatuses, offreStatuses, paymentProviders, paymentStatuses } from '../shared/statuses.ts';
import { sql } from 'drizzle-orm';
import { queryRows } from './client.ts';

/** The values a migrated CHECK constraint allows, read back from the database. */
async function allowedBy(t: TestDatabase, constraint: string): Promise<string[]> {
  const [row] = await queryRows<{ definition: string }>(t.database.db, sql`select pg_get_constraintdef(oid) as definition from pg_constraint where conname = ${constraint}`);
  if (!row) throw new Error(`no constraint ${constraint}`);
  return [...row.definition.matchAll(/'([^']*)'/g)].map((match) => match[1]!).sort();
}

describe('the status lists of src/shared/statuses.ts are the migrations’ checks', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase('pglite');
  });
  afterAll(() => t.close());

  it.each([
    ['demandes_status_check', demandeStatuses],
    ['offres_status_check', offreStatuses],
    ['meet_sessions_status_check', meetSessionStatuses],
    ['payments_status_check', paymentStatuses],
    ['payments_provider_check', paymentProviders],
  ] as const)('%s allows exactly its list', async (constraint, list) => {
    expect(await allowedBy(t, constraint)).toEqual([...list].sort());
  });
});
