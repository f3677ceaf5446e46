import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { meetReviews, type MeetReviewRow } from './meet.schema.ts';

/** Inserts unless this author already reviewed this session; answers undefined then. */
export async function insertReviewOnce(tx: Tx, values: { meetSessionId: string; authorId: string; rating: number; comment: string }): Promise<MeetReviewRow | undefined> {
  const [row] = await tx.insert(meetReviews).values(values).onConflictDoNothing({ target: [meetReviews.meetSessionId, meetReviews.authorId] }).returning();
  return row;
}

export async function findReviewBy(tx: Tx, meetSessionId: string, authorId: string): Promise<MeetReviewRow | undefined> {
  const [row] = await tx.select().from(meetReviews).where(and(eq(meetReviews.meetSessionId, meetSessionId), eq(meetReviews.authorId, authorId)));
  return row;
}
