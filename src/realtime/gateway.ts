import websocket from '@fastify/websocket';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import type { z } from 'zod';
import { requireActor, type Actor } from '../auth/actor.ts';
import { AppError } from '../server/errors.ts';
import type { AppContext } from '../server/context.ts';
import { isSameOrigin } from '../server/origin-check.ts';
import { clientEnvelope, closeCodes, PROTOCOL_VERSION } from '../shared/realtime.ts';
import type { Bus } from './bus.ts';
import { LiveSocket, type ClientSocket } from './client-socket.ts';
import { DEFAULT_REALTIME_LIMITS, type RealtimeLimits } from './limits.ts';
import { registerSubscriptions } from './subscriptions.ts';
import { TopicHub } from './topic-hub.ts';

export type { ClientSocket } from './client-socket.ts';

export type ClientMessageHandler<T> = (socket: ClientSocket, message: T) => void | Promise<void>;

export interface Realtime {
  bus: Bus;
  /** Lets another domain (e.g. meet signaling) handle a client message type. */
  onClientMessage<T>(type: string, schema: z.ZodType<T>, handler: ClientMessageHandler<T>): void;
  onSocketClosed(handler: (socket: ClientSocket) => void): void;
  close(): Promise<void>;
}

interface Route {
  schema: z.ZodType;
  handler: ClientMessageHandler<unknown>;
}

export interface RealtimeOptions {
  ctx: Pick<AppContext, 'config' | 'database'>;
  bus: Bus;
  limits?: Partial<RealtimeLimits>;
}

/**
 * `GET /ws`: live updates for signed-in browsers of Accord's own origin. A socket that breaks a
 * rule (size, JSON, type, rate, reading speed) is closed alone, with a code from `closeCodes`.
 */
export async function registerRealtime(app: FastifyInstance, { ctx, bus, limits: overrides }: RealtimeOptions): Promise<Realtime> {
  const limits = { ...DEFAULT_REALTIME_LIMITS, ...overrides };
  const routes = new Map<string, Route>();
  const closedHandlers: ((socket: ClientSocket) => void)[] = [];
  const sockets = new Set<{ live: LiveSocket; raw: WebSocket }>();
  const actors = new WeakMap<FastifyRequest, Actor>();
  const hub = new TopicHub(bus, app.log);
  const publicOrigin = new URL(ctx.config.PUBLIC_URL).origin;

  await app.register(websocket, {
    options: { maxPayload: limits.maxFrameBytes },
    // A client vanishing or sending an oversized frame is its own problem, not a server error.
    errorHandler: (error, raw, request) => {
      request.log.info({ err: error }, 'websocket error');
      raw.terminate();
    },
    preClose: (done) => {
      for (const { live } of sockets) live.close(closeCodes.goingAway, 'Server restarting.');
      done();
    },
  });

  const realtime: Realtime = {
    bus,
    onClientMessage(type, schema, handler) {
      if (routes.has(type)) throw new Error(`realtime message type "${type}" already has a handler`);
      routes.set(type, { schema, handler: handler as ClientMessageHandler<unknown> });
    },
    onSocketClosed: (handler) => void closedHandlers.push(handler),
    async close() {
      clearInterval(heartbeat);
      await bus.close();
    },
  };
  bus.onMessagesMissed(() => {
    for (const { live } of sockets) live.send({ v: PROTOCOL_VERSION, type: 'resync' });
  });
  registerSubscriptions(realtime, { db: ctx.database.db, hub, maxTopicsPerSocket: limits.maxTopicsPerSocket });

  const heartbeat = setInterval(() => {
    for (const { live, raw } of sockets) {
      if (!live.isOpen) continue;
      if (!live.alive) {
        raw.terminate();
        continue;
      }
      live.alive = false;
      raw.ping();
      live.send({ v: PROTOCOL_VERSION, type: 'heartbeat' });
    }
  }, limits.heartbeatMs);
  heartbeat.unref();

  app.route({
    method: 'GET',
    url: '/ws',
    // Runs before the upgrade: a refusal is a plain HTTP answer, and no socket is opened.
    preValidation: async (request) => {
      if (!isSameOrigin(request, publicOrigin)) {
        throw new AppError('ORIGIN_NOT_ALLOWED', 403, 'This connection came from another site and was refused.');
      }
      actors.set(request, await requireActor(ctx, request));
    },
    // A plain GET (no `Upgrade: websocket`) gets the contract's error, not the plugin's empty 404.
    handler: async () => {
      throw new AppError('UPGRADE_REQUIRED', 426, 'This address is a WebSocket endpoint: open it with a WebSocket connection.');
    },
    wsHandler: (raw, request) => {
      // Only what a socket needs of its account: the row `requireActor` found holds more (the
      // password hash among it), kept for as long as the socket lives, once per socket.
      const { id, email, displayName } = actors.get(request)!;
      const live = new LiveSocket(raw, { id, email, displayName }, limits);
      const entry = { live, raw };
      sockets.add(entry);
      // Made when there is something to log: a child logger per idle socket is memory for nothing.
      const log = () => request.log.child({ socketId: live.id, userId: live.actor.id });
      // One message at a time per socket, in the order sent.
      let pending = Promise.resolve();

      raw.on('pong', () => (live.alive = true));
      raw.on('message', (data, isBinary) => {
        live.alive = true;
        const accepted = admit(live, data, isBinary, limits, routes);
        if (!accepted || !live.isOpen) return;
        pending = pending.then(async () => {
          try {
            await accepted.route.handler(live, accepted.message);
          } catch (error) {
            const refused = error instanceof AppError;
            if (!refused) log().error({ err: error, type: accepted.type }, 'realtime message handler failed');
            const message = refused ? error.message : 'The server could not handle this message.';
            live.send({ v: PROTOCOL_VERSION, type: 'error', code: 'MESSAGE_REFUSED', message });
          }
        });
      });
      raw.on('close', (code, reason) => {
        sockets.delete(entry);
        hub.removeAll(live);
        // Closed by this server for breaking a limit: worth a line in the logs.
        if (live.closedWith) log().info(live.closedWith, 'socket closed by the server');
        else log().debug({ code, reason: reason.toString() }, 'socket closed');
        for (const handler of closedHandlers) handler(live);
      });
      live.send({ v: PROTOCOL_VERSION, type: 'ready', socketId: live.id, heartbeatMs: limits.heartbeatMs });
    },
  });
  return realtime;
}

/** Checks one client frame against every limit; closes the socket and answers undefined if it breaks one. */
function admit(
  live: LiveSocket,
  data: RawData,
  isBinary: boolean,
  limits: RealtimeLimits,
  routes: Map<string, Route>,
): { type: string; route: Route; message: unknown } | undefined {
  const refuse = (code: number, reason: string) => void live.close(code, reason);
  if (!live.isOpen) return undefined;
  if (!live.takeToken()) return refuse(closeCodes.rateLimited, 'Too many messages.');
  const text = Buffer.isBuffer(data) ? data : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]);
  if (text.byteLength > limits.maxMessageBytes) return refuse(closeCodes.messageTooLarge, `Messages are limited to ${limits.maxMessageBytes} bytes.`);
  if (isBinary) return refuse(closeCodes.invalidMessage, 'Binary messages are not supported.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.toString('utf8'));
  } catch {
    return refuse(closeCodes.malformedJson, 'Malformed JSON.');
  }
  const envelope = clientEnvelope.safeParse(parsed);
  if (!envelope.success) return refuse(closeCodes.invalidMessage, `Expected {"v": ${PROTOCOL_VERSION}, "type": …}.`);
  const { type } = envelope.data;
  const route = routes.get(type);
  if (!route) return refuse(closeCodes.invalidMessage, `Unknown message type "${type}".`);
  const message = route.schema.safeParse(parsed);
  if (!message.success) return refuse(closeCodes.invalidMessage, `Invalid "${type}" message.`);
  return { type, route, message: message.data };
}
