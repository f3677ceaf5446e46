import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { inTransaction } from '../../src/db/transaction.ts';
import { appendEvent } from '../../src/events/events.repo.ts';
import { NOTIFICATIONS_CHANGED } from '../../src/shared/notifications.ts';
import { RealtimeClient, type WebSocketConstructor } from '../../src/web/realtime/realtime-client.ts';
import { createPostgresDatabase } from '../support/databases.ts';
import { HttpClient } from '../support/http.ts';
import { changedArrivals, openSubscribedSockets, TestSocket } from '../support/realtime.ts';
import { testServerProcess, type ServerProcess } from '../support/server-process.ts';
import { waitUntil } from '../support/wait.ts';

/** A demande posted through one instance with one offre per prestataire (each through its own instance). */
async function demandeWithOffres(demandeur: HttpClient, prestataires: HttpClient[]): Promise<{ demandeId: string; offreIds: string[] }> {
  const created = await demandeur.post('/api/demandes', { title: 'Poser une étagère', description: 'Au salon.' });
  expect(created.status).toBe(201);
  const demandeId: string = created.body.demande.id;
  const offreIds: string[] = [];
  for (const prestataire of prestataires) {
    const offre = await prestataire.post(`/api/demandes/${demandeId}/offres`, { priceCents: 6000, message: 'Je peux' });
    expect(offre.status).toBe(201);
    offreIds.push(offre.body.offre.id);
  }
  return { demandeId, offreIds };
}

describe('live updates across two server processes on one PostgreSQL', () => {
  let drop: () => Promise<void>;
  let url: string;
  let a: ServerProcess;
  let b: ServerProcess;
  beforeAll(async () => {
    ({ url, drop } = await createPostgresDatabase());
    // Started together: they also take turns on the migrations.
    [a, b] = await Promise.all([testServerProcess({ DATABASE_URL: url }), testServerProcess({ DATABASE_URL: url })]);
    await Promise.all([a.start(), b.start()]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await drop();
  });

  it('a socket on instance B hears the acceptance committed through instance A', async () => {
    const demandeur = await HttpClient.signUp(a.url, 'Demandeur');
    const prestataire = await HttpClient.signUp(b.url, 'Prestataire');
    const { demandeId, offreIds } = await demandeWithOffres(demandeur, [prestataire]);

    // Several tabs on B, and the demandeur's own on A.
    const tabsOnB = await openSubscribedSockets(b.url, prestataire.cookie, `demande:${demandeId}`, 3);
    const onA = await TestSocket.open(a.url, demandeur.cookie);
    expect(await onA.subscribe(`demande:${demandeId}`)).toBe('subscribed');
    const onB = tabsOnB[0]!;
    expect(await onB.subscribe(`user:${prestataire.user.id}`)).toBe('subscribed');

    const accepted = await demandeur.post(`/api/offres/${offreIds[0]}/accept`);
    expect(accepted.status).toBe(200);

    const arrivals = await changedArrivals([...tabsOnB, onA], `demande:${demandeId}`, 'offre.accepted');
    expect(arrivals).toHaveLength(4);
    await onB.next((m) => m.type === 'changed' && m.topic === `user:${prestataire.user.id}` && m.kind === 'meet_session.created');
    await onB.next((m) => m.type === 'changed' && m.topic === `user:${prestataire.user.id}` && m.kind === NOTIFICATIONS_CHANGED);
    // The session created through A is the prestataire's to hear on B.
    expect(await onB.subscribe(`meet:${accepted.body.meetSessionId}`)).toBe('subscribed');
    const notifications = await prestataire.get('/api/notifications');
    expect(notifications.body.notifications[0]).toMatchObject({ kind: 'offre.accepted', offreId: offreIds[0] });
    for (const socket of [...tabsOnB, onA]) socket.close();
  });

  describe('with a writer of its own', () => {
    let writer: Database;
    beforeAll(async () => {
      writer = await openDatabase({ databaseUrl: url, dataDir: 'unused', poolSize: 2 });
    });
    afterAll(() => writer.close());

    it('announces a committed change on every instance and a rolled-back one on none', async () => {
      const demandeur = await HttpClient.signUp(a.url, 'Watcher');
      const { demandeId } = await demandeWithOffres(demandeur, []);
      const sockets = [await TestSocket.open(a.url, demandeur.cookie), await TestSocket.open(b.url, demandeur.cookie)];
      for (const socket of sockets) expect(await socket.subscribe(`demande:${demandeId}`)).toBe('subscribed');

      await expect(
        inTransaction(writer.db, async (tx) => {
          await appendEvent(tx, { kind: 'offre.withdrawn', actorId: null, demandeId });
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      // Committed after the rollback: a rolled-back announcement would have reached each socket first.
      await inTransaction(writer.db, (tx) => appendEvent(tx, { kind: 'demande.cancelled', actorId: null, demandeId }));

      for (const socket of sockets) {
        await socket.next((m) => m.type === 'changed' && m.kind === 'demande.cancelled');
        expect(socket.changes({ topic: `demande:${demandeId}` })).toEqual([{ topic: `demande:${demandeId}`, kind: 'demande.cancelled' }]);
        socket.close();
      }
    });
  });

  // Last: it stops instance B.
  it('a tab cut off from B while a change commits through A catches up once reconnected (to A)', async () => {
    const demandeur = await HttpClient.signUp(a.url, 'Tab');
    const prestataire = await HttpClient.signUp(a.url, 'Other');
    const { demandeId, offreIds } = await demandeWithOffres(demandeur, [prestataire]);

    // The load balancer sends the tab to B, then (B gone) to A.
    let target = b.url;
    class BalancedSocket extends WebSocket {
      constructor(_url: string) {
        super(`${target.replace('http', 'ws')}/ws`, { headers: { cookie: demandeur.cookie } });
      }
    }
    const changes: string[] = [];
    let shown: string[] = [];
    let subscriptions = 0;
    const client = new RealtimeClient({ url: 'ws://balancer/ws', WebSocket: BalancedSocket as unknown as WebSocketConstructor, backoff: { initialMs: 100, maxMs: 500 } });
    client.subscribe(`demande:${demandeId}`, {
      changed: (kind) => changes.push(kind),
      subscribed: () => subscriptions++,
      resync: async () => {
        shown = (await demandeur.on(target).get(`/api/demandes/${demandeId}/offres`)).body.offres.map((o: { status: string }) => o.status);
      },
    });
    await waitUntil('the subscription on B', () => (subscriptions === 1 ? true : undefined));

    await b.stop();
    expect((await demandeur.post(`/api/offres/${offreIds[0]}/accept`)).status).toBe(200);
    target = a.url;

    await waitUntil('the catch-up refetch', () => (shown[0] === 'accepted' ? true : undefined), 30_000);
    expect(changes).not.toContain('offre.accepted');
    expect(client.connected).toBe(true);
    client.close();
  });
});
