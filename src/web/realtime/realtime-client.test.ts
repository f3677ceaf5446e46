import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { closeCodes, PROTOCOL_VERSION } from '../../shared/realtime.ts';
import { createTestApp, demandeWithOffres, signUp, type Client, type TestApp } from '../../../test/support/app.ts';
import { DATABASE_KINDS } from '../../../test/support/databases.ts';
import { freePort } from '../../../test/support/server-process.ts';
import { waitUntil } from '../../../test/support/wait.ts';
import { HANDOVER_SPREAD_MS, RealtimeClient, reconnectDelay, type ConnectionStatus, type WebSocketConstructor } from './realtime-client.ts';

describe('reconnectDelay', () => {
  const backoff = { initialMs: 100, maxMs: 1_000 };
  it('doubles from the initial delay up to the cap, jittered between half and all of it', () => {
    expect([0, 1, 2, 3, 4, 10].map((attempt) => reconnectDelay(attempt, backoff, () => 1))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
    expect([0, 1, 2, 3, 4, 10].map((attempt) => reconnectDelay(attempt, backoff, () => 0))).toEqual([50, 100, 200, 400, 500, 500]);
  });
});

/**
 * A tab's network: sockets open with the person's cookie while `up`, and fail to connect (to a
 * closed port) while down, as they would with the cable pulled.
 */
function tabNetwork(cookie: string) {
  const network = { up: true, attempts: 0, sockets: [] as WebSocket[], deadUrl: '' };
  class TabSocket extends WebSocket {
    constructor(url: string) {
      super(network.up ? url : network.deadUrl, { headers: { cookie } });
      network.attempts++;
      network.sockets.push(this);
    }
  }
  return { network, TabSocket: TabSocket as unknown as WebSocketConstructor };
}

describe.each(DATABASE_KINDS)('RealtimeClient against a real server on %s', (kind) => {
  let t: TestApp;
  let url: string;
  let demandeur: Client;
  let prestataire: Client;
  beforeAll(async () => {
    t = await createTestApp(kind);
    url = `${(await t.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws')}/ws`;
    demandeur = await signUp(t.app, 'Demandeur');
    prestataire = await signUp(t.app, 'Prestataire');
  });
  afterAll(() => t.close());

  it('stays closed once its session is signed out (in another tab of the same browser), and says so', async () => {
    const leaving = await signUp(t.app, 'Leaving');
    const { network, TabSocket } = tabNetwork(leaving.cookie!);
    const client = new RealtimeClient({ url, WebSocket: TabSocket, backoff: { initialMs: 10, maxMs: 20 } });
    await waitUntil('the connection', () => (client.connected ? true : undefined));

    expect((await leaving.post('/api/auth/logout')).statusCode).toBe(204);
    await waitUntil('the sign-out', () => (client.status === 'signed-out' ? true : undefined));
    // Many backoff periods later, it has not tried again (it would be refused, forever).
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect([network.attempts, client.status]).toEqual([1, 'signed-out']);
    client.close();
  });

  it('catches up after a cut: re-subscribes and resyncs each topic, so a change made meanwhile is fetched', async () => {
    const { demandeId } = await demandeWithOffres(demandeur, []);
    const topic = `demande:${demandeId}`;
    const { network, TabSocket } = tabNetwork(demandeur.cookie!);
    network.deadUrl = `ws://127.0.0.1:${await freePort()}/ws`;
    const statuses: ConnectionStatus[] = [];
    const changes: string[] = [];
    /** What the page shows of the demande's offres, refetched on resync as the app would. */
    let shownStatuses: string[] = [];
    const refetch = async () => {
      shownStatuses = (await demandeur.get(`/api/demandes/${demandeId}/offres`)).json().offres.map((o: { status: string }) => o.status);
    };
    const resyncs: string[] = [];
    const client = new RealtimeClient({
      url,
      WebSocket: TabSocket,
      backoff: { initialMs: 50, maxMs: 400 },
      onResync: (resynced) => resyncs.push(resynced),
    });
    client.onStatusChange((status) => statuses.push(status));
    let subscriptions = 0;
    client.subscribe(topic, { changed: (kind) => changes.push(kind), resync: () => void refetch(), subscribed: () => subscriptions++ });
    await waitUntil('the subscription', () => (subscriptions === 1 ? true : undefined));

    // Live path first: an offre arrives while connected.
    const offre = await prestataire.post(`/api/demandes/${demandeId}/offres`, { priceCents: 4200, message: 'Dispo demain' });
    await waitUntil('the live offre.proposed', () => (changes.includes('offre.proposed') ? true : undefined));
    await refetch();
    expect(shownStatuses).toEqual(['pending']);

    // The cable is pulled; the acceptance commits while the tab is away.
    network.up = false;
    network.sockets.at(-1)!.terminate();
    await waitUntil('a failed reconnection attempt', () => (network.attempts >= 3 ? true : undefined));
    expect((await demandeur.post(`/api/offres/${offre.json().offre.id}/accept`)).statusCode).toBe(200);
    expect(client.connected).toBe(false);

    network.up = true;
    await waitUntil('the resync', () => (resyncs.length > 0 ? true : undefined));
    expect(resyncs).toEqual([topic]);
    expect(subscriptions).toBe(2);
    await waitUntil('the refetch', () => (shownStatuses[0] === 'accepted' ? true : undefined));
    // It came by the catch-up, not live: the socket was down when it was announced.
    expect(changes).not.toContain('offre.accepted');
    // Connecting was already the status when the listener came; `open` comes again after the cut.
    expect(statuses[0]).toBe('open');
    expect(statuses.slice(1, -1).every((status) => status === 'reconnecting')).toBe(true);
    expect(statuses.length).toBeGreaterThan(2);
    expect(statuses.at(-1)).toBe('open');
    expect(client.status).toBe('open');

    client.close();
  });

  it('unsubscribes when the last handler leaves, and hears nothing more of the topic', async () => {
    const { network, TabSocket } = tabNetwork(demandeur.cookie!);
    const first: string[] = [];
    const second: string[] = [];
    const client = new RealtimeClient({ url, WebSocket: TabSocket });
    const topic = `user:${demandeur.user.id}`;
    let subscribed = false;
    const stopFirst = client.subscribe(topic, { changed: (kind) => first.push(kind), subscribed: () => (subscribed = true) });
    const stopSecond = client.subscribe(topic, { changed: (kind) => second.push(kind) });
    await waitUntil('the subscription', () => (subscribed ? true : undefined));
    await demandeWithOffres(demandeur, []);
    await waitUntil('both handlers', () => (first.length > 0 && second.length > 0 ? true : undefined));

    stopFirst();
    stopSecond();
    // The server confirms the unsubscription on the wire before anything else is sent to it.
    const socket = network.sockets.at(-1)!;
    await new Promise<void>((resolve) =>
      socket.on('message', (data) => JSON.parse(String(data)).type === 'unsubscribed' && resolve()),
    );
    const heard = first.length;
    await demandeWithOffres(demandeur, []);
    expect(client.send({ type: 'subscribe', topic })).toBe(true);
    await new Promise<void>((resolve) => socket.on('message', (data) => JSON.parse(String(data)).type === 'subscribed' && resolve()));
    expect(first.length).toBe(heard);
    client.close();
  });

  it('refuses a topic that is not the user’s through `refused`', async () => {
    const { TabSocket } = tabNetwork(prestataire.cookie!);
    const client = new RealtimeClient({ url, WebSocket: TabSocket });
    const refusals: string[] = [];
    client.subscribe(`user:${demandeur.user.id}`, { changed: () => {}, refused: (code) => refusals.push(code) });
    await waitUntil('the refusal', () => (refusals.length > 0 ? true : undefined));
    expect(refusals).toEqual(['TOPIC_NOT_FOUND']);
    client.close();
  });
});

describe('a server restarting', () => {
  // A backoff of 10 s would fail the test: only the handover's spread (≤ 250 ms) is allowed.
  it.each([
    ['1012 (restarting): reconnects at once, without backoff', closeCodes.restarting, true],
    ['another close code: waits for its backoff', 4408, false],
  ])('%s', async (_name, code, immediate) => {
    const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    const arrivals: number[] = [];
    server.on('connection', (socket) => {
      arrivals.push(Date.now());
      socket.send(JSON.stringify({ v: PROTOCOL_VERSION, type: 'ready', socketId: String(arrivals.length), heartbeatMs: 10_000 }));
      if (arrivals.length === 1) setTimeout(() => socket.close(code, 'bye'), 50);
    });
    const { port } = server.address() as { port: number };
    const client = new RealtimeClient({ url: `ws://127.0.0.1:${port}`, WebSocket: WebSocket as unknown as WebSocketConstructor, backoff: { initialMs: 10_000, maxMs: 10_000 } });
    if (immediate) {
      await waitUntil('the reconnection', () => (arrivals.length >= 2 ? true : undefined), 5_000);
      expect(arrivals[1]! - arrivals[0]!).toBeLessThan(50 + HANDOVER_SPREAD_MS + 1_000);
    } else {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(arrivals).toHaveLength(1);
    }
    client.close();
    await new Promise((resolve) => server.close(resolve));
  });
});

describe('heartbeats', () => {
  it('reconnects when the server falls silent, even though the socket still looks open', async () => {
    const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    let connections = 0;
    server.on('connection', (socket) => {
      connections++;
      socket.send(JSON.stringify({ v: PROTOCOL_VERSION, type: 'ready', socketId: String(connections), heartbeatMs: 40 }));
    });
    const { port } = server.address() as { port: number };
    const client = new RealtimeClient({ url: `ws://127.0.0.1:${port}`, WebSocket: WebSocket as unknown as WebSocketConstructor, backoff: { initialMs: 10, maxMs: 20 } });
    await waitUntil('a second connection', () => (connections >= 2 ? true : undefined));
    client.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('resyncs every topic when the server says it may have missed changes, without reconnecting', async () => {
    const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    let connections = 0;
    server.on('connection', (socket) => {
      connections++;
      socket.send(JSON.stringify({ v: PROTOCOL_VERSION, type: 'ready', socketId: 's', heartbeatMs: 10_000 }));
      socket.on('message', (data) => {
        const { topic } = JSON.parse(String(data));
        socket.send(JSON.stringify({ v: PROTOCOL_VERSION, type: 'subscribed', topic }));
        if (topic === 'user:b') socket.send(JSON.stringify({ v: PROTOCOL_VERSION, type: 'resync' }));
      });
    });
    const { port } = server.address() as { port: number };
    const resynced: string[] = [];
    const client = new RealtimeClient({ url: `ws://127.0.0.1:${port}`, WebSocket: WebSocket as unknown as WebSocketConstructor, onResync: (topic) => resynced.push(topic) });
    const handled: string[] = [];
    client.subscribe('user:a', { changed: () => {}, resync: () => handled.push('a') });
    client.subscribe('user:b', { changed: () => {}, resync: () => handled.push('b') });
    await waitUntil('the resync', () => (resynced.length === 2 ? true : undefined));
    expect(resynced.sort()).toEqual(['user:a', 'user:b']);
    expect(handled.sort()).toEqual(['a', 'b']);
    expect(connections).toBe(1);
    client.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('drops, on the server, a socket that stops answering pings, and keeps one that answers', async () => {
    // Long enough that a loaded machine still answers a ping within one interval.
    const t = await createTestApp('pglite', { realtimeLimits: { heartbeatMs: 1_000 } });
    const baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const person = await signUp(t.app, 'Pings');
    const connect = (autoPong: boolean) => new WebSocket(`${baseUrl.replace('http', 'ws')}/ws`, { headers: { cookie: person.cookie! }, autoPong });
    const mute = connect(false);
    const healthy = connect(true);
    let heartbeats = 0;
    healthy.on('message', (data) => void (JSON.parse(String(data)).type === 'heartbeat' && heartbeats++));
    const closedCode = await new Promise<number>((resolve) => mute.on('close', (code) => resolve(code)));
    expect(closedCode).toBe(1006);
    await waitUntil('a few heartbeats', () => (heartbeats >= 3 ? true : undefined));
    expect(healthy.readyState).toBe(WebSocket.OPEN);
    healthy.close();
    await t.close();
  });
});
