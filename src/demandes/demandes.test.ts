import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demandeWithOffres, signUp, type TestApp } from '../../test/support/app.ts';
import { DATABASE_KINDS } from '../../test/support/databases.ts';

describe.each(DATABASE_KINDS)('demandes on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.close());

  it('creates a demande and lists it among open ones and in mine', async () => {
    const camille = await signUp(t.app, 'Camille');
    const hugo = await signUp(t.app, 'Hugo');
    const created = await camille.post('/api/demandes', { title: '  Cours de piano  ', description: 'Débutant', budgetCents: 3000 });
    expect(created.statusCode).toBe(201);
    const demande = created.json().demande;
    expect(demande).toMatchObject({ title: 'Cours de piano', budgetCents: 3000, status: 'open', creator: { id: camille.user.id } });

    const open = (await hugo.get('/api/demandes')).json().demandes;
    expect(open.map((d: { id: string }) => d.id)).toContain(demande.id);
    const mine = (await camille.get('/api/demandes?scope=mine')).json().demandes;
    expect(mine.map((d: { id: string }) => d.id)).toEqual([demande.id]);
    expect((await hugo.get('/api/demandes?scope=mine')).json().demandes).toEqual([]);
    expect((await hugo.get(`/api/demandes/${demande.id}`)).json().demande.id).toBe(demande.id);
  });

  it('refuses invalid demandes naming the field', async () => {
    const camille = await signUp(t.app, 'Camille');
    for (const [body, field] of [
      [{ description: 'x' }, 'title'],
      [{ title: 'abc', description: 'x', budgetCents: -5 }, 'budgetCents'],
      [{ title: 'abc', description: 'x', budgetCents: 12.5 }, 'budgetCents'],
      [{ title: 'a\u0000bc', description: 'x' }, 'title'],
      [{ title: 'x'.repeat(201), description: 'x' }, 'title'],
    ] as const) {
      const response = await camille.post('/api/demandes', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field });
    }
    const badQuery = await camille.get('/api/demandes?scope=everything');
    expect(badQuery.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'scope' });
  });

  it('answers 404 for unknown or malformed ids, and for routes that do not exist', async () => {
    const camille = await signUp(t.app, 'Camille');
    expect((await camille.get('/api/demandes/00000000-0000-4000-8000-000000000000')).json().error.code).toBe('DEMANDE_NOT_FOUND');
    expect((await camille.get('/api/demandes/not-a-uuid')).statusCode).toBe(404);
    expect((await camille.get('/api/nothing-here')).json().error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('answers 400 with INVALID_JSON for a malformed body', async () => {
    const camille = await signUp(t.app, 'Camille');
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/demandes',
      payload: '{"title": ',
      headers: { cookie: camille.cookie!, 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('INVALID_JSON');
  });

  it('lets only the creator cancel, rejects its pending offres, and is idempotent', async () => {
    const camille = await signUp(t.app, 'Camille');
    const hugo = await signUp(t.app, 'Hugo');
    const { demandeId, offreIds } = await demandeWithOffres(camille, [hugo]);

    const byOther = await hugo.post(`/api/demandes/${demandeId}/cancel`);
    expect(byOther.statusCode).toBe(403);

    const cancelled = await camille.post(`/api/demandes/${demandeId}/cancel`);
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().demande.status).toBe('cancelled');
    expect((await camille.post(`/api/demandes/${demandeId}/cancel`)).statusCode).toBe(200);

    const offres = (await camille.get(`/api/demandes/${demandeId}/offres`)).json().offres;
    expect(offres).toEqual([expect.objectContaining({ id: offreIds[0], status: 'rejected' })]);
    const accept = await camille.post(`/api/offres/${offreIds[0]}/accept`);
    expect(accept.statusCode).toBe(409);
  });

  it('refuses to cancel a demande whose offre was accepted', async () => {
    const camille = await signUp(t.app, 'Camille');
    const hugo = await signUp(t.app, 'Hugo');
    const { demandeId, offreIds } = await demandeWithOffres(camille, [hugo]);
    expect((await camille.post(`/api/offres/${offreIds[0]}/accept`)).statusCode).toBe(200);
    const response = await camille.post(`/api/demandes/${demandeId}/cancel`);
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('DEMANDE_ALREADY_HAS_ACCEPTED_OFFRE');
  });

  it('hides a closed demande from people who had nothing to do with it', async () => {
    const camille = await signUp(t.app, 'Camille');
    const hugo = await signUp(t.app, 'Hugo');
    const stranger = await signUp(t.app, 'Stranger');
    const { demandeId, offreIds } = await demandeWithOffres(camille, [hugo]);
    await camille.post(`/api/offres/${offreIds[0]}/accept`);
    expect((await hugo.get(`/api/demandes/${demandeId}`)).statusCode).toBe(200);
    expect((await stranger.get(`/api/demandes/${demandeId}`)).statusCode).toBe(404);
    expect((await stranger.get('/api/demandes')).json().demandes.map((d: { id: string }) => d.id)).not.toContain(demandeId);
  });
});
