import { desc, eq, sql } from 'drizzle-orm';
import { queryRows, type Db, type Tx } from '../db/client.ts';
import { rowMapper } from '../db/rows.ts';
import { demandes, offres, users, type DemandeRow } from '../db/schema.ts';

export interface DemandeWithCreator {
  demande: DemandeRow;
  creator: { id: string; displayName: string };
}

const withCreator = { demande: demandes, creator: { id: users.id, displayName: users.displayName } };

export async function insertDemande(
  tx: Tx,
  values: { creatorId: string; title: string; description: string; budgetCents: number | null },
): Promise<DemandeRow> {
  const [row] = await tx.insert(demandes).values(values).returning();
  return row!;
}

export async function findDemande(tx: Db, id: string): Promise<DemandeWithCreator | undefined> {
  const [row] = await tx.select(withCreator).from(demandes).innerJoin(users, eq(users.id, demandes.creatorId)).where(eq(demandes.id, id));
  return row;
}

/** Locks the demande row for the rest of the transaction: every decision about its offres queues here. */
export async function lockDemande(tx: Tx, id: string, mode: 'update' | 'share' = 'update'): Promise<DemandeRow | undefined> {
  const [row] = await tx.select().from(demandes).where(eq(demandes.id, id)).for(mode);
  return row;
}

const toDemandes = rowMapper(demandes);

/**
 * `lockDemande` for the demande of an offre, found and locked in one round trip; undefined if no
 * such offre. Every decision on an offre starts here: written as a template, not built each time.
 */
export async function lockDemandeOfOffre(tx: Tx, offreId: string): Promise<DemandeRow | undefined> {
  const [row] = toDemandes(
    await queryRows(tx, sql`select * from ${demandes} where id = (select demande_id from ${offres} where id = ${offreId}) for update`),
  );
  return row;
}

export async function listOpenDemandes(tx: Db, limit: number): Promise<DemandeWithCreator[]> {
  return tx
    .select(withCreator)
    .from(demandes)
    .innerJoin(users, eq(users.id, demandes.creatorId))
    .where(eq(demandes.status, 'open'))
    .orderBy(desc(demandes.createdAt))
    .limit(limit);
}

export async function listDemandesOf(tx: Db, creatorId: string, limit: number): Promise<DemandeWithCreator[]> {
  return tx
    .select(withCreator)
    .from(demandes)
    .innerJoin(users, eq(users.id, demandes.creatorId))
    .where(eq(demandes.creatorId, creatorId))
    .orderBy(desc(demandes.createdAt))
    .limit(limit);
}

/** Under the demande's lock (an acceptance, a cancellation): a template, not built each time. */
export async function updateDemandeStatus(tx: Tx, id: string, status: DemandeRow['status']): Promise<DemandeRow> {
  const [row] = toDemandes(await queryRows(tx, sql`update ${demandes} set status = ${status} where id = ${id} returning *`));
  return row!;
}
