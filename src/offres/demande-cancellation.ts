import type { Actor } from '../auth/actor.ts';
import type { Tx } from '../db/client.ts';
import { getDemande, lockDemande, updateDemandeStatus, type DemandeWithCreator } from '../demandes/demandes.service.ts';
import { conflict } from '../errors/app-error.ts';
import { appendEvent } from '../events/events.repo.ts';
import { rejectPendingOffres } from './reject-pending.ts';

/**
 * Its creator cancels an open demande; its pending offres are rejected with it, under the lock every
 * decision on its offres takes (so it lives with them). Cancelling twice is harmless.
 */
export async function cancelDemande(tx: Tx, actor: Actor, id: string): Promise<DemandeWithCreator> {
  const found = await getDemande(tx, actor, id, 'cancel');
  const demande = (await lockDemande(tx, id))!;
  if (demande.status === 'cancelled') return { ...found, demande };
  if (demande.status === 'accepted') {
    throw conflict('DEMANDE_ALREADY_HAS_ACCEPTED_OFFRE', 'This demande has an accepted offre; it can no longer be cancelled.');
  }
  const cancelled = await updateDemandeStatus(tx, id, 'cancelled');
  await rejectPendingOffres(tx, actor, { demande: cancelled, reason: 'demande_cancelled' });
  await appendEvent(tx, { kind: 'demande.cancelled', actorId: actor.id, demandeId: id });
  return { ...found, demande: cancelled };
}
