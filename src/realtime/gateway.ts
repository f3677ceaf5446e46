import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import { z } from 'zod';
import { requireActor, type Actor } from '../auth/actor.ts';
import { SESSION_ENDED_CHANNEL } from '../auth/auth.service.ts';
import { sessionToken } from '../auth/session-cookie.ts';
import { hashToken } from '../auth/tokens.ts';
import { AppError } from '../errors/app-error.ts';
import type { AppContext } from '../http/context.ts';
import { isSameOrigin } from '../http/origin-check.ts';
import { watchOpenSockets } from '../metrics/metrics.ts';
import { clientEnvelope, closeCodes, PROTOCOL_VERSION, type ServerMessage } from '../shared/realtime.ts';
import type { Bus } from '../bus/bus.ts';
import { LiveSocket, type ClientSocket } from './client-socket.ts';
import { DEFAULT_REALTIME_LIMITS, type RealtimeLimits } from './limits.ts';
import type { ClientMessageHandler, Realtime } from './realtime.ts';
import { registerSubscriptions } from './subscriptions.ts';
import { TopicHub } from './topic-hub.ts';
import { SocketCounts } from './socket-counts.ts';
import { routeUpgrades } from './upgrade.ts';

export type { ClientSocket } from './client-socket.ts';
export type { ClientMessageHandler, Realtime } from './realtime.ts';

/** Who opens a socket: the account, and the session it signed in with. */
interface SocketOwner {
  actor: Actor;
  sessionTokenHash: string;
  address: string;
}

const sessionEnded = z.object({ tokenHash: z.string() });

interface Route {
  schema: z.ZodType;
  handler: ClientMessageHandler<unknown>;
}

export interface RealtimeOptions {
  ctx: AppContext;
  bus: Bus;
  limits?: Partial<RealtimeLimits>;
}

/**
 * `GET /ws`: live updates for signed-in browsers of Accord's own origin. A socket that breaks a
 * rule (size, JSON, type, rate, reading speed) is closed alone, with a code from `closeCodes`.
 */
export function registerRealtime(app: FastifyInstance, { ctx, bus, limits: overrides }: RealtimeOptions): Realtime {
  const limits = { ...DEFAULT_REALTIME_LIMITS, ...overrides };
  const routes = new Map<string, Route>();
  const closedHandlers: ((socket: ClientSocket) => void)[] = [];
  // Every open socket by its `ws` socket, where the listeners below (`this` is the `ws` socket)
  // find theirs: one set of listeners for all sockets, no closures per idle socket.
  const sockets = new Map<WebSocket, LiveSocket>();
  const unwatchSockets = watchOpenSockets(() => sockets.size);
  const owners = new WeakMap<FastifyRequest, SocketOwner>();
  const hub = new TopicHub(bus, app.log);
  const counts = new SocketCounts(limits);
  const publicOrigin = new URL(ctx.config.PUBLIC_URL).origin;
  const upgrades = routeUpgrades(app, { maxPayload: limits.maxFrameBytes });
  // Made when there is something to log: a child logger per idle socket is memory for nothing.
  const logOf = (live: LiveSocket) => app.log.child({ socketId: live.id, userId: live.actor.id });
  const sendToAll = (message: ServerMessage) => {
    const text = JSON.stringify(message);
    for (const live of sockets.values()) live.sendText(text);
  };

  app.addHook('preClose', (done) => {
    upgrades.stop();
    for (const live of sockets.values()) live.close(closeCodes.restarting, 'Server restarting: reconnect now.');
    done();
  });

  const realtime: Realtime = {
    bus,
    onClientMessage(type, schema, handler) {
      if (routes.has(type)) throw new Error(`realtime message type "${type}" already has a handler`);
      routes.set(type, { schema, handler: handler as ClientMessageHandler<unknown> });
    },
    onSocketClosed: (handler) => void closedHandlers.push(handler),
    close() {
      clearInterval(heartbeat);
      unwatchSockets();
    },
  };
  bus.onMessagesMissed(() => sendToAll({ v: PROTOCOL_VERSION, type: 'resync' }));
  // Signing out ends the session's sockets on every instance, not only the tab that signed out.
  bus.subscribe(SESSION_ENDED_CHANNEL, (payload) => {
    const ended = sessionEnded.safeParse(payload);
    if (!ended.success) return;
    for (const live of sockets.values()) {
      if (live.sessionTokenHash === ended.data.tokenHash) live.close(closeCodes.signedOut, 'Signed out.');
    }
  });
  registerSubscriptions(realtime, { db: ctx.database.db, hub, maxTopicsPerSocket: limits.maxTopicsPerSocket });

  const heartbeat = setInterval(() => {
    const text = JSON.stringify({ v: PROTOCOL_VERSION, type: 'heartbeat' } satisfies ServerMessage);
    for (const [raw, live] of sockets) {
      if (!live.isOpen) continue;
      if (!live.alive) {
        raw.terminate();
        continue;
      }
      live.alive = false;
      raw.ping();
      live.sendText(text);
    }
  }, limits.heartbeatMs);
  heartbeat.unref();

  function onPong(this: WebSocket) {
    const live = sockets.get(this);
    if (live) live.alive = true;
  }

  function onMessage(this: WebSocket, data: RawData, isBinary: boolean) {
    const live = sockets.get(this);
    if (!live) return;
    live.alive = true;
    const accepted = admit(live, data, isBinary, limits, routes);
    if (!accepted || !live.isOpen) return;
    live.enqueue(async () => {
      try {
        await accepted.route.handler(live, accepted.message);
      } catch (error) {
        const refused = error instanceof AppError;
        if (!refused) logOf(live).error({ err: error, type: accepted.type }, 'realtime message handler failed');
        const message = refused ? error.message : 'The server could not handle this message.';
        live.send({ v: PROTOCOL_VERSION, type: 'error', code: 'MESSAGE_REFUSED', message });
      }
    });
  }

  function onClose(this: WebSocket, code: number, reason: Buffer) {
    const live = sockets.get(this);
    if (!live) return;
    sockets.delete(this);
    counts.release(live.actor.id, live.address);
    hub.removeAll(live);
    // Closed by this server for breaking a limit: worth a line in the logs.
    if (live.closedWith) logOf(live).info(live.closedWith, 'socket closed by the server');
    else logOf(live).debug({ code, reason: reason.toString() }, 'socket closed');
    for (const handler of closedHandlers) handler(live);
  }

  // A client vanishing or sending an oversized frame is its own problem, not a server error.
  function onError(this: WebSocket, error: Error) {
    const live = sockets.get(this);
    (live ? logOf(live) : app.log).info({ err: error }, 'websocket error');
    this.terminate();
  }

  const open = (raw: WebSocket, { actor, sessionTokenHash, address }: SocketOwner) => {
    const full = counts.admit(actor.id, address);
    if (full) {
      app.log.info({ userId: actor.id, address, full }, 'socket refused: too many open');
      raw.on('error', onError);
      return raw.close(closeCodes.tooManySockets, full === 'account' ? 'Too many connections for this account.' : 'Too many connections from this address.');
    }
    const live = new LiveSocket(raw, actor, limits, { sessionTokenHash, address });
    sockets.set(raw, live);
    raw.on('pong', onPong).on('message', onMessage).on('close', onClose).on('error', onError);
    live.send({ v: PROTOCOL_VERSION, type: 'ready', socketId: live.id, heartbeatMs: limits.heartbeatMs });
  };

  app.route({
    method: 'GET',
    url: '/ws',
    // Runs before the upgrade: a refusal is a plain HTTP answer, and no socket is opened.
    preValidation: async (request) => {
      if (!isSameOrigin(request, publicOrigin)) {
        throw new AppError('ORIGIN_NOT_ALLOWED', 'This connection came from another site and was refused.');
      }
      owners.set(request, { actor: await requireActor(ctx, request), sessionTokenHash: hashToken(sessionToken(request)!), address: request.ip });
    },
    handler: async (request, reply) => {
      // A plain GET (no `Upgrade: websocket`) gets the contract's error.
      if (!upgrades.isUpgrade(request)) {
        throw new AppError('UPGRADE_REQUIRED', 'This address is a WebSocket endpoint: open it with a WebSocket connection.');
      }
      const owner = owners.get(request)!;
      upgrades.accept(request, reply, (raw) => {
        // A hijacked request has no `onResponse`: this is its one line, as an answered request's.
        request.log.info({ req: request, res: { statusCode: 101 }, responseTime: reply.elapsedTime }, 'websocket opened');
        open(raw, owner);
      });
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
