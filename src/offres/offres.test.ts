import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestApp, demandeWithOffres, signUp, type TestApp } from '../../test/support/app.ts';
import { DATABASE_KINDS } from '../../test/support/databases.ts';
import { queryRows } from '../db/client.ts';
import { callIdFor } from '../sessions/call-id.ts';
import { myOffreDto } from '../shared/schemas.ts';

describe.each(DATABASE_KINDS)('offres and acceptance on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.close());

  const countRows = async (query: SQL) => Number((await queryRows<{ n: number }>(t.database.db, query))[0]!.n);

  it('proposes an offre, never on one’s own demande, at most one live per prestataire', async () => {
    const camille = await signUp(t.app, 'Camille');
    const hugo = await signUp(t.app, 'Hugo');
    const { demandeId } = await demandeWithOffres(camille, []);

    const own = await camille.post(`/api/demandes/${demandeId}/offres`, { priceCents: 100, message: 'moi' });
    expect(own.statusCode).toBe(403);

    const first = await hugo.post(`/api/demandes/${demandeId}/offres`, { priceCents: 4500, message: 'Je peux venir demain.' });
    expect(first.statusCode).toBe(201);
    const offre = first.json().offre;
    expect(offre).toMatchObject({ demandeId, priceCents: 4500, status: 'pending', prestataire: { id: hugo.user.id }, meetSessionId: null });
    const days = (Date.parse(offre.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);

    const second = await hugo.post(`/api/demandes/${demandeId}/offres`, { priceCents: 4000, message: 'Moins cher' });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('OFFRE_ALREADY_PROPOSED');

    expect((await hugo.post(`/api/offres/${offre.id}/withdraw`)).json().offre.status).toBe('withdrawn');
    expect((await hugo.post(`/api/demandes/${demandeId}/offres`, { priceCents: 4000, message: 'Moins cher' })).statusCode).toBe(201);
  });

  it('refuses an invalid offre naming the field', async () => {
    const camille = await signUp(t.app, 'Camille');
    const hugo = await signUp(t.app, 'Hugo');
    const { demandeId } = await demandeWithOffres(camille, []);
    for (const [body, field] of [
      [{ message: 'x' }, 'priceCents'],
      [{ priceCents: '12', message: 'x' }, 'priceCents'],
      [{ priceCents: 0, message: 'x' }, 'priceCents'],
      [{ priceCents: 100 }, 'message'],
      [{ priceCents: 100, message: 'x', validForDays: 0 }, 'validForDays'],
    ] as const) {
      const response = await hugo.post(`/api/demandes/${demandeId}/offres`, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field });
    }
  });

  it('shows the creator every offre and a prestataire only their own', async () => {
    const camille = await signUp(t.app, 'Camille');
    const hugo = await signUp(t.app, 'Hugo');
    const lea = await signUp(t.app, 'Léa');
    const { demandeId, offreIds } = await demandeWithOffres(camille, [hugo, lea]);
    const ids = (response: { json(): { offres: { id: string }[] } }) => response.json().offres.map((o) => o.id).sort();
    expect(ids(await camille.get(`/api/demandes/${demandeId}/offres`))).toEqual([...offreIds].sort());
    expect(ids(await hugo.get(`/api/demandes/${demandeId}/offres`))).toEqual([offreIds[0]]);
    expect(ids(await lea.get('/api/me/offres'))).toEqual([offreIds[1]]);
  });

  it("lists a prestataire's own offres with their demande's id, title and status, whatever became of it", async () => {
    const camille = await signUp(t.app, 'Camille');
    const hugo = await signUp(t.app, 'Hugo');
    const lea = await signUp(t.app, 'Léa');
    const open = await demandeWithOffres(camille, [hugo], 'Monter une étagère');
    const cancelled = await demandeWithOffres(camille, [hugo], 'Changer un robinet');
    const givenToLea = await demandeWithOffres(camille, [hugo, lea], 'Poser du parquet');
    expect((await camille.post(`/api/demandes/${cancelled.demandeId}/cancel`)).statusCode).toBe(200);
    expect((await camille.post(`/api/offres/${givenToLea.offreIds[1]}/accept`)).statusCode).toBe(200);

    // The answer is what the web parses it with.
    const mine = z.array(myOffreDto).parse((await hugo.get('/api/me/offres')).json().offres);
    const demandeOf = Object.fromEntries(mine.map((o) => [o.id, o.demande]));
    expect(demandeOf).toEqual({
      [open.offreIds[0]!]: { id: open.demandeId, title: 'Monter une étagère', status: 'open' },
      [cancelled.offreIds[0]!]: { id: cancelled.demandeId, title: 'Changer un robinet', status: 'cancelled' },
      [givenToLea.offreIds[0]!]: { id: givenToLea.demandeId, title: 'Poser du parquet', status: 'accepted' },
    });
    // Still an offre's answer: the new field adds to it, and `demandeId` stays.
    expect(mine.every((o) => o.demandeId === o.demande.id)).toBe(true);
    expect(mine.map((o) => o.status)).toEqual(['rejected', 'rejected', 'pending']);

    const leas = (await lea.get('/api/me/offres')).json().offres;
    expect(leas).toEqual([expect.objectContaining({ id: givenToLea.offreIds[1], demande: { id: givenToLea.demandeId, title: 'Poser du parquet', status: 'accepted' } })]);
    expect((await camille.get('/api/me/offres')).json().offres).toEqual([]);
  });

  it('accepts once: same session and callId on every repeat, other offres rejected, events recorded', async () => {
    const camille = await signUp(t.app, 'Camille');
    const hugo = await signUp(t.app, 'Hugo');
    const lea = await signUp(t.app, 'Léa');
    const { demandeId, offreIds } = await demandeWithOffres(camille, [hugo, lea]);
    const [hugoOffre, leaOffre] = offreIds as [string, string];

    const first = await camille.post(`/api/offres/${hugoOffre}/accept`);
    expect(first.statusCode).toBe(200);
    const body = first.json();
    expect(body).toEqual({ success: true, meetSessionId: expect.any(String), callId: callIdFor(hugoOffre) });
    for (let i = 0; i < 3; i++) expect((await camille.post(`/api/offres/${hugoOffre}/accept`)).json()).toEqual(body);

    const other = await camille.post(`/api/offres/${leaOffre}/accept`);
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe('DEMANDE_ALREADY_HAS_ACCEPTED_OFFRE');

    const statuses = Object.fromEntries((await camille.get(`/api/demandes/${demandeId}/offres`)).json().offres.map((o: { id: string; status: string }) => [o.id, o.status]));
    expect(statuses).toEqual({ [hugoOffre]: 'accepted', [leaOffre]: 'rejected' });
    expect((await camille.get(`/api/demandes/${demandeId}`)).json().demande.status).toBe('accepted');
    expect((await hugo.get(`/api/demandes/${demandeId}/offres`)).json().offres[0].meetSessionId).toBe(body.meetSessionId);

    expect(await countRows(sql`select count(*) as n from meet_sessions where demande_id = ${demandeId}`)).toBe(1);
    const kinds = await queryRows<{ kind: string; n: number }>(
      t.database.db,
      sql`select kind, count(*)::int as n from events where demande_id = ${demandeId} group by kind`,
    );
    expect(Object.fromEntries(kinds.map((r) => [r.kind, Number(r.n)]))).toEqual({
      'demande.created': 1,
      'offre.proposed': 2,
      'offre.accepted': 1,
      'offre.rejected': 1,
      'meet_session.created': 1,
    });
  });

  it('lets only the creator accept or reject, only the author withdraw; strangers get 404', async () => {
    const camille = await signUp(t.app, 'Camille');
    const hugo = await signUp(t.app, 'Hugo');
    const stranger = await signUp(t.app, 'Stranger');
    const { offreIds } = await demandeWithOffres(camille, [hugo]);
    const offre = offreIds[0]!;
    expect((await hugo.post(`/api/offres/${offre}/accept`)).statusCode).toBe(403);
    expect((await hugo.post(`/api/offres/${offre}/reject`)).statusCode).toBe(403);
    expect((await camille.post(`/api/offres/${offre}/withdraw`)).statusCode).toBe(403);
    for (const action of ['accept', 'reject', 'withdraw']) {
      const response = await stranger.post(`/api/offres/${offre}/${action}`);
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('OFFRE_NOT_FOUND');
    }
    expect((await camille.post('/api/offres/00000000-0000-4000-8000-000000000000/accept')).statusCode).toBe(404);
  });

  it('rejects and withdraws only pending offres', async () => {
    const camille = await signUp(t.app, 'Camille');
    const hugo = await signUp(t.app, 'Hugo');
    const lea = await signUp(t.app, 'Léa');
    const { offreIds } = await demandeWithOffres(camille, [hugo, lea]);
    const [hugoOffre, leaOffre] = offreIds as [string, string];
    expect((await camille.post(`/api/offres/${hugoOffre}/reject`)).json().offre.status).toBe('rejected');
    const again = await camille.post(`/api/offres/${hugoOffre}/reject`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('OFFRE_NOT_PENDING');
    expect((await camille.post(`/api/offres/${hugoOffre}/accept`)).json().error.code).toBe('OFFRE_NOT_PENDING');
    expect((await hugo.post(`/api/offres/${hugoOffre}/withdraw`)).statusCode).toBe(409);

    expect((await lea.post(`/api/offres/${leaOffre}/withdraw`)).json().offre.status).toBe('withdrawn');
    expect((await camille.post(`/api/offres/${leaOffre}/accept`)).json().error.code).toBe('OFFRE_NOT_PENDING');
  });

  it('refuses to accept an expired offre and shows it as expired', async () => {
    const camille = await signUp(t.app, 'Camille');
    const hugo = await signUp(t.app, 'Hugo');
    const { demandeId, offreIds } = await demandeWithOffres(camille, [hugo]);
    await t.database.db.execute(sql`update offres set expires_at = now() - interval '1 minute' where id = ${offreIds[0]}`);
    const response = await camille.post(`/api/offres/${offreIds[0]}/accept`);
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('OFFRE_EXPIRED');
    expect((await camille.get(`/api/demandes/${demandeId}/offres`)).json().offres[0].status).toBe('expired');
    // The lapsed offre no longer holds the prestataire's slot.
    expect((await hugo.post(`/api/demandes/${demandeId}/offres`, { priceCents: 900, message: 'Nouvelle offre' })).statusCode).toBe(201);
  });
});
