import type { z } from 'zod';
import { authorizeDemande } from '../access/access.ts';
import { offreRole, requireRole, type OffreAction } from '../access/policy.ts';
import type { Actor } from '../auth/actor.ts';
import type { Db, Tx } from '../db/client.ts';
import type { DemandeRow, MeetSessionRow, OffreRow } from '../db/schema.ts';
import { lockDemande, lockDemandeOfOffre, updateDemandeStatus } from '../demandes/demandes.service.ts';
import { conflict, notFound } from '../errors/app-error.ts';
import { appendEvent } from '../events/events.repo.ts';
import { acceptanceLockWait } from '../metrics/metrics.ts';
import { notifyOffreDecided, notifyOffreReceived } from '../notifications/offre-notifications.ts';
import { createMeetSession, findMeetSessionByOffre } from '../sessions/sessions.service.ts';
import type { proposeOffreInput } from '../shared/schemas.ts';
import { isLapsed } from './offre-expiry.ts';
import * as repo from './offres.repo.ts';
import { rejectPendingOffres } from './reject-pending.ts';
import type { MyOffreView, OffreView } from './offres.repo.ts';

const DAY_MS = 24 * 3600_000;

export async function proposeOffre(
  tx: Tx,
  actor: Actor,
  demandeId: string,
  input: z.output<typeof proposeOffreInput>,
  now = new Date(),
): Promise<OffreView> {
  // Only the role is needed (the demande itself is read under its lock below).
  await authorizeDemande(tx, actor, demandeId, 'propose');
  // Shares the lock that acceptance and cancellation take exclusively: no offre slips in after them.
  const demande = (await lockDemande(tx, demandeId, 'share'))!;
  if (demande.status !== 'open') throw conflict('DEMANDE_NOT_OPEN', 'This demande no longer takes offres.');

  for (const lapsed of await repo.expireLapsed(tx, demandeId, actor.id, now)) {
    await appendEvent(tx, { kind: 'offre.expired', actorId: null, demandeId, offreId: lapsed.id });
  }
  // At most one live offre per prestataire: enforced by the offres_one_live_per_prestataire index.
  const offre = await repo.insertOffre(tx, {
    demandeId,
    prestataireId: actor.id,
    priceCents: input.priceCents,
    message: input.message,
    expiresAt: new Date(now.getTime() + input.validForDays * DAY_MS),
  });
  await appendEvent(tx, { kind: 'offre.proposed', actorId: actor.id, demandeId, offreId: offre.id, data: { priceCents: offre.priceCents } });
  await notifyOffreReceived(tx, demande, offre, actor.displayName);
  return { offre, prestataire: actor, meetSessionId: null };
}

/** The demande's creator sees every offre; anyone else only their own. */
export async function listOffres(db: Db, actor: Actor, demandeId: string): Promise<OffreView[]> {
  const role = await authorizeDemande(db, actor, demandeId, 'read');
  return repo.listOffresOfDemande(db, demandeId, role === 'creator' ? undefined : actor.id);
}

/** The actor's own offres, each with its demande, whatever that demande's status now. */
export async function listMyOffres(db: Db, actor: Actor, limit: number): Promise<MyOffreView[]> {
  return repo.listOffresBy(db, actor.id, limit);
}

interface Locked {
  offre: OffreRow;
  demande: DemandeRow;
}

/**
 * Locks the offre's demande, then the offre: every decision on a demande's offres (accept, reject,
 * withdraw, cancel, propose) queues on the demande row, always in this order, so they serialize
 * and never deadlock. Then the access policy decides whether `actor` may take `action`.
 */
async function lockForDecision(tx: Tx, actor: Actor, offreId: string, action: OffreAction): Promise<Locked> {
  const demande = await lockDemandeOfOffre(tx, offreId);
  if (!demande) throw notFound('offre');
  // An offre never changes demande: the one locked is the offre's.
  const offre = await repo.lockOffre(tx, offreId);
  requireRole('offre', action, offreRole(actor.id, offre, demande));
  return { offre, demande };
}

function assertNotDecided(offre: OffreRow): void {
  if (offre.status !== 'pending') throw conflict('OFFRE_NOT_PENDING', `This offre is already ${offre.status}.`);
}

/** Still open to a decision by the demandeur: not decided, and not past its expiry. */
function assertPending(offre: OffreRow, now: Date): void {
  if (isLapsed(offre, now)) throw conflict('OFFRE_EXPIRED', 'This offre has expired.');
  assertNotDecided(offre);
}

export async function withdrawOffre(tx: Tx, actor: Actor, offreId: string, now = new Date()): Promise<OffreView> {
  const { offre, demande } = await lockForDecision(tx, actor, offreId, 'withdraw');
  // Its author may still withdraw a lapsed offre: expiry only closes it to the demandeur.
  assertNotDecided(offre);
  await repo.updateOffreStatus(tx, offre.id, 'withdrawn', now);
  await appendEvent(tx, { kind: 'offre.withdrawn', actorId: actor.id, demandeId: demande.id, offreId });
  return repo.findOffreView(tx, offreId);
}

export async function rejectOffre(tx: Tx, actor: Actor, offreId: string, now = new Date()): Promise<OffreView> {
  const { offre, demande } = await lockForDecision(tx, actor, offreId, 'reject');
  assertPending(offre, now);
  await repo.updateOffreStatus(tx, offre.id, 'rejected', now);
  await appendEvent(tx, { kind: 'offre.rejected', actorId: actor.id, demandeId: demande.id, offreId, data: { reason: 'rejected_by_demandeur' } });
  await notifyOffreDecided(tx, demande, offre, { accepted: false, reason: 'rejected_by_demandeur' });
  return repo.findOffreView(tx, offreId);
}

export interface Acceptance {
  session: MeetSessionRow;
  /** False when the offre was already accepted and its existing session is returned. */
  created: boolean;
}

/**
 * Accepts an offre: the only path that creates a meet session. Runs in one transaction holding the
 * demande's row lock; the partial unique index and the session's unique keys back every rule (I4).
 */
export async function acceptOffre(tx: Tx, actor: Actor, offreId: string, now = new Date()): Promise<Acceptance> {
  const lockWait = acceptanceLockWait.startTimer();
  const { offre, demande } = await lockForDecision(tx, actor, offreId, 'accept');
  lockWait();

  // I2: accepting again (double click, second screen, retry) answers with the existing session.
  if (offre.status === 'accepted') {
    const session = await findMeetSessionByOffre(tx, offre.id);
    if (!session) throw new Error(`accepted offre ${offre.id} has no meet session`);
    return { session, created: false };
  }
  // I1: one accepted offre per demande.
  if (demande.status === 'accepted') {
    throw conflict('DEMANDE_ALREADY_HAS_ACCEPTED_OFFRE', 'Another offre of this demande is already accepted.');
  }
  if (demande.status === 'cancelled') throw conflict('DEMANDE_NOT_OPEN', 'This demande was cancelled.');
  assertPending(offre, now);

  const accepted = await repo.updateOffreStatus(tx, offre.id, 'accepted', now);
  await updateDemandeStatus(tx, demande.id, 'accepted');
  await appendEvent(tx, { kind: 'offre.accepted', actorId: actor.id, demandeId: demande.id, offreId: offre.id });
  await notifyOffreDecided(tx, demande, offre, { accepted: true });
  await rejectPendingOffres(tx, actor, { demande, reason: 'other_offre_accepted' }, now);
  const session = await createMeetSession(tx, actor, accepted, demande);
  return { session, created: true };
}

/** The accepted offre of a session its demandeur cancelled (under the demande's lock). */
export async function rejectOffreOfCancelledSession(tx: Tx, actor: Actor, session: MeetSessionRow, now: Date): Promise<void> {
  await repo.updateOffreStatus(tx, session.offreId, 'rejected', now);
  await appendEvent(tx, { kind: 'offre.rejected', actorId: actor.id, demandeId: session.demandeId, offreId: session.offreId, data: { reason: 'meet_session_cancelled' } });
}
