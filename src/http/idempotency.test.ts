import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.ts';
import { createTestApp, signUp, type Client, type TestApp } from '../../test/support/app.ts';
import { DATABASE_KINDS } from '../../test/support/databases.ts';

const demande = { title: 'Tailler une haie', description: 'Vingt mètres de thuyas.', budgetCents: 12000 };

describe.each(DATABASE_KINDS)('Idempotency-Key on creating POSTs (%s)', (kind) => {
  let t: TestApp;
  let camille: Client;
  let hugo: Client;
  beforeAll(async () => {
    t = await createTestApp(kind);
    camille = await signUp(t.app, 'Camille');
    hugo = await signUp(t.app, 'Hugo');
  });
  afterAll(() => t.close());

  const send = (client: Client, url: string, payload: unknown, key: string) =>
    t.app.inject({ method: 'POST', url, payload: payload as object, headers: { cookie: client.cookie!, 'idempotency-key': key } });
  const demandesOf = async (client: Client) => (await client.get('/api/demandes?scope=mine')).json().demandes as { id: string; title: string }[];

  it('same key and body: the stored answer, marked as replayed, and one demande', async () => {
    const before = (await demandesOf(camille)).length;
    const first = await send(camille, '/api/demandes', demande, 'key-same');
    const again = await send(camille, '/api/demandes', demande, 'key-same');
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect((await demandesOf(camille)).length).toBe(before + 1);
  });

  it('same key, another body: 422 IDEMPOTENCY_KEY_REUSED, nothing created', async () => {
    await send(camille, '/api/demandes', demande, 'key-other-body');
    const before = (await demandesOf(camille)).length;
    const reused = await send(camille, '/api/demandes', { ...demande, title: 'Autre chose' }, 'key-other-body');
    expect(reused.statusCode).toBe(422);
    expect(reused.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await demandesOf(camille)).length).toBe(before);
  });

  it('keys belong to one account: another person’s same key creates their own', async () => {
    const mine = await send(camille, '/api/demandes', demande, 'key-shared');
    const theirs = await send(hugo, '/api/demandes', demande, 'key-shared');
    expect(theirs.statusCode).toBe(201);
    expect(theirs.json().demande.id).not.toBe(mine.json().demande.id);
  });

  it('concurrent requests with one key create once, and every one gets that creation', async () => {
    const before = (await demandesOf(camille)).length;
    const answers = await Promise.all(Array.from({ length: 8 }, () => send(camille, '/api/demandes', demande, 'key-concurrent')));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(8).fill(201));
    expect(new Set(answers.map((a) => a.json().demande.id)).size).toBe(1);
    expect((await demandesOf(camille)).length).toBe(before + 1);
  });

  it('an offre retried with its key is answered again, not refused as a second offre', async () => {
    const { demande: open } = (await camille.post('/api/demandes', demande)).json();
    const offre = { priceCents: 9000, message: 'Dès samedi.' };
    const first = await send(hugo, `/api/demandes/${open.id}/offres`, offre, 'offre-key');
    const retried = await send(hugo, `/api/demandes/${open.id}/offres`, offre, 'offre-key');
    expect(first.statusCode).toBe(201);
    expect(retried.statusCode).toBe(201);
    expect(retried.json().offre.id).toBe(first.json().offre.id);
    // Without the key it is a second offre, refused as before.
    expect((await hugo.post(`/api/demandes/${open.id}/offres`, offre)).json().error.code).toBe('OFFRE_ALREADY_PROPOSED');
    // The same key on another path is another request.
    expect((await send(hugo, '/api/demandes', demande, 'offre-key')).statusCode).toBe(422);
  });

  it('a refused creation does not use up its key', async () => {
    const refused = await send(camille, '/api/demandes', { ...demande, title: '' }, 'key-after-fix');
    expect(refused.statusCode).toBe(400);
    expect((await send(camille, '/api/demandes', demande, 'key-after-fix')).statusCode).toBe(201);
  });

  it('forgets a key after 24 hours: the same key then creates again', async () => {
    const first = await send(camille, '/api/demandes', demande, 'key-expiring');
    await t.database.db.execute(sql`update idempotency_keys set created_at = now() - interval '25 hours' where key = 'key-expiring'`);
    const later = await send(camille, '/api/demandes', demande, 'key-expiring');
    expect(later.statusCode).toBe(201);
    expect(later.json().demande.id).not.toBe(first.json().demande.id);
    expect(later.headers['idempotent-replayed']).toBeUndefined();
    const rows = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from idempotency_keys where key = 'key-expiring'`);
    expect(rows[0]!.n).toBe(1);
  });

  it('refuses a malformed key', async () => {
    const answer = await send(camille, '/api/demandes', demande, 'x'.repeat(256));
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'Idempotency-Key' });
  });
});
