import type { Actor } from '../auth/actor.ts';
import type { Tx } from '../db/client.ts';
import type { DemandeRow } from '../db/schema.ts';
import { appendEvent } from '../events/events.repo.ts';
import { notifyOffreDecided } from '../notifications/offre-notifications.ts';
import { rejectPending } from './offres.repo.ts';

/** Rejects every pending offre of a demande (another was accepted, or the demande was cancelled). */
export async function rejectPendingOffres(
  tx: Tx,
  actor: Actor,
  { demande, reason }: { demande: DemandeRow; reason: 'other_offre_accepted' | 'demande_cancelled' },
  now = new Date(),
): Promise<void> {
  for (const rejected of await rejectPending(tx, demande.id, now)) {
    await appendEvent(tx, { kind: 'offre.rejected', actorId: actor.id, demandeId: demande.id, offreId: rejected.id, data: { reason } });
    await notifyOffreDecided(tx, demande, rejected, { accepted: false, reason });
  }
}
