/**
 * The one `/ws` client of the tests: authenticated connections as a browser tab holds them, the
 * realtime protocol's messages and the call's (meet signaling), waited for as they arrive.
 */
import WebSocket from 'ws';
import type { MeetServerMessage } from '../../src/shared/meet.ts';
import { PROTOCOL_VERSION, serverMessage, type ServerMessage } from '../../src/shared/realtime.ts';

export type CallMessage = MeetServerMessage | { type: string; [key: string]: unknown };

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
    return this.arrival(() => this.received.find((r) => accept(r.message))?.message, timeoutMs);
  }

  /** Resolves with what `found` finds, checked now and at each message; fails after `timeoutMs`. */
  private arrival<T>(found: () => T | undefined, timeoutMs: number): Promise<T> {
    const already = found();
    if (already !== undefined) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        reject(new Error(`no matching message within ${timeoutMs} ms; received ${JSON.stringify([...this.messages(), ...this.others])}`));
      }, timeoutMs);
      const wake = () => {
        const message = found();
        if (message === undefined) return;
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve(message);
      };
      this.waiters.add(wake);
    });
  }

  /** Joins a call (meet session) as the page `peerId`. */
  join(meetSessionId: string, peerId: string): void {
    this.sendCall({ type: 'meet.join', meetSessionId, peerId });
  }

  /** Sends a call message, in the current protocol version. */
  sendCall(message: { type: string; [key: string]: unknown }): void {
    this.send({ v: PROTOCOL_VERSION, ...message });
  }

  /** The first call message (received so far or later) that `accept`s. */
  nextCall(accept: (message: CallMessage) => boolean, timeoutMs = 15_000): Promise<CallMessage> {
    return this.arrival(() => this.callMessages().find(accept), timeoutMs);
  }

  /** Every call message received (`meet.*`), in order. */
  callMessages(): CallMessage[] {
    return this.others.filter((m): m is CallMessage => typeof m.type === 'string' && m.type.startsWith('meet.'));
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
export async function openSubscribedSockets(baseUrl: string, cookie: string | undefined, topic: string, count: number): Promise<TestSocket[]> {
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
