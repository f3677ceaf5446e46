import { count, eq, lt, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { z } from 'zod';
import type { Database, Db } from '../db/client.ts';
import { busMessages } from '../db/schema.ts';
import { EVENTS_CHANNEL } from '../events/events.repo.ts';
import { busLag } from '../metrics/metrics.ts';
import { topicOf } from '../shared/realtime.ts';

/** The PostgreSQL channel of direct messages between instances (`publish`). */
export const BUS_CHANNEL = 'accord_bus';
/** NOTIFY refuses payloads of 8000 bytes or more; larger messages go through `bus_messages`. */
const MAX_INLINE_BYTES = 7_000;
/** A stored message is read by every instance within moments; this is a generous margin. */
const STORED_MESSAGE_RETENTION_MS = 5 * 60_000;

export type BusHandler = (payload: unknown) => void;

/**
 * Messages between all server instances, over PostgreSQL LISTEN/NOTIFY (or PGlite's, in one
 * process). Each instance LISTENs once per PostgreSQL channel and dispatches to its local
 * subscribers. A subscriber also hears what its own instance publishes.
 *
 * Two sources feed the same bus channels:
 * - every committed ledger event (`appendEvent`) reaches `demande:<id>`, `meet:<sessionId>` and
 *   `user:<id>` of the people concerned, as `{ kind, eventId }`;
 * - `publish` / `publishMessage` deliver any JSON object to any channel name.
 * Delivery is in commit order, also for messages too large for a NOTIFY.
 */
export interface Bus {
  /** Delivers `payload` to every instance's subscribers of `channel` (outside any transaction). */
  publish(channel: string, payload: object): Promise<void>;
  subscribe(channel: string, handler: BusHandler): () => void;
  /** How many messages of `channel` are stored (too large for a NOTIFY) and not swept yet. */
  storedMessages(channel: string): Promise<number>;
  /**
   * Called when this instance was deaf for a while (its LISTEN connection was lost and is back):
   * messages of that interval were missed, so whoever relies on them should resync.
   */
  onMessagesMissed(handler: () => void): void;
  close(): Promise<void>;
}

/** What a ledger event delivers on its topics: its kind, and the people it concerns (for the access policy). */
export const eventDelivery = z.object({ kind: z.string(), eventId: z.number().optional(), userIds: z.array(z.string()).optional() });

const inlineMessage = z.object({ channel: z.string(), payload: z.looseObject({}) });
const storedMessage = z.object({ channel: z.string(), ref: z.number() });
const announcedEvent = z.object({
  id: z.number(),
  kind: z.string(),
  demandeId: z.string().nullable(),
  offreId: z.string().nullable(),
  meetSessionId: z.string().nullable(),
  userIds: z.array(z.string()).nullable(),
});

/** When a message was sent (ms since the epoch), for the bus lag its receivers measure. */
const sentNow = () => Date.now();

function inlineBusMessage(channel: string, payload: object): string | undefined {
  const inline = JSON.stringify({ channel, payload, sentAt: sentNow() });
  return Buffer.byteLength(inline) <= MAX_INLINE_BYTES ? inline : undefined;
}

/** Whether `publish` sends this message in its NOTIFY, or stores it as a row. */
export const fitsInline = (channel: string, payload: object): boolean => inlineBusMessage(channel, payload) !== undefined;

/**
 * Small messages for a caller that sends them with pg_notify within a statement of its own (one
 * round trip for its rows and their announcements): `select pg_notify(pgChannel, payload)` for
 * each payload. Each message must be small enough for a NOTIFY (a few hundred bytes at most).
 */
export function inlineAnnouncements(messages: { channel: string; payload: object }[]): { pgChannel: string; payloads: string[] } {
  const payloads = messages.map(({ channel, payload }) => {
    const inline = inlineBusMessage(channel, payload);
    if (!inline) throw new Error(`bus message on ${channel} too large to announce inline`);
    return inline;
  });
  return { pgChannel: BUS_CHANNEL, payloads };
}

/**
 * Publishes `payload` on `channel` from inside a transaction: it is delivered only if `tx`
 * commits (a notification announcing itself, for instance). Outside a transaction, pass the db.
 */
export async function publishMessage(tx: Db, channel: string, payload: object): Promise<void> {
  const inline = inlineBusMessage(channel, payload);
  if (inline) {
    await tx.execute(sql`select pg_notify(${BUS_CHANNEL}, ${inline})`);
    return;
  }
  const [stored] = await tx.insert(busMessages).values({ channel, payload }).returning({ id: busMessages.id });
  await tx.execute(sql`select pg_notify(${BUS_CHANNEL}, ${JSON.stringify({ channel, ref: stored!.id, sentAt: sentNow() })})`);
}

export async function createBus(database: Database, log: FastifyBaseLogger): Promise<Bus> {
  const { db } = database;
  const handlers = new Map<string, Set<BusHandler>>();
  // Notifications are handled one after the other, so a stored message being fetched does not
  // let the next ones overtake it.
  let queue = Promise.resolve();

  const deliver = (channel: string, payload: unknown) => {
    for (const handler of handlers.get(channel) ?? []) {
      try {
        handler(payload);
      } catch (error) {
        log.error({ err: error, channel }, 'bus subscriber failed');
      }
    }
  };
  const enqueue = (pgChannel: string, raw: string, receive: (raw: unknown) => Promise<void> | void) => {
    // Heard now, whatever the queue ahead of it: the lag is PostgreSQL's and the network's.
    const heardAt = Date.now();
    queue = queue
      .then(() => {
        const message: unknown = JSON.parse(raw);
        const { sentAt } = message as { sentAt?: unknown };
        if (typeof sentAt === 'number') busLag.observe({ channel: pgChannel }, Math.max(0, heardAt - sentAt) / 1000);
        return receive(message);
      })
      .catch((error: unknown) => log.error({ err: error }, 'bus message dropped'));
  };

  const receiveBusMessage = async (raw: unknown) => {
    const inline = inlineMessage.safeParse(raw);
    if (inline.success) return deliver(inline.data.channel, inline.data.payload);
    const { channel, ref } = storedMessage.parse(raw);
    const [row] = await db.select({ payload: busMessages.payload }).from(busMessages).where(eq(busMessages.id, ref));
    if (!row) return log.warn({ channel, ref }, 'stored bus message already swept');
    deliver(channel, row.payload);
  };
  const receiveEvent = (raw: unknown) => {
    const event = announcedEvent.parse(raw);
    const delivery = { kind: event.kind, eventId: event.id, userIds: event.userIds ?? [] };
    if (event.demandeId) deliver(topicOf.demande(event.demandeId), delivery);
    if (event.meetSessionId) deliver(topicOf.meet(event.meetSessionId), delivery);
    for (const userId of event.userIds ?? []) deliver(topicOf.user(userId), delivery);
  };

  const missedHandlers: (() => void)[] = [];
  const resumed = () => {
    log.warn('bus was interrupted and is listening again; subscribers resync');
    for (const handler of missedHandlers) handler();
  };
  const stopListening = [
    await database.listen(BUS_CHANNEL, (raw) => enqueue(BUS_CHANNEL, raw, receiveBusMessage), resumed),
    await database.listen(EVENTS_CHANNEL, (raw) => enqueue(EVENTS_CHANNEL, raw, receiveEvent), resumed),
  ];
  const sweeper = setInterval(() => {
    const expired = sql`now() - ${`${STORED_MESSAGE_RETENTION_MS} milliseconds`}::interval`;
    db.delete(busMessages)
      .where(lt(busMessages.createdAt, expired))
      .catch((error: unknown) => log.warn({ err: error }, 'bus_messages sweep failed'));
  }, STORED_MESSAGE_RETENTION_MS);
  sweeper.unref();

  return {
    async publish(channel, payload) {
      await publishMessage(db, channel, payload);
    },
    subscribe(channel, handler) {
      const forChannel = handlers.get(channel) ?? new Set();
      forChannel.add(handler);
      handlers.set(channel, forChannel);
      return () => {
        forChannel.delete(handler);
        if (forChannel.size === 0 && handlers.get(channel) === forChannel) handlers.delete(channel);
      };
    },
    async storedMessages(channel) {
      const [row] = await db.select({ n: count() }).from(busMessages).where(eq(busMessages.channel, channel));
      return row?.n ?? 0;
    },
    onMessagesMissed: (handler) => void missedHandlers.push(handler),
    async close() {
      clearInterval(sweeper);
      await Promise.all(stopListening.map((stop) => stop()));
      await queue;
    },
  };
}
