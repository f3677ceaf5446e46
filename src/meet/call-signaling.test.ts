import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CALL_PAGES } from './call.service.ts';
import { buildApp } from '../server/app.ts';
import type { FastifyInstance } from 'fastify';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { DATABASE_KINDS } from '../../test/support/databases.ts';
import { HttpClient } from '../../test/support/http.ts';
import { callFixture, type CallFixture } from '../../test/support/meet.ts';
import { payThroughSandbox } from '../../test/support/payments.ts';
import { TestSocket } from '../../test/support/realtime.ts';

const description = (sdp: string) => ({ description: { type: 'offer', sdp } });
/** An SDP larger than a NOTIFY payload (8000 bytes), as a screen-sharing offer can be. */
const bigSdp = `v=0\r\n${'a=x-padding:0123456789abcdef\r\n'.repeat(600)}`;
/** What concerns the deal's two parties only. */
const DEAL_KINDS = /^(payment|meet_session|call)\./;

describe.each(DATABASE_KINDS)('call signaling on %s', (kind) => {
  let t: TestApp;
  let baseUrl: string;
  const sockets: TestSocket[] = [];
  const open = async (cookie: string, url = baseUrl) => {
    const socket = await TestSocket.open(url, cookie);
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    t = await createTestApp(kind);
    baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t.close();
  });

  it('lets both participants of a paid session in, tells each of the other, and relays descriptions of any size', async () => {
    const f = await callFixture(t.app);
    const camille = await open(f.demandeur.cookie!);
    const hugo = await open(f.prestataire.cookie!);
    camille.join(f.meetSessionId, 'camille-page-1');
    expect(await camille.nextCall((m) => m.type === 'meet.joined')).toEqual({
      v: 1, type: 'meet.joined', meetSessionId: f.meetSessionId, callId: f.callId, peerId: 'camille-page-1', role: 'demandeur', polite: false,
    });
    hugo.join(f.meetSessionId, 'hugo-page-1');
    expect(await hugo.nextCall((m) => m.type === 'meet.joined')).toMatchObject({ callId: f.callId, role: 'prestataire', polite: true });
    expect(await hugo.nextCall((m) => m.type === 'meet.peer')).toMatchObject({
      state: 'present', peer: { userId: f.demandeur.user.id, peerId: 'camille-page-1', role: 'demandeur', displayName: 'Camille' },
    });
    expect(await camille.nextCall((m) => m.type === 'meet.peer')).toMatchObject({ state: 'present', peer: { peerId: 'hugo-page-1', role: 'prestataire' } });

    camille.sendCall({ type: 'meet.signal', meetSessionId: f.meetSessionId, peerId: 'camille-page-1', toPeerId: 'hugo-page-1', signal: description(bigSdp) });
    const relayed = await hugo.nextCall((m) => m.type === 'meet.signal');
    expect(relayed).toEqual({ v: 1, type: 'meet.signal', meetSessionId: f.meetSessionId, fromPeerId: 'camille-page-1', toPeerId: 'hugo-page-1', signal: description(bigSdp) });
    expect(camille.callMessages().some((m) => m.type === 'meet.signal')).toBe(false);
  });

  it('refuses a stranger, the refused prestataire and an unpaid session, and sends them nothing of the call', async () => {
    const f = await callFixture(t.app);
    const unpaid = await callFixture(t.app, { paid: false });
    const camille = await open(f.demandeur.cookie!);
    camille.join(f.meetSessionId, 'camille-page-1');
    await camille.nextCall((m) => m.type === 'meet.joined');

    for (const outsider of [f.stranger, f.rival]) {
      const socket = await open(outsider.cookie!);
      socket.join(f.meetSessionId, 'outsider-page');
      expect(await socket.nextCall((m) => m.type === 'meet.refused')).toEqual({
        v: 1, type: 'meet.refused', meetSessionId: f.meetSessionId, code: 'MEET_SESSION_NOT_FOUND', message: 'No such meet session.',
      });
      socket.sendCall({ type: 'meet.signal', meetSessionId: f.meetSessionId, peerId: 'outsider-page', toPeerId: 'camille-page-1', signal: description('v=0') });
      expect(await socket.nextCall((m) => m.type === 'meet.refused' && m.code === 'NOT_IN_CALL')).toBeTruthy();
    }
    const early = await open(unpaid.demandeur.cookie!);
    early.join(unpaid.meetSessionId, 'early-page-1');
    expect(await early.nextCall((m) => m.type === 'meet.refused')).toMatchObject({ code: 'MEET_SESSION_NOT_READY' });

    // A message the participant will get, sent after the outsiders' attempts: nothing came before it.
    const hugo = await open(f.prestataire.cookie!);
    hugo.join(f.meetSessionId, 'hugo-page-1');
    await camille.nextCall((m) => m.type === 'meet.peer');
    expect(camille.callMessages().map((m) => m.type)).toEqual(['meet.joined', 'meet.peer']);
    const timeline = (await f.demandeur.get(`/api/meet-sessions/${f.meetSessionId}/timeline`)).json().events;
    expect(timeline.filter((e: { kind: string }) => e.kind === 'call.joined').map((e: { actorId: string }) => e.actorId)).toEqual([f.demandeur.user.id, f.prestataire.user.id]);
    expect((await unpaid.demandeur.get(`/api/meet-sessions/${unpaid.meetSessionId}/timeline`)).json().events.map((e: { kind: string }) => e.kind)).not.toContain('call.joined');
  });

  it('tells the other participant of a departure, records it, and lets a reloaded page back in', async () => {
    const f = await callFixture(t.app);
    const camille = await open(f.demandeur.cookie!);
    const hugo = await open(f.prestataire.cookie!);
    // One after the other: two joins at once may be recorded in either order (another test races them).
    camille.join(f.meetSessionId, 'camille-page-1');
    await camille.nextCall((m) => m.type === 'meet.joined');
    hugo.join(f.meetSessionId, 'hugo-page-1');
    await camille.nextCall((m) => m.type === 'meet.peer');

    hugo.close(); // a reload: the socket drops, a new page joins with a new peerId
    expect(await camille.nextCall((m) => m.type === 'meet.peer' && m.state === 'gone')).toMatchObject({ reason: 'disconnected', peer: { peerId: 'hugo-page-1' } });
    const reloaded = await open(f.prestataire.cookie!);
    reloaded.join(f.meetSessionId, 'hugo-page-2');
    expect(await camille.nextCall((m) => m.type === 'meet.peer' && m.state === 'present' && (m.peer as { peerId: string }).peerId === 'hugo-page-2')).toBeTruthy();
    expect(await reloaded.nextCall((m) => m.type === 'meet.peer')).toMatchObject({ state: 'present', peer: { peerId: 'camille-page-1' } });

    reloaded.sendCall({ type: 'meet.leave', meetSessionId: f.meetSessionId, peerId: 'hugo-page-2' });
    expect(await camille.nextCall((m) => m.type === 'meet.peer' && m.state === 'gone' && m.reason === 'left')).toBeTruthy();
    const notifications = async () => (await f.demandeur.get('/api/notifications')).json().notifications.map((n: { kind: string }) => n.kind);
    // Only a real departure is notified: the dropped socket was not (the payment, before the call, was).
    await expect.poll(notifications).toEqual(['call.left', 'call.joined', 'call.joined', 'payment.succeeded', 'offre.received', 'offre.received']);
    const timeline = (await f.demandeur.get(`/api/meet-sessions/${f.meetSessionId}/timeline`)).json().events;
    expect(timeline.filter((e: { kind: string }) => e.kind.startsWith('call.')).map((e: { kind: string; data: { peerId: string; reason?: string } }) => [e.kind, e.data.peerId, e.data.reason])).toEqual([
      ['call.joined', 'camille-page-1', undefined],
      ['call.joined', 'hugo-page-1', undefined],
      ['call.left', 'hugo-page-1', 'disconnected'],
      ['call.joined', 'hugo-page-2', undefined],
      ['call.left', 'hugo-page-2', 'left'],
    ]);
  });

  it('confirms each join before telling of the other when both join at the same instant (8 rounds)', async () => {
    for (let round = 0; round < 8; round++) {
      const f = await callFixture(t.app);
      const [camille, hugo] = await Promise.all([open(f.demandeur.cookie!), open(f.prestataire.cookie!)]);
      camille.join(f.meetSessionId, `camille-round-${round}`);
      hugo.join(f.meetSessionId, `hugo-round-${round}`);
      for (const socket of [camille, hugo]) {
        await socket.nextCall((m) => m.type === 'meet.peer');
        expect(socket.callMessages()[0]?.type).toBe('meet.joined');
      }
    }
  });

  it('replaces an older tab of the same account', async () => {
    const f = await callFixture(t.app);
    const first = await open(f.demandeur.cookie!);
    const second = await open(f.demandeur.cookie!);
    first.join(f.meetSessionId, 'camille-tab-1');
    await first.nextCall((m) => m.type === 'meet.joined');
    second.join(f.meetSessionId, 'camille-tab-2');
    expect(await first.nextCall((m) => m.type === 'meet.replaced')).toMatchObject({ peerId: 'camille-tab-1' });
    first.sendCall({ type: 'meet.signal', meetSessionId: f.meetSessionId, peerId: 'camille-tab-1', toPeerId: 'x-page-000', signal: description('v=0') });
    expect(await first.nextCall((m) => m.type === 'meet.refused')).toMatchObject({ code: 'NOT_IN_CALL' });
  });

  if (kind === 'postgres') {
    it('relays between two server instances on one database', async () => {
      let second: FastifyInstance | undefined;
      try {
        second = await buildApp({ config: t.config, database: t.database });
        const secondUrl = await second.listen({ port: 0, host: '127.0.0.1' });
        const f = await callFixture(t.app);
        const camille = await open(f.demandeur.cookie!);
        const hugo = await open(f.prestataire.cookie!, secondUrl);
        camille.join(f.meetSessionId, 'camille-page-1');
        await camille.nextCall((m) => m.type === 'meet.joined');
        hugo.join(f.meetSessionId, 'hugo-page-1');
        await hugo.nextCall((m) => m.type === 'meet.peer');
        await camille.nextCall((m) => m.type === 'meet.peer');
        hugo.sendCall({ type: 'meet.signal', meetSessionId: f.meetSessionId, peerId: 'hugo-page-1', toPeerId: 'camille-page-1', signal: description(bigSdp) });
        expect(await camille.nextCall((m) => m.type === 'meet.signal')).toMatchObject({ fromPeerId: 'hugo-page-1', signal: description(bigSdp) });
      } finally {
        await second?.close();
      }
    });
  }

  // Security finding 8: a prestataire who lost the deal followed the winner's payment, session and
  // call live on `demande:<id>`, while the API refused them the same (404).
  it('tells a losing prestataire subscribed to the demande none of the winner’s payment, session or call events', async () => {
    const f = await callFixture(t.app, { paid: false });
    const demandeId: string = (await f.demandeur.get(`/api/meet-sessions/${f.meetSessionId}`)).json().demandeId;
    const topic = `demande:${demandeId}`;
    const [winner, loser] = await Promise.all([open(f.prestataire.cookie!), open(f.rival.cookie!)]);
    expect(await winner.subscribe(topic)).toBe('subscribed');
    // Allowed: the loser offered on it and may still read the demande (GET answers 200)…
    expect(await loser.subscribe(topic)).toBe('subscribed');
    expect((await f.rival.get(`/api/demandes/${demandeId}`)).statusCode).toBe(200);
    expect((await f.rival.get(`/api/meet-sessions/${f.meetSessionId}`)).statusCode).toBe(404);

    await payThroughSandbox(HttpClient.of(baseUrl, f.demandeur), f.meetSessionId);
    const call = await open(f.prestataire.cookie!);
    call.join(f.meetSessionId, 'hugo-page-1');
    await winner.next((m) => m.type === 'changed' && m.topic === topic && m.kind === 'call.joined');
    // The same fan-out reaches both sockets: an unsubscribe answered after it closes the window.
    loser.send({ v: 1, type: 'unsubscribe', topic });
    await loser.next((m) => m.type === 'unsubscribed' && m.topic === topic);

    const winnerHeard = winner.changes({ topic }).map((c) => c.kind);
    expect(winnerHeard).toEqual(expect.arrayContaining(['payment.created', 'payment.succeeded', 'meet_session.ready', 'call.joined']));
    // …but hears only what every reader of the demande may know of.
    expect(loser.changes({ topic }).map((c) => c.kind).filter((k) => DEAL_KINDS.test(k))).toEqual([]);
  });

  // Security finding 9: every meet.join wrote a permanent event and notified the other (195 joins
  // in a second, 195 notifications), and each large signal was a stored row with no bound.
  it('records a page once however often it rejoins, bounds the pages of a participant, and the stored signals of a call', async () => {
    const f = await callFixture(t.app);
    const hugo = await open(f.prestataire.cookie!);
    hugo.join(f.meetSessionId, 'hugo-page-1');
    await hugo.nextCall((m) => m.type === 'meet.joined');
    const joins = async (socket: TestSocket, peerId: string) => {
      const before = socket.callMessages().length;
      socket.join(f.meetSessionId, peerId);
      const answer = await socket.nextCall((m) => (m.type === 'meet.joined' || m.type === 'meet.refused') && socket.callMessages().indexOf(m) >= before);
      return answer.type === 'meet.refused' ? String((answer as { code: string }).code) : answer.type;
    };
    // The same page, again and again, on its socket and on new ones (a flaky network).
    for (let i = 0; i < 5; i++) {
      const camille = await open(f.demandeur.cookie!);
      expect(await joins(camille, 'camille-page-1')).toBe('meet.joined');
      expect(await joins(camille, 'camille-page-1')).toBe('meet.joined');
      camille.close();
      await camille.closed;
    }
    const callEvents = async () =>
      (await f.demandeur.get(`/api/meet-sessions/${f.meetSessionId}/timeline`)).json().events.filter((e: { kind: string; actorId: string }) => e.kind.startsWith('call.') && e.actorId === f.demandeur.user.id).map((e: { kind: string }) => e.kind);
    await expect.poll(callEvents).toEqual(['call.joined', 'call.left']);
    const hugoNotified = (await f.prestataire.get('/api/notifications')).json().notifications.filter((n: { kind: string }) => n.kind === 'call.joined');
    expect(hugoNotified).toHaveLength(1);

    // New pages, up to the bound (the first page counts), then refused.
    const reloads = await open(f.demandeur.cookie!);
    for (let page = 2; page <= MAX_CALL_PAGES; page++) expect(await joins(reloads, `camille-page-${page}`)).toBe('meet.joined');
    expect(await joins(reloads, 'camille-page-one-too-many')).toBe('TOO_MANY_CALL_PAGES');

    // Large signals: a call holds at most 20 stored at once; past them the sender is told to wait.
    // Sent by the last page from a socket of its own (a rejoin, not a new page): the joins above
    // spent the first socket's message allowance, which would close it for flooding instead.
    const last = `camille-page-${MAX_CALL_PAGES}`;
    const sender = await open(f.demandeur.cookie!);
    expect(await joins(sender, last)).toBe('meet.joined');
    for (let i = 0; i < 21; i++) {
      sender.sendCall({ type: 'meet.signal', meetSessionId: f.meetSessionId, peerId: last, toPeerId: 'hugo-page-1', signal: description(`${bigSdp}${i}`) });
    }
    expect(await sender.nextCall((m) => m.type === 'meet.refused' && m.code === 'TOO_MANY_SIGNALS')).toBeTruthy();
    await expect.poll(() => hugo.callMessages().filter((m) => m.type === 'meet.signal').length).toBe(20);
    const stored = await t.database.db.execute(sql`select count(*)::int as n from bus_messages where channel = ${`meet-call:${f.meetSessionId}`}`);
    expect((stored as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(20);
  });
});
