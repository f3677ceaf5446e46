/**
 * The browser's side of `/ws`: one socket per tab (see `shared-client.ts`), reconnected with
 * exponential backoff and jitter, topics re-subscribed after each reconnection, and a `resync`
 * for every topic once re-subscribed, so the app refetches what changed while it was away.
 * Plain TypeScript: any WebSocket implementation with the browser's shape works (`ws` in tests).
 */
import { closeCodes, PROTOCOL_VERSION, serverMessage, type RealtimeErrorMessage } from '../../shared/realtime.ts';

/** The browser WebSocket's surface this client uses. */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: never) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: never) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** `signed-out`: the server ended the socket's session (signed out elsewhere); it stays closed. */
export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'closed' | 'signed-out';

export interface TopicHandlers {
  /** Something under the topic changed (`kind` is the event kind): refetch. */
  changed(kind: string): void;
  /**
   * The server confirmed the subscription (also after each reconnection): changes from now on
   * will be heard, so a fetch made from here misses nothing.
   */
  subscribed?(): void;
  /** Changes may have been missed (reconnected after a cut, or the server's own link was cut): refetch. */
  resync?(): void;
  /** The server refused the topic (not yours, or no such thing). */
  refused?(code: RealtimeErrorMessage['code']): void;
}

export interface Backoff {
  initialMs: number;
  maxMs: number;
}

export interface RealtimeClientOptions {
  url: string;
  /** Defaults to the global WebSocket (the browser's). */
  WebSocket?: WebSocketConstructor;
  /** Called for every subscribed topic when changes may have been missed (after a reconnection, once subscribed again). */
  onResync?: (topic: string) => void;
  backoff?: Partial<Backoff>;
  /** Source of jitter (tests make it deterministic). */
  random?: () => number;
}

const OPEN = 1;
const DEFAULT_BACKOFF: Backoff = { initialMs: 500, maxMs: 30_000 };
/** Reconnections after a server's restart notice are spread over this long, not backed off. */
export const HANDOVER_SPREAD_MS = 250;
/** Silence for this many heartbeat intervals means the link is dead, even if the socket says open. */
const HEARTBEATS_BEFORE_DEAD = 2.5;
/** A client-side close code (4000–4999 are the application's). */
const DEAD_LINK = 4000;

/**
 * Delay before reconnection attempt `attempt` (0-based): exponential, capped, with "equal
 * jitter" (between half and all of it) so that tabs cut together do not return together.
 */
export function reconnectDelay(attempt: number, backoff: Backoff, random: () => number): number {
  const ceiling = Math.min(backoff.maxMs, backoff.initialMs * 2 ** attempt);
  return ceiling / 2 + (random() * ceiling) / 2;
}

export class RealtimeClient {
  private readonly topics = new Map<string, Set<TopicHandlers>>();
  private readonly messageHandlers = new Map<string, Set<(message: Record<string, unknown>) => void>>();
  private readonly WebSocket: WebSocketConstructor;
  private readonly backoff: Backoff;
  private socket: WebSocketLike | undefined;
  private ready = false;
  private attempt = 0;
  private hasBeenReady = false;
  /** Topics whose `resync` is due once the server confirms the new subscription. */
  private awaitingResync = new Set<string>();
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private silenceTimer: ReturnType<typeof setTimeout> | undefined;
  private silenceLimitMs = Infinity;
  private stopped = false;
  private currentStatus: ConnectionStatus = 'connecting';
  private readonly statusListeners = new Set<(status: ConnectionStatus) => void>();

  constructor(private readonly options: RealtimeClientOptions) {
    this.WebSocket = options.WebSocket ?? (globalThis.WebSocket as unknown as WebSocketConstructor);
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.connect();
  }

  /** Listens to a topic; the returned function stops listening (the last one unsubscribes). */
  subscribe(topic: string, handlers: TopicHandlers): () => void {
    let forTopic = this.topics.get(topic);
    if (!forTopic) {
      forTopic = new Set();
      this.topics.set(topic, forTopic);
      this.sendNow({ v: PROTOCOL_VERSION, type: 'subscribe', topic });
    }
    forTopic.add(handlers);
    return () => {
      forTopic.delete(handlers);
      if (forTopic.size > 0 || this.topics.get(topic) !== forTopic) return;
      this.topics.delete(topic);
      this.awaitingResync.delete(topic);
      this.sendNow({ v: PROTOCOL_VERSION, type: 'unsubscribe', topic });
    };
  }

  /**
   * Handles server messages of another domain's `type` (meet signaling, for instance), and
   * `error` messages that concern no topic (a domain handler's MESSAGE_REFUSED).
   */
  on(type: string, handler: (message: Record<string, unknown>) => void): () => void {
    const forType = this.messageHandlers.get(type) ?? new Set();
    forType.add(handler);
    this.messageHandlers.set(type, forType);
    return () => void forType.delete(handler);
  }

  /** Sends a message now if connected; answers false if not (nothing is queued across a cut). */
  send(message: { type: string } & Record<string, unknown>): boolean {
    return this.sendNow({ v: PROTOCOL_VERSION, ...message });
  }

  get connected(): boolean {
    return this.ready;
  }

  get status(): ConnectionStatus {
    return this.currentStatus;
  }

  /**
   * Follows the connection: `open` each time the server is ready again (a call rejoins then),
   * `reconnecting` while cut off (a banner says so). Returns the function that stops following.
   */
  onStatusChange(listener: (status: ConnectionStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => void this.statusListeners.delete(listener);
  }

  close(): void {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    this.abandonSocket(1000, 'Closed by the page.');
    this.setStatus('closed');
  }

  private sendNow(message: object): boolean {
    if (!this.ready || this.socket?.readyState !== OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  private connect(): void {
    this.setStatus(this.hasBeenReady ? 'reconnecting' : 'connecting');
    const socket = new this.WebSocket(this.options.url);
    this.socket = socket;
    socket.onmessage = (event) => this.receive(event.data);
    socket.onclose = ({ code }) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      if (code === closeCodes.signedOut) return this.signedOut();
      this.lost(code === closeCodes.restarting);
    };
    // A failed connection is followed by `close`, which schedules the retry.
    socket.onerror = () => {};
  }

  /** Reconnecting would be refused: the session is over. */
  private signedOut(): void {
    this.ready = false;
    this.stopped = true;
    clearTimeout(this.silenceTimer);
    this.setStatus('signed-out');
  }

  /** `handedOver`: the server is restarting and asked for a reconnection now (close 1012). */
  private lost(handedOver = false): void {
    this.ready = false;
    clearTimeout(this.silenceTimer);
    if (this.stopped) return;
    this.setStatus('reconnecting');
    const random = this.options.random ?? Math.random;
    // Handed over: no backoff, only a spread so an instance's tabs do not all land in one millisecond.
    const delay = handedOver ? random() * HANDOVER_SPREAD_MS : reconnectDelay(this.attempt++, this.backoff, random);
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  /** Drops the current socket without waiting for its close handshake (a dead link may never finish it). */
  private abandonSocket(code: number, reason: string): void {
    const socket = this.socket;
    if (!socket) return;
    this.socket = undefined;
    socket.onmessage = socket.onclose = null;
    // Closing a socket still connecting reports an error; it is of no interest any more.
    socket.onerror = () => {};
    socket.close(code, reason);
  }

  private receive(data: unknown): void {
    this.noteSignOfLife();
    let raw: unknown;
    try {
      raw = JSON.parse(String(data));
    } catch {
      return;
    }
    const parsed = serverMessage.safeParse(raw);
    if (!parsed.success) return this.dispatch(raw);
    const message = parsed.data;
    switch (message.type) {
      case 'ready':
        return this.onReady(message.heartbeatMs);
      case 'subscribed':
        for (const handlers of this.topics.get(message.topic) ?? []) handlers.subscribed?.();
        if (this.awaitingResync.delete(message.topic)) this.resync(message.topic);
        return;
      case 'resync':
        for (const topic of this.topics.keys()) this.resync(topic);
        return;
      case 'changed':
        for (const handlers of this.topics.get(message.topic) ?? []) handlers.changed(message.kind);
        return;
      case 'error':
        // A refused domain message (MESSAGE_REFUSED) goes to whoever listens with on('error').
        if (message.topic === undefined) return this.dispatch(message);
        this.awaitingResync.delete(message.topic);
        for (const handlers of this.topics.get(message.topic) ?? []) handlers.refused?.(message.code);
        return;
      default:
        return;
    }
  }

  private dispatch(raw: unknown): void {
    const type = (raw as { type?: unknown } | null)?.type;
    if (typeof type !== 'string') return;
    for (const handler of this.messageHandlers.get(type) ?? []) handler(raw as Record<string, unknown>);
  }

  private resync(topic: string): void {
    for (const handlers of this.topics.get(topic) ?? []) handlers.resync?.();
    this.options.onResync?.(topic);
  }

  private onReady(heartbeatMs: number): void {
    this.ready = true;
    this.attempt = 0;
    this.silenceLimitMs = heartbeatMs * HEARTBEATS_BEFORE_DEAD;
    this.noteSignOfLife();
    this.awaitingResync = this.hasBeenReady ? new Set(this.topics.keys()) : new Set();
    this.hasBeenReady = true;
    this.setStatus('open');
    for (const topic of this.topics.keys()) this.sendNow({ v: PROTOCOL_VERSION, type: 'subscribe', topic });
  }

  private noteSignOfLife(): void {
    clearTimeout(this.silenceTimer);
    if (!Number.isFinite(this.silenceLimitMs)) return;
    this.silenceTimer = setTimeout(() => {
      this.abandonSocket(DEAD_LINK, 'No heartbeat.');
      this.lost();
    }, this.silenceLimitMs);
  }

  private setStatus(status: ConnectionStatus): void {
    if (status === this.currentStatus && status !== 'open') return;
    this.currentStatus = status;
    for (const listener of this.statusListeners) listener(status);
  }
}
