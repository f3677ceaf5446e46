import { requireRole, sessionRole, type MeetSessionAction } from '../access/policy.ts';
import type { Actor } from '../auth/actor.ts';
import type { Db, Tx } from '../db/client.ts';
import type { DemandeRow, MeetSessionRow, OffreRow } from '../db/schema.ts';
import { AppError, conflict } from '../errors/app-error.ts';
import { appendEvent, type EventKind } from '../events/events.repo.ts';
import { notifyPaymentSucceeded, notifySessionCancelled } from '../notifications/session-notifications.ts';
import type { CallRole } from '../shared/meet.ts';
import type { MeetSessionStatus } from '../shared/statuses.ts';
import { callIdFor } from './call-id.ts';
import { canMoveSession } from './session-lifecycle.ts';
import * as repo from './sessions.repo.ts';
import type { MeetSessionView } from './sessions.repo.ts';

export type { MeetSessionView } from './sessions.repo.ts';

/** The owner of the meet session's lifecycle: the only writer of `meet_sessions`. */

const eventIds = (session: MeetSessionRow) => ({ demandeId: session.demandeId, offreId: session.offreId, meetSessionId: session.id });

/** Creates the one meet session of a just-accepted offre (called by the acceptance only). */
export async function createMeetSession(tx: Tx, actor: Actor, offre: OffreRow, demande: DemandeRow): Promise<MeetSessionRow> {
  const session = await repo.insertMeetSession(tx, {
    demandeId: demande.id,
    offreId: offre.id,
    callId: callIdFor(offre.id),
    demandeurId: demande.creatorId,
    prestataireId: offre.prestataireId,
  });
  await appendEvent(tx, { kind: 'meet_session.created', actorId: actor.id, ...eventIds(session), data: { callId: session.callId } });
  return session;
}

export const findMeetSessionByOffre = repo.findMeetSessionByOffre;

/** The session as `actor` may see it to do `action` (I3: unknown to anyone but its two participants). */
export async function getMeetSession(db: Db, actor: Actor, id: string, action: MeetSessionAction = 'read'): Promise<MeetSessionView & { role: CallRole }> {
  const view = await repo.findMeetSessionView(db, id);
  const role = requireRole('meetSession', action, view && sessionRole(actor.id, view.session));
  return { ...view!, role };
}

/** Locks the session: every move of its lifecycle, and every payment decision about it, queues here. */
export async function lockMeetSession(tx: Tx, id: string): Promise<MeetSessionRow> {
  return (await repo.lockMeetSession(tx, id))!;
}

/** One move of the lifecycle, recorded in the ledger (I5); a move the table does not list is a bug. */
async function move(tx: Tx, session: MeetSessionRow, to: MeetSessionStatus, event: { kind: EventKind; actorId: string | null; data?: Record<string, unknown> }): Promise<MeetSessionRow> {
  if (!canMoveSession(session.status, to)) throw new Error(`meet session ${session.id} cannot move from ${session.status} to ${to}`);
  const moved = await repo.updateMeetSessionStatus(tx, session.id, to);
  await appendEvent(tx, { ...event, ...eventIds(session) });
  return moved;
}

/** Payments reports a succeeded payment: a session awaiting it opens its call to both participants. */
export async function markSessionPaid(tx: Tx, session: MeetSessionRow, paymentId: string): Promise<void> {
  if (session.status !== 'awaiting_payment') return;
  await move(tx, session, 'ready', { kind: 'meet_session.ready', actorId: null, data: { paymentId } });
  await notifyPaymentSucceeded(tx, session);
}

export const callNotOpen = () => new AppError('MEET_SESSION_NOT_READY', 'This call opens once the session is paid.');

/** A participant enters the call: the first entry puts the session in call (from then on it cannot be cancelled). */
export async function startCall(tx: Tx, actor: Actor, session: MeetSessionRow): Promise<MeetSessionRow> {
  const locked = await lockMeetSession(tx, session.id);
  if (locked.status === 'in_call') return locked;
  if (locked.status !== 'ready') throw callNotOpen();
  return move(tx, locked, 'in_call', { kind: 'meet_session.in_call', actorId: actor.id, data: { callId: locked.callId } });
}

/**
 * The demandeur calls the session off before its call started (the session must be locked, after
 * its demande: see src/meet/cancel-session.ts). Cancelling it again changes nothing.
 */
export async function cancelLockedSession(tx: Tx, actor: Actor, session: MeetSessionRow): Promise<MeetSessionRow> {
  if (session.status === 'cancelled') return session;
  if (session.status === 'in_call') throw conflict('CALL_ALREADY_STARTED', 'The call has started; this meet session can no longer be cancelled.');
  const cancelled = await move(tx, session, 'cancelled', { kind: 'meet_session.cancelled', actorId: actor.id, data: { reason: 'cancelled_by_demandeur' } });
  await notifySessionCancelled(tx, session);
  return cancelled;
}
