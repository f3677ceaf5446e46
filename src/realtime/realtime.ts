import type { z } from 'zod';
import type { Bus } from '../bus/bus.ts';
import type { ClientSocket } from './client-socket.ts';

export type ClientMessageHandler<T> = (socket: ClientSocket, message: T) => void | Promise<void>;

/** The `/ws` gateway as other domains see it (gateway.ts makes it). */
export interface Realtime {
  bus: Bus;
  /** Lets another domain (e.g. meet signaling) handle a client message type. */
  onClientMessage<T>(type: string, schema: z.ZodType<T>, handler: ClientMessageHandler<T>): void;
  onSocketClosed(handler: (socket: ClientSocket) => void): void;
  /** Stops the heartbeat (the sockets close with the server); the bus is its maker's to close. */
  close(): void;
}
