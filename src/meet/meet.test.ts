import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demandeWithOffres, signUp, type TestApp } from '../../test/support/app.ts';
import { DATABASE_KINDS } from '../../test/support/databases.ts';

describe.each(DATABASE_KINDS)('meet sessions on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.close());

  async function acceptedSession() {
    const camille = await signUp(t.app, 'Camille');
    const hugo = await signUp(t.app, 'Hugo');
    const lea = await signUp(t.app, 'Léa');
    const { demandeId, offreIds } = await demandeWithOffres(camille, [hugo, lea]);
    const { meetSessionId, callId } = (await camille.post(`/api/offres/${offreIds[0]}/accept`)).json();
    return { camille, hugo, lea, demandeId, offreId: offreIds[0]!, otherOffreId: offreIds[1]!, meetSessionId, callId };
  }

  it('shows the same session, callId and participants to both participants', async () => {
    const { camille, hugo, demandeId, offreId, meetSessionId, callId } = await acceptedSession();
    const expected = {
      id: meetSessionId,
      callId,
      offreId,
      demandeId,
      status: 'awaiting_payment',
      payment: null,
      participants: { demandeur: { id: camille.user.id, displayName: 'Camille' }, prestataire: { id: hugo.user.id, displayName: 'Hugo' } },
      createdAt: expect.any(String),
    };
    expect((await camille.get(`/api/meet-sessions/${meetSessionId}`)).json()).toEqual(expected);
    expect((await hugo.get(`/api/meet-sessions/${meetSessionId}`)).json()).toEqual(expected);
  });

  it('is unknown (404) to the refused prestataire and to strangers, session and timeline alike', async () => {
    const { lea, meetSessionId } = await acceptedSession();
    const stranger = await signUp(t.app, 'Stranger');
    for (const person of [lea, stranger]) {
      for (const url of [`/api/meet-sessions/${meetSessionId}`, `/api/meet-sessions/${meetSessionId}/timeline`]) {
        const response = await person.get(url);
        expect(response.statusCode).toBe(404);
        expect(response.json().error.code).toBe('MEET_SESSION_NOT_FOUND');
        expect(response.body).not.toContain(meetSessionId);
      }
    }
  });

  it('gives the participants the session’s timeline, oldest first, without other offres’ events', async () => {
    const { camille, hugo, meetSessionId, otherOffreId, offreId } = await acceptedSession();
    const events = (await hugo.get(`/api/meet-sessions/${meetSessionId}/timeline`)).json().events;
    expect(events.map((e: { kind: string }) => e.kind)).toEqual(['demande.created', 'offre.proposed', 'offre.accepted', 'meet_session.created']);
    expect(events.every((e: { offreId: string | null }) => e.offreId === null || e.offreId === offreId)).toBe(true);
    expect(JSON.stringify(events)).not.toContain(otherOffreId);
    expect((await camille.get(`/api/meet-sessions/${meetSessionId}/timeline`)).json().events).toEqual(events);
    const ids = events.map((e: { id: number }) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });
});
