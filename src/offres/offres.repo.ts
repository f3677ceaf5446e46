import { and, desc, eq, lte, sql } from 'drizzle-orm';
import { queryRows, type Db, type Tx } from '../db/client.ts';
import { rowMapper } from '../db/rows.ts';
import { demandes, meetSessions, offres, users, type DemandeRow, type OffreRow } from '../db/schema.ts';

export interface OffreView {
  offre: OffreRow;
  prestataire: { id: string; displayName: string };
  meetSessionId: string | null;
}

/** An offre in its author's list: with what the list shows of its demande. */
export interface MyOffreView extends OffreView {
  demande: Pick<DemandeRow, 'id' | 'title' | 'status'>;
}

const view = {
  offre: offres,
  prestataire: { id: users.id, displayName: users.displayName },
  meetSessionId: meetSessions.id,
};

const myView = { ...view, demande: { id: demandes.id, title: demandes.title, status: demandes.status } };

const withPrestataire = eq(users.id, offres.prestataireId);
const withSession = eq(meetSessions.offreId, offres.id);

const selectViews = (tx: Db) => tx.select(view).from(offres).innerJoin(users, withPrestataire).leftJoin(meetSessions, withSession);

const selectMyViews = (tx: Db) =>
  tx
    .select(myView)
    .from(offres)
    .innerJoin(demandes, eq(demandes.id, offres.demandeId))
    .innerJoin(users, withPrestataire)
    .leftJoin(meetSessions, withSession);

export async function insertOffre(
  tx: Tx,
  values: { demandeId: string; prestataireId: string; priceCents: number; message: string; expiresAt: Date },
): Promise<OffreRow> {
  const [row] = await tx.insert(offres).values(values).returning();
  return row!;
}

const toOffres = rowMapper(offres);

/** Every decision on an offre runs it, under its demande's lock: written as a template, not built each time. */
export async function lockOffre(tx: Tx, id: string): Promise<OffreRow> {
  const [row] = toOffres(await queryRows(tx, sql`select * from ${offres} where id = ${id} for update`));
  return row!;
}

/** What the demandeur pays for the offre's session. */
export async function offrePriceCents(db: Db, id: string): Promise<number> {
  const [row] = await db.select({ priceCents: offres.priceCents }).from(offres).where(eq(offres.id, id));
  return row!.priceCents;
}

export async function findOffreView(tx: Db, id: string): Promise<OffreView> {
  const [row] = await selectViews(tx).where(eq(offres.id, id));
  return row!;
}

export async function listOffresOfDemande(tx: Db, demandeId: string, prestataireId?: string): Promise<OffreView[]> {
  const onlyFrom = prestataireId ? eq(offres.prestataireId, prestataireId) : undefined;
  return selectViews(tx)
    .where(and(eq(offres.demandeId, demandeId), onlyFrom))
    .orderBy(desc(offres.createdAt));
}

/** The prestataire's offres with their demandes, in one query: the list needs no request per demande. */
export async function listOffresBy(tx: Db, prestataireId: string, limit: number): Promise<MyOffreView[]> {
  return selectMyViews(tx).where(eq(offres.prestataireId, prestataireId)).orderBy(desc(offres.createdAt)).limit(limit);
}

// The decisions below run under the demande's lock (an acceptance runs both): templates, not built each time.

export async function updateOffreStatus(tx: Tx, id: string, status: OffreRow['status'], now: Date): Promise<OffreRow> {
  const [row] = toOffres(
    await queryRows(tx, sql`update ${offres} set status = ${status}, decided_at = ${now.toISOString()} where id = ${id} returning *`),
  );
  return row!;
}

export async function rejectPending(tx: Tx, demandeId: string, now: Date): Promise<OffreRow[]> {
  return toOffres(
    await queryRows(
      tx,
      sql`update ${offres} set status = 'rejected', decided_at = ${now.toISOString()} where demande_id = ${demandeId} and status = 'pending' returning *`,
    ),
  );
}

/** Marks a prestataire's lapsed pending offres on a demande as expired, freeing their slot. */
export async function expireLapsed(tx: Tx, demandeId: string, prestataireId: string, now: Date): Promise<OffreRow[]> {
  return tx
    .update(offres)
    .set({ status: 'expired', decidedAt: now })
    .where(
      and(
        eq(offres.demandeId, demandeId),
        eq(offres.prestataireId, prestataireId),
        eq(offres.status, 'pending'),
        lte(offres.expiresAt, now),
      ),
    )
    .returning();
}

