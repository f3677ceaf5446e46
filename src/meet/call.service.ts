import { isCallOpen } from '../access/policy.ts';
import type { Actor } from '../auth/actor.ts';
import type { Config } from '../config/config.ts';
import type { Db, Tx } from '../db/client.ts';
import type { MeetSessionRow } from '../db/schema.ts';
import { appendEvent } from '../events/events.repo.ts';
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
 * I3: only the two participants of a paid session enter its call; to anyone else the session does
 * not exist (MEET_SESSION_NOT_FOUND, the same answer as for an unknown id).
 */
export async function authoriseCall(db: Db, actor: Actor, meetSessionId: string): Promise<{ session: MeetSessionRow; role: CallRole; otherUserId: string }> {
  const { session, role } = await getMeetSession(db, actor, meetSessionId, 'joinCall');
  if (!isCallOpen(session.status)) throw callNotOpen();
  return { session, role, otherUserId: role === 'prestataire' ? session.demandeurId : session.prestataireId };
}

/** A participant's page entered the call: recorded in the timeline (I5) and told to the other. */
export async function enterCall(tx: Tx, actor: Actor, input: { meetSessionId: string; peerId: string }): Promise<CallEntry> {
  const { session: seen, role, otherUserId } = await authoriseCall(tx, actor, input.meetSessionId);
  const session = await startCall(tx, actor, seen);
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
  return { session, otherUserId, peer: { userId: actor.id, peerId: input.peerId, role, displayName: actor.displayName } };
}

/**
 * A page left the call (or its socket dropped). The other participant is notified of a real
 * departure only: a dropped socket usually comes back within seconds.
 */
export async function recordLeave(tx: Tx, entry: CallEntry, reason: LeaveReason): Promise<void> {
  const { session, peer } = entry;
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
  await authoriseCall(db, actor, meetSessionId);
  return iceConfigFor(settings, actor.id);
}
