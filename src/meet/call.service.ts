import { isCallOpen } from '../access/policy.ts';
import type { Actor } from '../auth/actor.ts';
import type { Config } from '../config/config.ts';
import type { Db, Tx } from '../db/client.ts';
import type { MeetSessionRow } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import { appendEvent, callPageEvents, sessionMilestones } from '../events/events.repo.ts';
import { notify } from '../notifications/notifications.service.ts';
import { callNotOpen, getMeetSession, startCall } from '../sessions/sessions.service.ts';
import type { CallPeer, CallRole, IceConfig, LeaveReason } from '../shared/meet.ts';
import { iceConfigFor } from './ice.ts';

export interface CallEntry {
  session: MeetSessionRow;
  peer: CallPeer;
  otherUserId: string;
}

/**
 * The call's window, until scheduling gives each call its slot: it opens with the payment and
 * closes 72 h later, or 4 h after the first entry (the call's end), whichever comes first.
 * Outside it, nobody joins and no TURN credentials are handed out; those given expire with it.
 */
export const CALL_WINDOW = { afterPaymentMs: 72 * 3600_000, afterFirstEntryMs: 4 * 3600_000 };

/** Page loads one participant may bring into one call: each is a ledger row and a notification. */
export const MAX_CALL_PAGES = 30;

async function callClosesAt(db: Db, meetSessionId: string): Promise<Date> {
  const { readyAt, inCallAt } = await sessionMilestones(db, meetSessionId);
  const ends = [readyAt && readyAt.getTime() + CALL_WINDOW.afterPaymentMs, inCallAt && inCallAt.getTime() + CALL_WINDOW.afterFirstEntryMs];
  return new Date(Math.min(...ends.filter((end): end is number => end !== undefined)));
}

/**
 * I3: only the two participants of a paid session enter its call, inside its window; to anyone
 * else the session does not exist (MEET_SESSION_NOT_FOUND, the same answer as for an unknown id).
 */
export async function authoriseCall(
  db: Db,
  actor: Actor,
  meetSessionId: string,
  now = new Date(),
): Promise<{ session: MeetSessionRow; role: CallRole; otherUserId: string; closesAt: Date }> {
  const { session, role } = await getMeetSession(db, actor, meetSessionId, 'joinCall');
  if (!isCallOpen(session.status)) throw callNotOpen();
  const closesAt = await callClosesAt(db, session.id);
  if (now >= closesAt) throw new AppError('CALL_WINDOW_CLOSED', 'This call’s time is over.');
  return { session, role, otherUserId: role === 'prestataire' ? session.demandeurId : session.prestataireId, closesAt };
}

/**
 * A participant's page entered the call: recorded in the timeline (I5) and told to the other,
 * once per page. The same page back on a new socket (its peerId) is the entry already recorded.
 */
export async function enterCall(tx: Tx, actor: Actor, input: { meetSessionId: string; peerId: string }): Promise<CallEntry> {
  const { session: seen, role, otherUserId } = await authoriseCall(tx, actor, input.meetSessionId);
  // The session's lock, taken here, also queues this participant's joins: the pages are counted once each.
  const session = await startCall(tx, actor, seen);
  const entry = { session, otherUserId, peer: { userId: actor.id, peerId: input.peerId, role, displayName: actor.displayName } };
  const pages = new Set((await callPageEvents(tx, session.id, actor.id)).filter((e) => e.kind === 'call.joined').map((e) => e.peerId));
  if (pages.has(input.peerId)) return entry;
  if (pages.size >= MAX_CALL_PAGES) throw new AppError('TOO_MANY_CALL_PAGES', 'This call was joined from too many pages.');
  await appendEvent(tx, {
    kind: 'call.joined',
    actorId: actor.id,
    demandeId: session.demandeId,
    offreId: session.offreId,
    meetSessionId: session.id,
    data: { callId: session.callId, peerId: input.peerId, role },
  });
  await notify(tx, {
    userId: otherUserId,
    kind: 'call.joined',
    data: { name: actor.displayName },
    demandeId: session.demandeId,
    offreId: session.offreId,
    meetSessionId: session.id,
  });
  return entry;
}

/**
 * A page left the call (or its socket dropped): recorded once per page, however often its socket
 * comes and goes. The other participant is notified of a real departure only: a dropped socket
 * usually comes back within seconds.
 */
export async function recordLeave(tx: Tx, entry: CallEntry, reason: LeaveReason): Promise<void> {
  const { session, peer } = entry;
  const recorded = await callPageEvents(tx, session.id, peer.userId);
  if (recorded.some((e) => e.kind === 'call.left' && e.peerId === peer.peerId)) return;
  await appendEvent(tx, {
    kind: 'call.left',
    actorId: peer.userId,
    demandeId: session.demandeId,
    offreId: session.offreId,
    meetSessionId: session.id,
    data: { callId: session.callId, peerId: peer.peerId, role: peer.role, reason },
  });
  if (reason !== 'left') return;
  await notify(tx, {
    userId: entry.otherUserId,
    kind: 'call.left',
    data: { name: peer.displayName },
    demandeId: session.demandeId,
    offreId: session.offreId,
    meetSessionId: session.id,
  });
}

/** A participant's ICE servers for a paid session's call, with TURN credentials of their own. */
export async function callIceConfig(db: Db, actor: Actor, meetSessionId: string, settings: Config): Promise<IceConfig> {
  const now = new Date();
  const { closesAt } = await authoriseCall(db, actor, meetSessionId, now);
  return iceConfigFor(settings, actor.id, now.getTime(), closesAt.getTime());
}
