/**
 * The `/ws` protocol, shared by the server (to parse what clients send) and the web client (to
 * type what the server sends). Every message carries the protocol version `v`.
 */
import { z } from 'zod';

export const PROTOCOL_VERSION = 1;

const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** `demande:<id>`, `meet:<sessionId>` or `user:<id>`, ids in lowercase UUID form. */
export const topicPattern = new RegExp(`^(demande|meet|user):(${uuid})$`);
export type Topic = `${'demande' | 'meet' | 'user'}:${string}`;

export const topicOf = {
  demande: (id: string): Topic => `demande:${id}`,
  meet: (meetSessionId: string): Topic => `meet:${meetSessionId}`,
  user: (id: string): Topic => `user:${id}`,
};

const version = z.literal(PROTOCOL_VERSION);

/** The envelope every client message must have; its `type` picks the full schema. */
export const clientEnvelope = z.object({ v: version, type: z.string().min(1).max(64) });

// Any string: a topic of unknown shape is answered with an INVALID_TOPIC error, not a closed socket.
const topic = z.string().max(200);
export const subscribeMessage = z.object({ v: version, type: z.literal('subscribe'), topic });
export const unsubscribeMessage = z.object({ v: version, type: z.literal('unsubscribe'), topic });

const readyMessage = z.object({
  v: version,
  type: z.literal('ready'),
  socketId: z.string(),
  /** The server sends a heartbeat at least this often; silence for longer means a dead link. */
  heartbeatMs: z.number(),
});
/** Something changed under `topic`: refetch what you show from it. `kind` is the event kind. */
const changedMessage = z.object({ v: version, type: z.literal('changed'), topic: z.string(), kind: z.string() });
const subscribedMessage = z.object({ v: version, type: z.literal('subscribed'), topic: z.string() });
const unsubscribedMessage = z.object({ v: version, type: z.literal('unsubscribed'), topic: z.string() });
const heartbeatMessage = z.object({ v: version, type: z.literal('heartbeat') });
/** The server may have missed changes (its database link was cut): refetch every subscribed topic. */
const resyncMessage = z.object({ v: version, type: z.literal('resync') });

const realtimeErrorCodes = [
  /** Not a topic the server knows the shape of. */
  'INVALID_TOPIC',
  /** The topic's subject does not exist or is not yours: the two are not told apart. */
  'TOPIC_NOT_FOUND',
  'TOO_MANY_SUBSCRIPTIONS',
  /** A domain handler refused a message (its `message` says why). */
  'MESSAGE_REFUSED',
] as const;
const errorMessage = z.object({
  v: version,
  type: z.literal('error'),
  code: z.enum(realtimeErrorCodes),
  message: z.string(),
  topic: z.string().optional(),
});

export const serverMessage = z.discriminatedUnion('type', [
  readyMessage,
  changedMessage,
  subscribedMessage,
  unsubscribedMessage,
  heartbeatMessage,
  resyncMessage,
  errorMessage,
]);
export type ServerMessage = z.infer<typeof serverMessage>;
export type ChangedMessage = z.infer<typeof changedMessage>;
export type RealtimeErrorMessage = z.infer<typeof errorMessage>;

/** Close codes: a socket that breaks a rule is closed with one of these, and only that socket. */
export const closeCodes = {
  /**
   * The instance is shutting down (deploy, rolling restart) and hands its sockets over: reconnect
   * at once, without backoff, and the load balancer sends the tab to another instance.
   * 1012 is WebSocket's registered "Service Restart".
   */
  restarting: 1012,
  /** Frame over the transport's hard limit (set by the `ws` library itself). */
  transportTooLarge: 1009,
  malformedJson: 4400,
  /** Messages sent faster than the per-socket rate limit. */
  rateLimited: 4429,
  /** The client did not read fast enough: reconnect and refetch (resync). */
  slowConsumer: 4408,
  messageTooLarge: 4413,
  /** Unknown type, unsupported version or a message of the wrong shape. */
  invalidMessage: 4422,
  /** Its account or its address already has as many sockets open as allowed: close a tab. */
  tooManySockets: 4409,
  /** Its session was signed out (in another tab of the same browser): do not reconnect. */
  signedOut: 4401,
} as const;
