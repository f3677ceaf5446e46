/**
 * Accord deployed as the README says: the repository's nginx configuration (real nginx) in front
 * of two server processes on one PostgreSQL. Over HTTP and /ws through nginx (not in browsers):
 * the seed's flow, an instance SIGKILLed mid-call, PostgreSQL backends terminated mid-transaction,
 * and a rolling restart under load.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import { runDoctor } from '../../src/doctor/doctor.ts';
import pg from 'pg';
import { createPostgresDatabase, terminateBackends } from '../support/databases.ts';
import { HttpClient, TEST_PASSWORD } from '../support/http.ts';
import { payThroughSandbox } from '../support/payments.ts';
import { TestSocket } from '../support/realtime.ts';
import { freePort, testServerProcess, type ServerProcess } from '../support/server-process.ts';
import { waitUntil } from '../support/wait.ts';
import { Nginx } from './nginx.ts';

/** A pause between the two restarts, so the load meets each instance alone for a while. */
const PAUSE_BETWEEN_RESTARTS_MS = 3_000;
/** How many clients load the instances around each instance's restart (the stress run raises it). */
const LOAD_WORKERS = Number(process.env.DEPLOY_LOAD_WORKERS ?? 4);

async function ready(server: ServerProcess): Promise<void> {
  await waitUntil(`${server.url} to be ready`, async () => ((await fetch(`${server.url}/api/ready`).then((r) => r.status, () => 0)) === 200 ? true : undefined), {
    timeoutMs: 60_000,
    intervalMs: 100,
  });
}

/** A creating POST as the web app sends it: an Idempotency-Key, retried with it on 502/503/504 or a cut. */
async function createAsTheWebApp(baseUrl: string, cookie: string, path: string, body: object): Promise<{ status: number; body: any }> {
  const key = randomUUID();
  for (const delay of [300, 1_000, 2_500, undefined]) {
    try {
      const response = await fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
      });
      if (delay === undefined || ![502, 503, 504].includes(response.status)) return { status: response.status, body: await response.json() };
    } catch (error) {
      if (delay === undefined) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  throw new Error('unreachable');
}

describe('deployed behind nginx: two instances on PostgreSQL', () => {
  let database: { url: string; drop(): Promise<void> };
  let servers: [ServerProcess, ServerProcess];
  let nginx: Nginx;
  const sockets: TestSocket[] = [];
  const open = async (cookie: string) => {
    const socket = await TestSocket.open(nginx.url, cookie);
    sockets.push(socket);
    return socket;
  };
  // Filled by the first test, used by the next.
  let camille: HttpClient;
  let hugo: HttpClient;
  let meetSessionId: string;
  let demandeId: string;

  beforeAll(async () => {
    database = await createPostgresDatabase();
    const nginxPort = await freePort();
    const env = {
      DATABASE_URL: database.url,
      DATABASE_POOL_SIZE: '6',
      PUBLIC_URL: `http://127.0.0.1:${nginxPort}`,
      TRUST_PROXY: '127.0.0.1',
      SHUTDOWN_TIMEOUT_MS: '5000',
    };
    servers = [await testServerProcess(env), await testServerProcess(env)];
    await Promise.all(servers.map((server) => server.start()));
    nginx = await Nginx.start(servers.map((server) => new URL(server.url).host) as [string, string], nginxPort);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await nginx?.stop();
    await Promise.all(servers?.map((server) => server.stop()) ?? []);
    await database?.drop();
  });

  it('the seed’s flow through nginx: two accounts, accept, pay in the sandbox, both reach the same meet session', async () => {
    camille = await HttpClient.signUp(nginx.url, 'Camille');
    hugo = await HttpClient.signUp(nginx.url, 'Hugo');
    const demande = await createAsTheWebApp(nginx.url, camille.cookie!, '/api/demandes', { title: 'Cours de guitare', description: 'Pour débutant.' });
    expect(demande.status).toBe(201);
    demandeId = demande.body.demande.id;
    const offre = await createAsTheWebApp(nginx.url, hugo.cookie!, `/api/demandes/${demandeId}/offres`, { priceCents: 4000, message: 'Samedi matin.' });
    expect(offre.status).toBe(201);
    const accepted = await camille.post(`/api/offres/${offre.body.offre.id}/accept`);
    expect(accepted.status).toBe(200);
    meetSessionId = accepted.body.meetSessionId;
    await payThroughSandbox(camille, meetSessionId);
    const seen = await Promise.all([camille, hugo].map(async (person) => (await person.get(`/api/meet-sessions/${meetSessionId}`)).body));
    expect(seen[0]).toMatchObject({ id: meetSessionId, status: 'ready', callId: accepted.body.callId });
    expect(seen[1]).toMatchObject({ id: meetSessionId, status: 'ready', callId: accepted.body.callId });

    // Both join the call through nginx's /ws (one socket on each instance, nginx alternating).
    const callers = [await open(camille.cookie!), await open(hugo.cookie!)];
    callers[0]!.sendCall({ type: 'meet.join', meetSessionId, peerId: 'camille-page-1' });
    callers[1]!.sendCall({ type: 'meet.join', meetSessionId, peerId: 'hugo-page-1' });
    for (const caller of callers) {
      expect(await caller.nextCall((m) => m.type === 'meet.joined')).toMatchObject({ meetSessionId, callId: accepted.body.callId });
      await caller.nextCall((m) => m.type === 'meet.peer' && (m as { state?: string }).state === 'present');
    }
  });

  it('an instance SIGKILLed mid-call: the cut side reconnects through nginx to the other, and signaling goes through again', async () => {
    const peers = [
      { person: camille, peerId: 'camille-page-2', socket: await open(camille.cookie!) },
      { person: hugo, peerId: 'hugo-page-2', socket: await open(hugo.cookie!) },
    ];
    for (const peer of peers) peer.socket.sendCall({ type: 'meet.join', meetSessionId, peerId: peer.peerId });
    for (const peer of peers) await peer.socket.nextCall((m) => m.type === 'meet.joined');

    // Kill the instance holding a socket (nginx alternates, so the first killed usually holds one).
    let killed: ServerProcess | undefined;
    for (const server of servers) {
      await server.kill('SIGKILL');
      const cut = await Promise.race([Promise.any(peers.map((peer) => peer.socket.closed)), new Promise((resolve) => setTimeout(resolve, 2_000, undefined))]);
      if (cut) {
        killed = server;
        break;
      }
      await server.start();
      await ready(server);
    }
    expect(killed, 'no instance held either socket').toBeDefined();

    // What a tab does: reconnect (through nginx, now to the survivor) and rejoin with its peer id.
    for (const peer of peers) {
      const closed = await Promise.race([peer.socket.closed, Promise.resolve(undefined)]);
      if (!closed) continue;
      peer.socket = await open(peer.person.cookie!);
      peer.socket.sendCall({ type: 'meet.join', meetSessionId, peerId: peer.peerId });
      await peer.socket.nextCall((m) => m.type === 'meet.joined');
    }
    const [from, to] = peers as [(typeof peers)[0], (typeof peers)[0]];
    await waitUntil('a signal to cross after the kill', async () => {
      from.socket.sendCall({ type: 'meet.signal', meetSessionId, peerId: from.peerId, toPeerId: to.peerId, signal: { description: { type: 'offer', sdp: 'v=0' } } });
      return to.socket.callMessages().some((m) => m.type === 'meet.signal') ? true : undefined;
    }, { timeoutMs: 20_000, intervalMs: 500 });
    // HTTP through nginx keeps working while the instance is down.
    expect((await camille.get(`/api/meet-sessions/${meetSessionId}`)).status).toBe(200);

    await killed!.start();
    await ready(killed!);
  });

  it('PostgreSQL backends terminated mid-transaction: every instance stays up, live updates resume, doctor clean', async () => {
    const lea = await HttpClient.signUp(nginx.url, 'Léa');
    const demande = await createAsTheWebApp(nginx.url, camille.cookie!, '/api/demandes', { title: 'Jardinage', description: 'Une haie.' });
    const watcher = await open(camille.cookie!);
    expect(await watcher.subscribe(`demande:${demande.body.demande.id}`)).toBe('subscribed');

    const burst = Array.from({ length: 10 }, (_, i) =>
      fetch(`${nginx.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: (i % 2 ? hugo : lea).user.email, password: TEST_PASSWORD }),
      }).then((response) => response.status),
    );
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(await terminateBackends(new URL(database.url).pathname.slice(1))).toBeGreaterThan(0);
    for (const status of await Promise.all(burst)) expect([200, 503]).toContain(status);
    for (const server of servers) expect(server.child.exitCode, server.log).toBeNull();
    await Promise.all(servers.map(ready));

    // Live updates resume: Léa's offre reaches Camille's socket.
    const offre = await createAsTheWebApp(nginx.url, lea.cookie!, `/api/demandes/${demande.body.demande.id}/offres`, { priceCents: 3000, message: 'Demain.' });
    expect(offre.status).toBe(201);
    await watcher.next((m) => m.type === 'changed' && m.topic === `demande:${demande.body.demande.id}`);

    const doctorDatabase = await openDatabase({ databaseUrl: database.url, dataDir: 'unused', poolSize: 2 });
    try {
      const report = await runDoctor(doctorDatabase.db, 'postgres');
      expect(report.checks.filter((check) => !check.ok)).toEqual([]);
    } finally {
      await doctorDatabase.close();
    }
  });

  it('a rolling restart of both instances under load: zero failed requests, no creation twice', async () => {
    const failures: string[] = [];
    const created = new Set<string>();
    let stop = false;
    let requests = 0;
    const worker = async (n: number) => {
      for (let i = 0; !stop; i++) {
        requests++;
        try {
          if (i % 3 === 0) {
            const answer = await createAsTheWebApp(nginx.url, camille.cookie!, '/api/demandes', { title: `Charge ${n}-${i}`, description: 'Pendant un redémarrage.' });
            if (answer.status !== 201) failures.push(`POST ${answer.status} ${JSON.stringify(answer.body)}`);
            else created.add(answer.body.demande.id);
          } else {
            const response = await fetch(`${nginx.url}/api/demandes?scope=mine&limit=5`, { headers: { cookie: camille.cookie! } });
            if (response.status !== 200) failures.push(`GET ${response.status} ${await response.text()}`);
            else await response.arrayBuffer();
          }
        } catch (error) {
          failures.push(`${(error as Error).message}`);
        }
      }
    };
    const load = Array.from({ length: LOAD_WORKERS }, (_, n) => worker(n));
    // As an operator would (README "Deploying"): the next instance stops only once the first is ready.
    for (const server of servers) {
      await new Promise((resolve) => setTimeout(resolve, PAUSE_BETWEEN_RESTARTS_MS));
      await server.stop();
      await server.start();
      await ready(server);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    stop = true;
    await Promise.all(load);

    expect(failures.map((failure) => failure.slice(0, 200))).toEqual([]);
    expect(requests).toBeGreaterThan(20);
    const counter = new pg.Client({ connectionString: database.url });
    await counter.connect();
    const { rows } = await counter.query("select count(*)::int as n from demandes where title like 'Charge %'");
    await counter.end();
    expect(rows[0].n).toBe(created.size);
    for (const server of servers) expect(server.log).not.toMatch(/shutdown did not finish/);
  });
});
