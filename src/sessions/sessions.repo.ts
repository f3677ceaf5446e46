import { eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { queryRows, type Db, type Tx } from '../db/client.ts';
import { rowMapper } from '../db/rows.ts';
import { meetSessions, users, type MeetSessionRow } from '../db/schema.ts';
import type { MeetSessionStatus } from '../shared/statuses.ts';

export interface MeetSessionView {
  session: MeetSessionRow;
  demandeur: { id: string; displayName: string };
  prestataire: { id: string; displayName: string };
}

const demandeur = alias(users, 'demandeur');
const prestataire = alias(users, 'prestataire');

const toMeetSessions = rowMapper(meetSessions);

/** Run by an acceptance under the demande's lock: a template, not built each time. */
export async function insertMeetSession(
  tx: Tx,
  { demandeId, offreId, callId, demandeurId, prestataireId }: { demandeId: string; offreId: string; callId: string; demandeurId: string; prestataireId: string },
): Promise<MeetSessionRow> {
  const [row] = toMeetSessions(
    await queryRows(
      tx,
      sql`insert into ${meetSessions} (demande_id, offre_id, call_id, demandeur_id, prestataire_id)
        values (${demandeId}, ${offreId}, ${callId}, ${demandeurId}, ${prestataireId}) returning *`,
    ),
  );
  return row!;
}

export async function findMeetSessionByOffre(tx: Db, offreId: string): Promise<MeetSessionRow | undefined> {
  const [row] = await tx.select().from(meetSessions).where(eq(meetSessions.offreId, offreId));
  return row;
}

export async function findMeetSessionView(tx: Db, id: string): Promise<MeetSessionView | undefined> {
  const [row] = await tx
    .select({
      session: meetSessions,
      demandeur: { id: demandeur.id, displayName: demandeur.displayName },
      prestataire: { id: prestataire.id, displayName: prestataire.displayName },
    })
    .from(meetSessions)
    .innerJoin(demandeur, eq(demandeur.id, meetSessions.demandeurId))
    .innerJoin(prestataire, eq(prestataire.id, meetSessions.prestataireId))
    .where(eq(meetSessions.id, id));
  return row;
}

/** Locks a meet session for the rest of the transaction: every move of its lifecycle queues here. */
export async function lockMeetSession(tx: Tx, id: string): Promise<MeetSessionRow | undefined> {
  const [row] = await tx.select().from(meetSessions).where(eq(meetSessions.id, id)).for('update');
  return row;
}

export async function updateMeetSessionStatus(tx: Tx, id: string, status: MeetSessionStatus): Promise<MeetSessionRow> {
  const [row] = await tx.update(meetSessions).set({ status }).where(eq(meetSessions.id, id)).returning();
  return row!;
}
