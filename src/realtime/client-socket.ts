import { randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { Actor } from '../auth/actor.ts';
import { closeCodes } from '../shared/realtime.ts';
import type { RealtimeLimits } from './limits.ts';

/** One connected browser tab, as other domains see it. */
export interface ClientSocket {
  id: string;
  actor: Actor;
  send(message: object): void;
  close(code: number, reason: string): void;
}

/** The part of a `ws` socket a LiveSocket uses (a test can stand in for it). */
export type RawSocket = Pick<WebSocket, 'readyState' | 'bufferedAmount' | 'send' | 'close'>;

const OPEN = 1;

/**
 * Socket ids cross instances (meet signaling publishes them on the bus): a random prefix per
 * process keeps two instances' counts apart.
 */
const idPrefix = randomBytes(9).toString('base64url');
let socketsOpened = 0;

/** A ClientSocket with the gateway's bookkeeping: its topics, liveness, rate and backpressure. */
export class LiveSocket implements ClientSocket {
  private readonly serial = ++socketsOpened;
  readonly topics = new Set<string>();
  /** Cleared at each heartbeat, set again by the client's pong or message. */
  alive = true;
  /** Set when this server closes the socket, with why. */
  closedWith: { code: number; reason: string } | undefined;
  private tokens: number;
  private refilledAt: number;
  /** The last message handler queued, until it is done: an idle socket holds no promise. */
  private pending: Promise<void> | undefined;

  /** Which signed-in session opened it (its token's hash): signing that session out closes it. */
  readonly sessionTokenHash: string;
  /** The client's address (its socket count is kept per address too). */
  readonly address: string;

  constructor(
    private readonly raw: RawSocket,
    readonly actor: Actor,
    private readonly limits: RealtimeLimits,
    { sessionTokenHash, address = '', now = Date.now() }: { sessionTokenHash: string; address?: string; now?: number },
  ) {
    this.sessionTokenHash = sessionTokenHash;
    this.address = address;
    this.tokens = limits.burst;
    this.refilledAt = now;
  }

  /** Unique among all instances' sockets, and no secret (the client is told its own). */
  get id(): string {
    return `${idPrefix}.${this.serial}`;
  }

  get isOpen(): boolean {
    return this.raw.readyState === OPEN;
  }

  /**
   * Sends unless the client has stopped reading: past `maxBufferedBytes` queued, the socket is
   * closed with `slowConsumer` (the client reconnects and refetches) instead of queueing more.
   */
  send(message: object): void {
    this.sendText(JSON.stringify(message));
  }

  /** `send` for a message already serialized (once for all the sockets of a fan-out). */
  sendText(text: string): void {
    if (!this.isOpen) return;
    if (this.raw.bufferedAmount > this.limits.maxBufferedBytes) {
      this.close(closeCodes.slowConsumer, 'Too slow to keep up: reconnect and refetch.');
      return;
    }
    this.raw.send(text);
  }

  close(code: number, reason: string): void {
    if (!this.isOpen) return;
    // A close frame's reason is limited to 123 bytes; `ws` throws beyond.
    let fitting = reason;
    while (Buffer.byteLength(fitting) > 123) fitting = fitting.slice(0, -1);
    this.closedWith = { code, reason: fitting };
    this.raw.close(code, fitting);
  }

  /** Runs `task` (which must not reject) after those queued before it: one message at a time, in order. */
  enqueue(task: () => Promise<void>): void {
    const run = (this.pending ?? Promise.resolve()).then(task);
    this.pending = run;
    void run.then(() => {
      if (this.pending === run) this.pending = undefined;
    });
  }

  /** Token bucket: `burst` messages at once, then `messagesPerSecond`. */
  takeToken(now = Date.now()): boolean {
    const refill = ((now - this.refilledAt) / 1000) * this.limits.messagesPerSecond;
    this.tokens = Math.min(this.limits.burst, this.tokens + refill);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
