import type { Actor } from '../auth/actor.ts';
import type { Tx } from '../db/client.ts';
import { appendEvent } from '../events/events.repo.ts';
import { rejectPending } from './offres.repo.ts';

/** Rejects every pending offre of a demande (another was accepted, or the demande was cancelled). */
export async function rejectPendingOffres(
  tx: Tx,
  actor: Actor,
  { demandeId, reason }: { demandeId: string; reason: 'other_offre_accepted' | 'demande_cancelled' },
  now = new Date(),
): Promise<void> {
  for (const rejected of await rejectPending(tx, demandeId, now)) {
    await appendEvent(tx, { kind: 'offre.rejected', actorId: actor.id, demandeId, offreId: rejected.id, data: { reason } });
  }
}
