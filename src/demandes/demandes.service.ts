import type { z } from 'zod';
import type { Actor } from '../auth/actor.ts';
import type { Tx } from '../db/client.ts';
import { appendEvent } from '../events/events.repo.ts';
import { rejectPendingOffres } from '../offres/reject-pending.ts';
import { conflict, forbidden, notFound } from '../server/errors.ts';
import type { createDemandeInput, listDemandesQuery } from '../shared/schemas.ts';
import * as repo from './demandes.repo.ts';
import type { DemandeWithCreator } from './demandes.repo.ts';

export async function createDemande(tx: Tx, actor: Actor, input: z.output<typeof createDemandeInput>): Promise<DemandeWithCreator> {
  const demande = await repo.insertDemande(tx, {
    creatorId: actor.id,
    title: input.title,
    description: input.description,
    budgetCents: input.budgetCents ?? null,
  });
  await appendEvent(tx, { kind: 'demande.created', actorId: actor.id, demandeId: demande.id });
  return { demande, creator: actor };
}

export async function listDemandes(tx: Tx, actor: Actor, query: z.output<typeof listDemandesQuery>): Promise<DemandeWithCreator[]> {
  return query.scope === 'mine' ? repo.listDemandesOf(tx, actor.id, query.limit) : repo.listOpenDemandes(tx, query.limit);
}

/** An open demande is public to signed-in users; after that only its creator and its prestataires see it. */
export async function getDemande(tx: Tx, actor: Actor, id: string): Promise<DemandeWithCreator> {
  const found = await repo.findDemande(tx, id);
  if (!found || !(await canSeeDemande(tx, actor, found))) throw notFound('demande');
  return found;
}

async function canSeeDemande(tx: Tx, actor: Actor, { demande }: DemandeWithCreator): Promise<boolean> {
  return demande.status === 'open' || demande.creatorId === actor.id || repo.hasOffreFrom(tx, demande.id, actor.id);
}

/** Cancels an open demande (its creator only); its pending offres are rejected with it. Idempotent. */
export async function cancelDemande(tx: Tx, actor: Actor, id: string): Promise<DemandeWithCreator> {
  const found = await getDemande(tx, actor, id);
  if (found.demande.creatorId !== actor.id) throw forbidden('Only the creator of a demande can cancel it.');
  const demande = await repo.lockDemande(tx, id);
  if (demande!.status === 'cancelled') return { ...found, demande: demande! };
  if (demande!.status === 'accepted') {
    throw conflict('DEMANDE_ALREADY_HAS_ACCEPTED_OFFRE', 'This demande has an accepted offre; it can no longer be cancelled.');
  }
  const cancelled = await repo.updateDemandeStatus(tx, id, 'cancelled');
  await rejectPendingOffres(tx, actor, { demande: cancelled, reason: 'demande_cancelled' });
  await appendEvent(tx, { kind: 'demande.cancelled', actorId: actor.id, demandeId: id });
  return { ...found, demande: cancelled };
}
