import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.ts';
import type { DemandeStatus } from '../shared/statuses.ts';
import type { DemandeFacts } from './policy.ts';

/** What the policy needs to know of a demande and one actor, in one query. */
export async function demandeFacts(db: Db, demandeId: string, actorId: string): Promise<DemandeFacts | undefined> {
  const [row] = await queryRows<{ status: DemandeStatus; creator_id: string; offered: boolean }>(
    db,
    sql`select d.status, d.creator_id,
          exists (select 1 from offres o where o.demande_id = d.id and o.prestataire_id = ${actorId}) as offered
        from demandes d where d.id = ${demandeId}`,
  );
  return row && { status: row.status, creatorId: row.creator_id, offeredByActor: row.offered };
}

export async function sessionParticipants(db: Db, meetSessionId: string): Promise<{ demandeurId: string; prestataireId: string } | undefined> {
  const [row] = await queryRows<{ demandeur_id: string; prestataire_id: string }>(
    db,
    sql`select demandeur_id, prestataire_id from meet_sessions where id = ${meetSessionId}`,
  );
  return row && { demandeurId: row.demandeur_id, prestataireId: row.prestataire_id };
}
