import type { z } from 'zod';
import { authorizeDemande } from '../access/access.ts';
import type { DemandeAction, DemandeRole } from '../access/policy.ts';
import type { Actor } from '../auth/actor.ts';
import type { Db, Tx } from '../db/client.ts';
import type { MeetSessionRow } from '../db/schema.ts';
import { appendEvent } from '../events/events.repo.ts';
import type { createDemandeInput, listDemandesQuery } from '../shared/schemas.ts';
import * as repo from './demandes.repo.ts';
import type { DemandeWithCreator } from './demandes.repo.ts';

export type { DemandeWithCreator } from './demandes.repo.ts';
/** Every decision on a demande's offres queues on its row (see offres.service.ts). */
export const { lockDemande, lockDemandeOfOffre, updateDemandeStatus } = repo;

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

export async function listDemandes(db: Db, actor: Actor, query: z.output<typeof listDemandesQuery>): Promise<DemandeWithCreator[]> {
  return query.scope === 'mine' ? repo.listDemandesOf(db, actor.id, query.limit) : repo.listOpenDemandes(db, query.limit);
}

/** The demande as `actor` may see it to do `action` (see the access policy). */
export async function getDemande(db: Db, actor: Actor, id: string, action: DemandeAction = 'read'): Promise<DemandeWithCreator & { role: DemandeRole }> {
  const role = await authorizeDemande(db, actor, id, action);
  return { ...(await repo.findDemande(db, id))!, role };
}

/** The demande of a session its demandeur cancelled (under the demande's lock): it cannot take offres again. */
export async function cancelDemandeOfCancelledSession(tx: Tx, actor: Actor, session: MeetSessionRow): Promise<void> {
  await repo.updateDemandeStatus(tx, session.demandeId, 'cancelled');
  await appendEvent(tx, { kind: 'demande.cancelled', actorId: actor.id, demandeId: session.demandeId, data: { reason: 'meet_session_cancelled', meetSessionId: session.id } });
}
