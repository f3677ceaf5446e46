import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../db/transaction.ts';
import { NOTIFICATIONS_CHANGED, type NotificationDto } from '../shared/notifications.ts';
import { anonymous, createTestApp, demandeWithOffres, signUp, type Client, type TestApp } from '../../test/support/app.ts';
import { DATABASE_KINDS } from '../../test/support/databases.ts';
import { TestSocket } from '../../test/support/realtime.ts';
import { notify } from './notifications.service.ts';

async function notificationsOf(client: Client): Promise<{ notifications: NotificationDto[]; unreadCount: number }> {
  const response = await client.get('/api/notifications');
  expect(response.statusCode).toBe(200);
  return response.json();
}

describe.each(DATABASE_KINDS)('notification centre on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.close());

  it('tells the demandeur of each new offre, and each prestataire of the decision on theirs', async () => {
    const [demandeur, chosen, rival, refused] = await Promise.all(['Demandeur', 'Chosen', 'Rival', 'Refused'].map((name) => signUp(t.app, name)));
    const { demandeId, offreIds } = await demandeWithOffres(demandeur!, [chosen!, rival!, refused!]);

    const received = await notificationsOf(demandeur!);
    expect(received.unreadCount).toBe(3);
    // Newest first.
    expect(received.notifications.map((n) => [n.kind, n.offreId, n.data.prestataireName])).toEqual([
      ['offre.received', offreIds[2], 'Refused'],
      ['offre.received', offreIds[1], 'Rival'],
      ['offre.received', offreIds[0], 'Chosen'],
    ]);
    expect(received.notifications[0]).toMatchObject({ demandeId, readAt: null, data: { demandeTitle: 'Réparer une fuite', priceCents: 5200 } });

    expect((await demandeur!.post(`/api/offres/${offreIds[2]}/reject`)).statusCode).toBe(200);
    expect((await demandeur!.post(`/api/offres/${offreIds[0]}/accept`)).statusCode).toBe(200);
    // Accepting again changes nothing (I2) and tells no one twice.
    expect((await demandeur!.post(`/api/offres/${offreIds[0]}/accept`)).statusCode).toBe(200);

    const summary = async (client: Client) => (await notificationsOf(client)).notifications.map((n) => ({ kind: n.kind, offreId: n.offreId, data: n.data }));
    expect(await summary(chosen!)).toEqual([{ kind: 'offre.accepted', offreId: offreIds[0], data: { demandeTitle: 'Réparer une fuite' } }]);
    expect(await summary(rival!)).toEqual([
      { kind: 'offre.rejected', offreId: offreIds[1], data: { demandeTitle: 'Réparer une fuite', reason: 'other_offre_accepted' } },
    ]);
    expect(await summary(refused!)).toEqual([
      { kind: 'offre.rejected', offreId: offreIds[2], data: { demandeTitle: 'Réparer une fuite', reason: 'rejected_by_demandeur' } },
    ]);
  });

  it('tells the prestataires of pending offres when the demande is cancelled', async () => {
    const [demandeur, prestataire] = await Promise.all([signUp(t.app, 'Cancels'), signUp(t.app, 'Waits')]);
    const { demandeId, offreIds } = await demandeWithOffres(demandeur!, [prestataire!]);
    expect((await demandeur!.post(`/api/demandes/${demandeId}/cancel`)).statusCode).toBe(200);
    const [notification] = (await notificationsOf(prestataire!)).notifications;
    expect(notification).toMatchObject({ kind: 'offre.rejected', offreId: offreIds[0], data: { reason: 'demande_cancelled' } });
  });

  it('marks one or all as read, idempotently, and keeps other people’s notifications out of reach', async () => {
    const [demandeur, p1, p2, stranger] = await Promise.all(['Reader', 'P1', 'P2', 'Stranger'].map((name) => signUp(t.app, name)));
    await demandeWithOffres(demandeur!, [p1!, p2!]);
    const [newest, oldest] = (await notificationsOf(demandeur!)).notifications;

    expect((await stranger!.post(`/api/notifications/${newest!.id}/read`)).statusCode).toBe(404);
    expect((await stranger!.post('/api/notifications/not-an-id/read')).statusCode).toBe(404);
    expect((await anonymous(t.app).get('/api/notifications')).statusCode).toBe(401);

    const read = await demandeur!.post(`/api/notifications/${newest!.id}/read`);
    expect(read.statusCode).toBe(200);
    const readAt = read.json().notification.readAt;
    expect(readAt).not.toBeNull();
    expect((await demandeur!.post(`/api/notifications/${newest!.id}/read`)).json().notification.readAt).toBe(readAt);
    expect((await notificationsOf(demandeur!)).unreadCount).toBe(1);

    expect((await demandeur!.post('/api/notifications/read-all')).json()).toEqual({ marked: 1 });
    const after = await notificationsOf(demandeur!);
    expect(after.unreadCount).toBe(0);
    expect(after.notifications.find((n) => n.id === oldest!.id)!.readAt).not.toBeNull();
    expect((await demandeur!.post('/api/notifications/read-all')).json()).toEqual({ marked: 0 });
  });

  it('exists only if its cause commits, and announces itself on the user topic when it does', async () => {
    const person = await signUp(t.app, 'Told');
    const baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const socket = await TestSocket.open(baseUrl, person.cookie);
    expect(await socket.subscribe(`user:${person.user.id}`)).toBe('subscribed');

    await expect(
      inTransaction(t.database.db, async (tx) => {
        await notify(tx, { userId: person.user.id, kind: 'offre.accepted', data: { demandeTitle: 'Annulée' } });
        throw new Error('cause rolled back');
      }),
    ).rejects.toThrow('cause rolled back');
    await inTransaction(t.database.db, (tx) => notify(tx, { userId: person.user.id, kind: 'offre.accepted', data: { demandeTitle: 'Validée' } }));

    await socket.next((m) => m.type === 'changed' && m.kind === NOTIFICATIONS_CHANGED);
    const { notifications } = await notificationsOf(person);
    expect(notifications.map((n) => n.data.demandeTitle)).toEqual(['Validée']);
    // Only the committed one was announced (the rolled-back one, sent first, would have come first).
    expect(await socket.subscribe(`user:${person.user.id}`)).toBe('subscribed');
    expect(socket.changes({ kind: NOTIFICATIONS_CHANGED })).toHaveLength(1);
    socket.close();
  });
});
