import { ServerResponse, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { WebSocketServer, type WebSocket } from 'ws';

interface PendingUpgrade {
  socket: Socket;
  head: Buffer;
}

export interface Upgrades {
  /** Whether `request` is a GET that came as an HTTP upgrade (not a plain GET, nor `app.inject`). */
  isUpgrade(request: FastifyRequest): boolean;
  /**
   * Takes the connection from Fastify and opens the WebSocket; `onOpen` is all the socket keeps
   * of its upgrade, so it should close over what the socket needs and nothing else.
   */
  accept(request: FastifyRequest, reply: FastifyReply, onOpen: (socket: WebSocket) => void): void;
  /** Stops taking upgrades (at shutdown): one still being routed is then refused with 503. */
  stop(): void;
}

function destroyOnError(this: Socket): void {
  this.destroy();
}

/**
 * WebSocket upgrades routed through Fastify like any request (hooks, logs, JSON error answers
 * with the security headers), then completed by `ws` once a route accepts them. Unlike
 * `@fastify/websocket`, nothing of the HTTP request stays with an open socket: neither Fastify's
 * request, reply and logger, nor the `ServerResponse` (detached from the connection).
 */
export function routeUpgrades(app: FastifyInstance, { maxPayload }: { maxPayload: number }): Upgrades {
  // The gateway keeps its own set of sockets: `ws`'s would cost a Set entry and a listener more each.
  const wss = new WebSocketServer({ noServer: true, maxPayload, clientTracking: false });
  const pending = new WeakMap<IncomingMessage, PendingUpgrade>();

  const onUpgrade = (request: IncomingMessage, socket: Socket, head: Buffer) => {
    // Node removes its own error listener before `upgrade`: a client vanishing while the route
    // runs must not crash the process.
    socket.on('error', destroyOnError);
    pending.set(request, { socket, head });
    try {
      const response = new ServerResponse(request);
      response.assignSocket(socket);
      // Answered in HTTP (refused, or not an upgrade route): the connection ends with the answer.
      response.once('finish', () => socket.destroy());
      app.routing(request, response);
    } catch (error) {
      app.log.warn({ err: error }, 'websocket upgrade failed');
      socket.destroy();
    }
  };
  app.server.on('upgrade', onUpgrade);

  return {
    // A HEAD (Fastify's twin of the GET route) cannot be upgraded: it gets the route's HTTP answer.
    isUpgrade: (request) => request.method === 'GET' && pending.has(request.raw),
    accept(request, reply, onOpen) {
      const { socket, head } = pending.get(request.raw)!;
      pending.delete(request.raw);
      reply.hijack();
      // Otherwise the connection would keep the response, which keeps the request, for its whole life.
      reply.raw.detachSocket(socket);
      // `ws` adds its own error listener as it takes the socket.
      socket.removeListener('error', destroyOnError);
      wss.handleUpgrade(request.raw, socket, head, onOpen);
    },
    stop() {
      app.server.removeListener('upgrade', onUpgrade);
      wss.close();
    },
  };
}
