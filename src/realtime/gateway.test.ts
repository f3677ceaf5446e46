import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { inTransaction } from '../db/transaction.ts';
import { appendEvent } from '../events/events.repo.ts';
import { closeCodes, PROTOCOL_VERSION } from '../shared/realtime.ts';
import { createTestApp, demandeWithOffres, signUp, type Client, type TestApp } from '../../test/support/app.ts';
import { DATABASE_KINDS } from '../../test/support/databases.ts';
import { isCollected } from '../../test/support/gc.ts';
import { throwawaySessionCookie } from '../../test/support/sessions.ts';
import { waitUntil } from '../../test/support/wait.ts';
import { RefusedUpgrade, TestSocket } from '../../test/support/realtime.ts';

describe.each(DATABASE_KINDS)('/ws on %s', (kind) => {
  let t: TestApp;
  let baseUrl: string;
  const open = (client: Client | undefined, headers?: Record<string, string>) => TestSocket.open(baseUrl, client?.cookie, headers);

  beforeAll(async () => {
    t = await createTestApp(kind);
    baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => t.close());

  it('refuses anonymous, unknown-session and cross-site upgrades before upgrading', async () => {
    const alice = await signUp(t.app, 'Alice');
    await expect(open(undefined)).rejects.toEqual(new RefusedUpgrade(401));
    await expect(TestSocket.open(baseUrl, 'accord_session=not-a-session')).rejects.toEqual(new RefusedUpgrade(401));
    await expect(open(alice, { origin: 'https://evil.example' })).rejects.toEqual(new RefusedUpgrade(403));
    const own = await open(alice, { origin: t.config.PUBLIC_URL });
    expect(own.messages()[0]).toMatchObject({ v: PROTOCOL_VERSION, type: 'ready' });
    own.close();
  });

  it('answers a refused upgrade as any refused request, then ends the connection', async () => {
    const elsewhere = await signUp(t.app, 'Elsewhere');
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/ws`, { headers: { cookie: elsewhere.cookie, origin: 'https://evil.example' } });
    const response = await new Promise<IncomingMessage>((resolve) => ws.once('unexpected-response', (_request, answer) => resolve(answer)));
    const { socket } = response;
    try {
      let body = '';
      for await (const chunk of response) body += chunk;
      expect(response.statusCode).toBe(403);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(JSON.parse(body)).toMatchObject({ error: { code: 'ORIGIN_NOT_ALLOWED' } });
      await waitUntil('the server to end the refused connection', () => socket.destroyed || undefined, 5_000);
    } finally {
      // A reset, so that a connection the server failed to end does not hold up its shutdown.
      socket.resetAndDestroy();
    }
  });

  it('closes the sockets of a session that signs out (signedOut: do not reconnect), and only those', async () => {
    const camille = await signUp(t.app, 'Camille');
    const elsewhere = await throwawaySessionCookie(t.database.db, camille.user.id);
    const [signingOut, sameSession, otherSession] = [await open(camille), await open(camille), await TestSocket.open(baseUrl, elsewhere)];

    expect((await camille.post('/api/auth/logout')).statusCode).toBe(204);
    for (const socket of [signingOut, sameSession]) expect(await socket.closed).toEqual({ code: closeCodes.signedOut, reason: 'Signed out.' });
    // The same person's other session (another device) keeps its socket.
    otherSession.send({ v: PROTOCOL_VERSION, type: 'subscribe', topic: `user:${camille.user.id}` });
    await otherSession.next((m) => m.type === 'subscribed');
    otherSession.close();
  });

  it('keeps nothing of the HTTP upgrade once the socket is open', async () => {
    const kept = await signUp(t.app, 'Kept');
    // The request is reachable from Fastify's request and reply and from the HTTP response: if
    // the open socket held any of them (memory per idle socket), the request would stay.
    let upgrade: WeakRef<IncomingMessage> | undefined;
    t.app.server.once('upgrade', (request: IncomingMessage) => void (upgrade = new WeakRef(request)));
    const socket = await open(kept);
    expect(await isCollected(upgrade!)).toBe(true);
    expect(await socket.subscribe(`user:${kept.user.id}`)).toBe('subscribed');
    socket.close();
  });

  describe('topic authorisation', () => {
    const people = ['demandeur', 'prestataire', 'rival', 'otherPrestataire', 'stranger'] as const;
    type Person = (typeof people)[number];
    const clients = {} as Record<Person, Client>;
    const sockets = {} as Record<Person, TestSocket>;
    let topics: Record<string, string>;
    let rivalOffreId: string;

    beforeAll(async () => {
      for (const person of people) clients[person] = await signUp(t.app, person);
      const { demandeId, offreIds } = await demandeWithOffres(clients.demandeur, [clients.prestataire, clients.rival]);
      // otherPrestataire offers on someone else's demande only.
      await demandeWithOffres(clients.stranger, [clients.otherPrestataire]);
      const accepted = await clients.demandeur.post(`/api/offres/${offreIds[0]}/accept`);
      expect(accepted.statusCode).toBe(200);
      rivalOffreId = offreIds[1]!;
      topics = {
        demande: `demande:${demandeId}`,
        meet: `meet:${accepted.json().meetSessionId}`,
        userDemandeur: `user:${clients.demandeur.user.id}`,
        userPrestataire: `user:${clients.prestataire.user.id}`,
        unknownDemande: `demande:${randomUUID()}`,
        unknownMeet: `meet:${randomUUID()}`,
      };
      for (const person of people) sockets[person] = await open(clients[person]);
    });
    afterAll(() => Object.values(sockets).forEach((socket) => socket.close()));

    it('lets each topic be heard only by those it concerns, and says nothing of what exists', async () => {
      const allowed: Record<string, Person[]> = {
        demande: ['demandeur', 'prestataire', 'rival'],
        meet: ['demandeur', 'prestataire'],
        userDemandeur: ['demandeur'],
        userPrestataire: ['prestataire'],
        unknownDemande: [],
        unknownMeet: [],
      };
      const verdicts: Record<string, Record<string, string>> = {};
      const expected: Record<string, Record<string, string>> = {};
      for (const [name, topic] of Object.entries(topics)) {
        verdicts[name] = {};
        expected[name] = {};
        for (const person of people) {
          verdicts[name][person] = await sockets[person].subscribe(topic);
          expected[name][person] = allowed[name]!.includes(person) ? 'subscribed' : 'TOPIC_NOT_FOUND';
        }
      }
      expect(verdicts).toEqual(expected);
      expect(await sockets.stranger.subscribe('demande:not-a-uuid')).toBe('INVALID_TOPIC');
      // A refused topic and a missing one read the same, message included.
      const refusals = sockets.stranger.messages().filter((m) => m.type === 'error' && m.code === 'TOPIC_NOT_FOUND');
      expect(new Set(refusals.map((m) => (m.type === 'error' ? m.message : '')))).toEqual(new Set(['No such topic.']));
    });

    it('delivers a committed change to the subscribers it concerns and to no one else', async () => {
      const [, demandeId] = topics.demande!.split(':');
      const [, meetSessionId] = topics.meet!.split(':');
            // A kind the acceptance above did not emit (its own announcements may still be arriving).
      const kind = 'demande.cancelled';
      await inTransaction(t.database.db, (tx) => appendEvent(tx, { kind, actorId: null, demandeId, meetSessionId }));

      await sockets.demandeur.next((m) => m.type === 'changed' && m.topic === topics.userDemandeur && m.kind === kind);
      // Fan-out to local sockets happens at once: a later answer to each socket proves what it missed.
      for (const person of people) expect(await sockets[person].subscribe(`user:${clients[person].user.id}`)).toBe('subscribed');

      const heard = Object.fromEntries(people.map((person) => [person, sockets[person].changes({ kind }).map((c) => c.topic).sort()]));
      expect(heard).toEqual({
        demandeur: [topics.demande, topics.meet, topics.userDemandeur].sort(),
        prestataire: [topics.demande, topics.meet, topics.userPrestataire].sort(),
        rival: [topics.demande],
        otherPrestataire: [],
        stranger: [],
      });
    });

    it('stops delivering a topic once unsubscribed', async () => {
      const socket = await open(clients.rival);
      expect(await socket.subscribe(topics.demande!)).toBe('subscribed');
      socket.send({ v: PROTOCOL_VERSION, type: 'unsubscribe', topic: topics.demande });
      await socket.next((m) => m.type === 'unsubscribed');
      const [, demandeId] = topics.demande!.split(':');
      // About the rival's own offre: an event the rival's other socket, still subscribed, hears.
      await inTransaction(t.database.db, (tx) => appendEvent(tx, { kind: 'offre.withdrawn', actorId: null, demandeId, offreId: rivalOffreId }));
      await sockets.rival.next((m) => m.type === 'changed' && m.kind === 'offre.withdrawn');
      expect(await socket.subscribe(`user:${clients.rival.user.id}`)).toBe('subscribed');
      expect(socket.changes({ kind: 'offre.withdrawn' })).toEqual([]);
      socket.close();
    });
  });

  it('lets any reader of an open demande hear it close, and never another prestataire’s offre (I9)', async () => {
    const [creator, visitor, author] = [await signUp(t.app, 'Creator'), await signUp(t.app, 'Visitor'), await signUp(t.app, 'Author')];
    const { demandeId } = await demandeWithOffres(creator, []);
    const topic = `demande:${demandeId}`;
    const [watching, listening] = [await open(creator), await open(visitor)];
    // Readable over HTTP by the visitor, so heard over /ws too.
    expect((await visitor.get(`/api/demandes/${demandeId}`)).statusCode).toBe(200);
    expect(await listening.subscribe(topic)).toBe('subscribed');
    expect(await watching.subscribe(topic)).toBe('subscribed');

    expect((await author.post(`/api/demandes/${demandeId}/offres`, { priceCents: 4000, message: 'Moi' })).statusCode).toBe(201);
    await watching.next((m) => m.type === 'changed' && m.topic === topic && m.kind === 'offre.proposed');
    expect((await creator.post(`/api/demandes/${demandeId}/cancel`)).statusCode).toBe(200);
    await listening.next((m) => m.type === 'changed' && m.topic === topic && m.kind === 'demande.cancelled');
    expect(listening.changes({}).map((c) => c.kind)).not.toContain('offre.proposed');
    expect(listening.changes({}).map((c) => c.kind)).not.toContain('offre.rejected');

    // Closed, the demande is unknown to the visitor: over HTTP and over /ws alike.
    expect((await visitor.get(`/api/demandes/${demandeId}`)).statusCode).toBe(404);
    const again = await open(visitor);
    expect(await again.subscribe(topic)).toBe('TOPIC_NOT_FOUND');
    for (const socket of [watching, listening, again]) socket.close();
  });

  describe('limits', () => {
    let bystander: Client;
    let watching: TestSocket;
    beforeAll(async () => {
      bystander = await signUp(t.app, 'Bystander');
      watching = await open(bystander);
      expect(await watching.subscribe(`user:${bystander.user.id}`)).toBe('subscribed');
    });

    const misbehaviours: [string, (socket: TestSocket) => void, number, RegExp][] = [
      ['malformed JSON', (s) => s.send('{"v": 1, "type": "subscribe"'), closeCodes.malformedJson, /malformed json/i],
      ['an oversized message', (s) => s.send({ v: 1, type: 'subscribe', topic: 'x'.repeat(40_000) }), closeCodes.messageTooLarge, /limited to 32768 bytes/],
      ['a frame over the transport limit', (s) => s.send('x'.repeat(100_000)), closeCodes.transportTooLarge, /./],
      ['an unknown type', (s) => s.send({ v: 1, type: 'dance' }), closeCodes.invalidMessage, /unknown message type "dance"/i],
      ['another protocol version', (s) => s.send({ v: 2, type: 'subscribe', topic: 'user:x' }), closeCodes.invalidMessage, /expected/i],
      ['a message of the wrong shape', (s) => s.send({ v: 1, type: 'subscribe', topic: 42 }), closeCodes.invalidMessage, /invalid "subscribe"/i],
      ['a binary frame', (s) => s.ws.send(Buffer.from('{}')), closeCodes.invalidMessage, /binary/i],
      ['a flood', (s) => Array.from({ length: 200 }, () => s.send({ v: 1, type: 'unsubscribe', topic: 'user:x' })), closeCodes.rateLimited, /too many/i],
    ];

    it.each(misbehaviours)('closes a socket sending %s, and only that socket', async (_name, misbehave, code, reason) => {
      const offender = await signUp(t.app, 'Offender');
      const socket = await open(offender);
      misbehave(socket);
      const closed = await socket.closed;
      expect(closed.code).toBe(code);
      if (code !== closeCodes.transportTooLarge) expect(closed.reason).toMatch(reason);

      expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
      const before = watching.changes().length;
      expect((await bystander.post('/api/demandes', { title: 'Toujours là', description: 'Oui' })).statusCode).toBe(201);
      await watching.next(() => watching.changes().length > before);
      expect(watching.changes().at(-1)).toEqual({ topic: `user:${bystander.user.id}`, kind: 'demande.created' });
    });

    it('lets a steady client send 12 times the burst at the allowed pace, where the same messages at once close its socket', async () => {
      // Limits of its own, small enough to send far more than the burst in a couple of seconds.
      const limits = { burst: 5, messagesPerSecond: 50 };
      const paced = await createTestApp(kind, { realtimeLimits: limits });
      try {
        const pacedUrl = await paced.app.listen({ port: 0, host: '127.0.0.1' });
        const calm = await signUp(paced.app, 'Calm');
        const steady = await TestSocket.open(pacedUrl, calm.cookie);
        const count = limits.burst * 12;
        // One message every 25 ms or more (40 per second, under the 50 allowed), each answered.
        for (let i = 0; i < count; i++) {
          expect(await steady.subscribe(`user:${calm.user.id}`)).toBe('subscribed');
          await new Promise((resolve) => setTimeout(resolve, 1000 / limits.messagesPerSecond + 5));
        }
        expect(steady.ws.readyState).toBe(steady.ws.OPEN);
        steady.close();

        // The control: the same messages sent at once exceed the bucket and close the socket.
        const hasty = await TestSocket.open(pacedUrl, calm.cookie);
        for (let i = 0; i < count; i++) hasty.send({ v: PROTOCOL_VERSION, type: 'subscribe', topic: `user:${calm.user.id}` });
        const notClosed = new Promise<{ code: 'still open after 10 s' }>((resolve) => setTimeout(() => resolve({ code: 'still open after 10 s' }), 10_000).unref());
        expect((await Promise.race([hasty.closed, notClosed])).code).toBe(closeCodes.rateLimited);
        hasty.close();
      } finally {
        await paced.close();
      }
    });
  });
});
