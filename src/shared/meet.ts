/**
 * The call's contract, shared by the server and the web app: the `/ws` signaling messages of a
 * meet session's call, its ICE configuration and its reviews.
 *
 * Signaling, in short. A page picks a `peerId` (one per page load, kept across socket
 * reconnections) and sends `meet.join`. The server checks the person is a participant of a paid
 * (`ready`) session, answers `meet.joined` (callId, role, polite) or `meet.refused`, and from then
 * on pushes `meet.peer` (the other participant is present / left) and relays `meet.signal`
 * (descriptions and ICE candidates) between the two peers, across server instances.
 */
import { z } from 'zod';
import { PROTOCOL_VERSION } from './realtime.ts';
import { humanText } from './schemas.ts';

const version = z.literal(PROTOCOL_VERSION);
const uuid = z.uuid();
/** A page load's id in the call: stale messages meant for an earlier load are told apart by it. */
const peerId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);

const callRoles = ['demandeur', 'prestataire'] as const;
export type CallRole = (typeof callRoles)[number];

/** The perfect-negotiation roles are fixed, so two peers never both yield or both insist. */
export const isPoliteRole = (role: CallRole) => role === 'prestataire';

const sessionDescription = z.object({ type: z.enum(['offer', 'answer', 'pranswer', 'rollback']), sdp: z.string().max(30_000).optional() });
const iceCandidate = z.object({
  candidate: z.string().max(2_000),
  sdpMid: z.string().max(64).nullable().optional(),
  sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
  usernameFragment: z.string().max(256).nullable().optional(),
});
/** One perfect-negotiation message: a description, or a candidate (`null` ends the gathering). */
export const signal = z.union([z.object({ description: sessionDescription }), z.object({ candidate: iceCandidate.nullable() })]);
export type Signal = z.infer<typeof signal>;

// Client → server.
export const meetJoinMessage = z.object({ v: version, type: z.literal('meet.join'), meetSessionId: uuid, peerId });
export const meetLeaveMessage = z.object({ v: version, type: z.literal('meet.leave'), meetSessionId: uuid, peerId });
export const meetSignalMessage = z.object({ v: version, type: z.literal('meet.signal'), meetSessionId: uuid, peerId, toPeerId: peerId, signal });
export type MeetJoinMessage = z.infer<typeof meetJoinMessage>;
export type MeetSignalMessage = z.infer<typeof meetSignalMessage>;

export const callPeer = z.object({ userId: z.string(), peerId: z.string(), role: z.enum(callRoles), displayName: z.string() });
export type CallPeer = z.infer<typeof callPeer>;

/** Why a peer is gone: it left, its socket dropped (it may come back), or a newer tab replaced it. */
export const leaveReasons = ['left', 'disconnected'] as const;
export type LeaveReason = (typeof leaveReasons)[number];

export const meetRefusalCodes = [
  /** Not signed in, no such session, or not one of its two participants: not told apart (I3). */
  'MEET_SESSION_NOT_FOUND',
  /** A participant, but the session is not paid yet (or cancelled). */
  'MEET_SESSION_NOT_READY',
  /** A signal from a page that has not joined (or was replaced). */
  'NOT_IN_CALL',
  /** The call's window is over (72 h after the payment, 4 h after the first entry). */
  'CALL_WINDOW_CLOSED',
  /** One participant joined this call from too many pages (page loads). */
  'TOO_MANY_CALL_PAGES',
  /** Too many large signals stored for this call at once: wait a moment. */
  'TOO_MANY_SIGNALS',
] as const;

// Server → client.
const meetJoinedMessage = z.object({
  v: version,
  type: z.literal('meet.joined'),
  meetSessionId: z.string(),
  callId: z.string(),
  peerId: z.string(),
  role: z.enum(callRoles),
  polite: z.boolean(),
});
const meetPeerMessage = z.object({
  v: version,
  type: z.literal('meet.peer'),
  meetSessionId: z.string(),
  state: z.enum(['present', 'gone']),
  peer: callPeer,
  reason: z.enum(leaveReasons).optional(),
});
const meetRelayedSignalMessage = z.object({
  v: version,
  type: z.literal('meet.signal'),
  meetSessionId: z.string(),
  fromPeerId: z.string(),
  toPeerId: z.string(),
  signal,
});
const meetRefusedMessage = z.object({
  v: version,
  type: z.literal('meet.refused'),
  meetSessionId: z.string(),
  code: z.enum(meetRefusalCodes),
  message: z.string(),
});
/** This page was superseded by another page of the same account that joined the same call. */
const meetReplacedMessage = z.object({ v: version, type: z.literal('meet.replaced'), meetSessionId: z.string(), peerId: z.string() });

export const meetServerMessage = z.discriminatedUnion('type', [
  meetJoinedMessage,
  meetPeerMessage,
  meetRelayedSignalMessage,
  meetRefusedMessage,
  meetReplacedMessage,
]);
export type MeetServerMessage = z.infer<typeof meetServerMessage>;

// HTTP.
export const iceConfig = z.object({
  iceServers: z.array(z.object({ urls: z.array(z.string()), username: z.string().optional(), credential: z.string().optional() })),
  iceTransportPolicy: z.enum(['all', 'relay']),
  /** When the TURN credentials stop working (ISO date); the page fetches new ones on rejoin. */
  expiresAt: z.string().nullable(),
});
export type IceConfig = z.infer<typeof iceConfig>;

export const reviewInput = z.object({
  rating: z.number().int().min(1).max(5),
  // Every other text is checked the same way (PostgreSQL's text refuses NUL: it was a 500).
  comment: humanText(0, 2_000).default(''),
});
export const reviewDto = z.object({ id: z.string(), meetSessionId: z.string(), rating: z.number(), comment: z.string(), createdAt: z.string() });
export type ReviewDto = z.infer<typeof reviewDto>;
export const myReviewAnswer = z.object({ review: reviewDto.nullable() });
