import WebSocket from 'ws';
import { PROTOCOL_VERSION, type ServerMessage } from '../../src/shared/realtime.ts';
import { forEachConcurrently } from './load.ts';

/** Opens `count` WebSockets to `url` and resolves once all are open; they then stay idle. */
export async function openIdleSockets(url: string, count: number, headers: Record<string, string> = {}): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  await forEachConcurrently(Array.from({ length: count }), 200, async () => {
    const socket = new WebSocket(url, { headers, perMessageDeflate: false });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
  });
  return sockets;
}

/** Drops the sockets without a closing handshake (the server is already gone when this is called). */
export const dropSockets = (sockets: WebSocket[]) => sockets.forEach((socket) => socket.terminate());

export const changedKey = (topic: string, kind: string) => `changed ${topic} ${kind}`;
const subscribeKey = (topic: string) => `subscribe ${topic}`;

function keyOf(message: ServerMessage): string {
  switch (message.type) {
    case 'changed':
      return changedKey(message.topic, message.kind);
    case 'subscribed':
    case 'error':
      return subscribeKey(message.topic ?? '');
    default:
      return message.type;
  }
}

export interface Arrival {
  /** performance.now() when the message was read. */
  at: number;
  message: ServerMessage;
}

/**
 * A signed-in `/ws` connection, light enough to hold 10,000 of in the bench process: it keeps no
 * history, only answers the awaited messages (by `changedKey`, `ready`…) with their arrival time.
 */
export class AccordSocket {
  private readonly waiting = new Map<string, (arrival: Arrival) => void>();

  constructor(readonly ws: WebSocket) {
    // A socket the server drops is counted by `isOpen`; it must not crash the bench.
    ws.on('error', () => {});
    ws.on('message', (data) => {
      const at = performance.now();
      const message = JSON.parse(data.toString()) as ServerMessage;
      const key = keyOf(message);
      const resolve = this.waiting.get(key);
      if (!resolve) return;
      this.waiting.delete(key);
      resolve({ at, message });
    });
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** The next message of `key`: call before the message can arrive (before the commit that sends it). */
  next(key: string, timeoutMs = 60_000): Promise<Arrival> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(key);
        reject(new Error(`no "${key}" within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(key, (arrival) => {
        clearTimeout(timer);
        resolve(arrival);
      });
    });
  }

  async subscribe(topic: string): Promise<void> {
    const answer = this.next(subscribeKey(topic));
    this.ws.send(JSON.stringify({ v: PROTOCOL_VERSION, type: 'subscribe', topic }));
    const { message } = await answer;
    if (message.type !== 'subscribed') throw new Error(`subscription to ${topic} refused: ${JSON.stringify(message)}`);
  }
}

export interface SignedInClient {
  /** `Cookie` header of a signed-in session. */
  cookie: string;
  topics: string[];
}

/**
 * Opens one socket per client on Accord's `/ws`, each waiting for `ready` and then subscribed to its
 * topics, 100 clients at a time, as a crowd of signed-in tabs arriving.
 */
export async function openAccordSockets(baseUrl: string, clients: readonly SignedInClient[]): Promise<AccordSocket[]> {
  const url = `${baseUrl.replace(/^http/, 'ws')}/ws`;
  const sockets: AccordSocket[] = [];
  await forEachConcurrently(clients, 100, async ({ cookie, topics }) => {
    const socket = new AccordSocket(new WebSocket(url, { headers: { cookie }, perMessageDeflate: false }));
    sockets.push(socket);
    const refused = new Promise<never>((_, reject) => {
      socket.ws.once('unexpected-response', (_request, response) => reject(new Error(`upgrade refused with HTTP ${response.statusCode}`)));
      socket.ws.once('error', reject);
    });
    await Promise.race([socket.next('ready'), refused]);
    await Promise.all(topics.map((topic) => socket.subscribe(topic)));
  });
  return sockets;
}

export const closeAccordSockets = (sockets: AccordSocket[]) => sockets.forEach((socket) => socket.ws.terminate());
