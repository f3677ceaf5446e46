import type { Actor } from '../auth/actor.ts';
import type { Tx } from '../db/client.ts';
import type { DemandeRow } from '../db/schema.ts';
import { appendEvents } from '../events/events.repo.ts';
import { offreDecidedNotification } from '../notifications/offre-notifications.ts';
import { notifyAll } from '../notifications/notifications.service.ts';
import { rejectPending } from './offres.repo.ts';

/** Rejects every pending offre of a demande (another was accepted, or the demande was cancelled). */
export async function rejectPendingOffres(
  tx: Tx,
  actor: Actor,
  { demande, reason }: { demande: DemandeRow; reason: 'other_offre_accepted' | 'demande_cancelled' },
  now = new Date(),
): Promise<void> {
  const rejected = await rejectPending(tx, demande.id, now);
  // Three statements however many offres were pending: the demande's lock is held that much less.
  await appendEvents(
    tx,
    rejected.map((offre) => ({ kind: 'offre.rejected', actorId: actor.id, demandeId: demande.id, offreId: offre.id, data: { reason } })),
  );
  await notifyAll(
    tx,
    rejected.map((offre) => offreDecidedNotification(demande, offre, { accepted: false, reason })),
  );
}
