/**
 * Real sockets and real server processes for the realtime tests (and `npm run bench`): open
 * authenticated `/ws` connections, wait for messages, spawn extra instances on one database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { PROTOCOL_VERSION, serverMessage, type ServerMessage } from '../../src/shared/realtime.ts';

export interface Received {
  message: ServerMessage;
  /** performance.now() at arrival, for latency measurements. */
  at: number;
}

/** One `/ws` connection as a browser tab would hold it, recording everything it receives. */
export class TestSocket {
  readonly received: Received[] = [];
  /** Messages outside the realtime protocol (another domain's, e.g. meet signaling). */
  readonly others: Record<string, unknown>[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly waiters = new Set<() => void>();

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const raw: unknown = JSON.parse(data.toString());
      const parsed = serverMessage.safeParse(raw);
      if (parsed.success) this.received.push({ message: parsed.data, at: performance.now() });
      else this.others.push(raw as Record<string, unknown>);
      for (const wake of this.waiters) wake();
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  /** Connects and waits for the server's `ready`; rejects with the HTTP status if refused. */
  static open(baseUrl: string, cookie: string | undefined, headers: Record<string, string> = {}): Promise<TestSocket> {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/ws`, { headers: { ...headers, ...(cookie ? { cookie } : {}) } });
    return new Promise((resolve, reject) => {
      ws.once('unexpected-response', (_request, response) => reject(new RefusedUpgrade(response.statusCode ?? 0)));
      ws.once('error', reject);
      const socket = new TestSocket(ws);
      socket.next((m) => m.type === 'ready').then(() => resolve(socket), reject);
    });
  }

  send(message: object | string): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The first message (received so far or later) matching `accept`. */
  async next<T extends ServerMessage>(accept: (message: ServerMessage) => message is T, timeoutMs?: number): Promise<T>;
  async next(accept: (message: ServerMessage) => boolean, timeoutMs?: number): Promise<ServerMessage>;
  async next(accept: (message: ServerMessage) => boolean, timeoutMs = 15_000): Promise<ServerMessage> {
    const found = () => this.received.find((r) => accept(r.message))?.message;
    const already = found();
    if (already) return already;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        reject(new Error(`no matching message within ${timeoutMs} ms; received ${JSON.stringify(this.messages())}`));
      }, timeoutMs);
      const wake = () => {
        const message = found();
        if (!message) return;
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve(message);
      };
      this.waiters.add(wake);
    });
  }

  /** Subscribes and answers the server's verdict: `subscribed` or the error's code. */
  async subscribe(topic: string): Promise<'subscribed' | string> {
    this.send({ v: PROTOCOL_VERSION, type: 'subscribe', topic });
    const answer = await this.next((m) => (m.type === 'subscribed' || m.type === 'error') && m.topic === topic);
    return answer.type === 'error' ? answer.code : 'subscribed';
  }

  messages(): ServerMessage[] {
    return this.received.map((r) => r.message);
  }

  changes(only: { topic?: string; kind?: string } = {}): { topic: string; kind: string }[] {
    return this.messages().flatMap((m) =>
      m.type === 'changed' && (only.topic ?? m.topic) === m.topic && (only.kind ?? m.kind) === m.kind ? [{ topic: m.topic, kind: m.kind }] : [],
    );
  }

  close(): void {
    this.ws.close();
  }
}

export class RefusedUpgrade extends Error {
  constructor(readonly status: number) {
    super(`upgrade refused with HTTP ${status}`);
  }
}

/** Opens `count` sockets for one account, each subscribed to `topic` (the benchmark's fan-out). */
export async function openSubscribedSockets(baseUrl: string, cookie: string, topic: string, count: number): Promise<TestSocket[]> {
  const sockets: TestSocket[] = [];
  for (let i = 0; i < count; i++) {
    const socket = await TestSocket.open(baseUrl, cookie);
    const verdict = await socket.subscribe(topic);
    if (verdict !== 'subscribed') throw new Error(`subscription to ${topic} refused: ${verdict}`);
    sockets.push(socket);
  }
  return sockets;
}

/**
 * Waits until every socket has received a `changed` matching `topic` and `kind`; answers each
 * arrival time (performance.now()), for commit → notified latencies.
 */
export async function changedArrivals(sockets: TestSocket[], topic: string, kind: string, timeoutMs?: number): Promise<number[]> {
  const isIt = (m: ServerMessage) => m.type === 'changed' && m.topic === topic && m.kind === kind;
  await Promise.all(sockets.map((socket) => socket.next(isIt, timeoutMs)));
  return sockets.map((socket) => socket.received.find((r) => isIt(r.message))!.at);
}

/** A signed-in person over real HTTP (for servers in other processes). */
export class HttpClient {
  constructor(
    readonly baseUrl: string,
    readonly cookie: string,
    readonly user: { id: string; email: string; displayName: string },
  ) {}

  static async signUp(baseUrl: string, displayName: string): Promise<HttpClient> {
    const email = `${displayName.toLowerCase().replace(/\W+/g, '-')}-${process.pid}-${Math.random().toString(36).slice(2)}@test.accord`;
    const response = await fetch(`${baseUrl}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'correct horse battery', displayName }),
    });
    if (response.status !== 201) throw new Error(`register failed: ${response.status} ${await response.text()}`);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('accord_session='))!.split(';')[0]!;
    return new HttpClient(baseUrl, cookie, ((await response.json()) as { user: HttpClient['user'] }).user);
  }

  /** The same account, talking to another instance. */
  on(baseUrl: string): HttpClient {
    return new HttpClient(baseUrl, this.cookie, this.user);
  }

  async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: any }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { cookie: this.cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, json: await response.json().catch(() => undefined) };
  }

  get = (path: string) => this.request('GET', path);
  post = (path: string, body?: unknown) => this.request('POST', path, body);
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const mainScript = fileURLToPath(new URL('../../src/server/main.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

export interface ServerProcess {
  baseUrl: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `tsx src/server/main.ts` on a free port against `databaseUrl`; resolves once it answers. */
export async function spawnServer(databaseUrl: string): Promise<ServerProcess> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(tsx, [mainScript], {
    env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: baseUrl, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    const healthy = await fetch(`${baseUrl}/api/health`).then((r) => r.ok, () => false);
    if (healthy) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('server did not start within 60 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    baseUrl,
    process: child,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
