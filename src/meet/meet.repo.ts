import { eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Tx } from '../db/client.ts';
import { meetSessions, users, type MeetSessionRow } from '../db/schema.ts';

export interface MeetSessionView {
  session: MeetSessionRow;
  demandeur: { id: string; displayName: string };
  prestataire: { id: string; displayName: string };
}

const demandeur = alias(users, 'demandeur');
const prestataire = alias(users, 'prestataire');

export async function insertMeetSession(
  tx: Tx,
  values: { demandeId: string; offreId: string; callId: string; demandeurId: string; prestataireId: string },
): Promise<MeetSessionRow> {
  const [row] = await tx.insert(meetSessions).values(values).returning();
  return row!;
}

export async function findMeetSessionByOffre(tx: Tx, offreId: string): Promise<MeetSessionRow | undefined> {
  const [row] = await tx.select().from(meetSessions).where(eq(meetSessions.offreId, offreId));
  return row;
}

export async function findMeetSessionView(tx: Tx, id: string): Promise<MeetSessionView | undefined> {
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
