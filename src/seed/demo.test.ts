import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.ts';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoData } from './demo.ts';

describe('demo data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite');
  });
  afterAll(() => t.close());

  it('seeds a demandeur, two prestataires, a demande and two offres once, with working logins', async () => {
    expect(await seedDemoData(t.database.db)).toBe(true);
    expect(await seedDemoData(t.database.db)).toBe(false);
    const [counts] = await queryRows<{ users: number; demandes: number; offres: number }>(
      t.database.db,
      sql`select (select count(*) from users)::int as users, (select count(*) from demandes)::int as demandes, (select count(*) from offres)::int as offres`,
    );
    expect(counts).toEqual({ users: 3, demandes: 1, offres: 2 });
    for (const { email } of DEMO_ACCOUNTS) {
      const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: DEMO_PASSWORD } });
      expect(login.statusCode, email).toBe(200);
    }
  });
});
