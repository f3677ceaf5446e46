import type { z } from 'zod';
import type { Actor } from '../auth/actor.ts';
import type { Db } from '../db/client.ts';
import { conflict } from '../errors/app-error.ts';
import type { reviewInput } from '../shared/meet.ts';
import { authoriseCall } from './call.service.ts';
import type { MeetReviewRow } from '../db/schema.ts';
import * as repo from './reviews.repo.ts';

/** One review per participant and session: a second one is refused, the first is kept (schema-enforced). */
export async function submitReview(tx: Db, actor: Actor, meetSessionId: string, input: z.output<typeof reviewInput>): Promise<MeetReviewRow> {
  const { session } = await authoriseCall(tx, actor, meetSessionId);
  const review = await repo.insertReviewOnce(tx, { meetSessionId: session.id, authorId: actor.id, rating: input.rating, comment: input.comment });
  if (!review) throw conflict('REVIEW_ALREADY_SUBMITTED', 'You already reviewed this call.');
  return review;
}

export async function findMyReview(tx: Db, actor: Actor, meetSessionId: string): Promise<MeetReviewRow | undefined> {
  const { session } = await authoriseCall(tx, actor, meetSessionId);
  return repo.findReviewBy(tx, session.id, actor.id);
}
