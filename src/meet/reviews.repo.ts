import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { meetReviews, type MeetReviewRow } from '../db/schema.ts';

/** Inserts unless this author already reviewed this session; answers undefined then. */
export async function insertReviewOnce(tx: Db, values: { meetSessionId: string; authorId: string; rating: number; comment: string }): Promise<MeetReviewRow | undefined> {
  const [row] = await tx.insert(meetReviews).values(values).onConflictDoNothing({ target: [meetReviews.meetSessionId, meetReviews.authorId] }).returning();
  return row;
}

export async function findReviewBy(tx: Db, meetSessionId: string, authorId: string): Promise<MeetReviewRow | undefined> {
  const [row] = await tx.select().from(meetReviews).where(and(eq(meetReviews.meetSessionId, meetSessionId), eq(meetReviews.authorId, authorId)));
  return row;
}
