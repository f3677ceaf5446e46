import type { z } from 'zod';
import type { Actor } from '../auth/actor.ts';
import type { Tx } from '../db/client.ts';
import { conflict } from '../server/errors.ts';
import type { reviewInput } from '../shared/meet.ts';
import { authoriseCall } from './call.service.ts';
import type { MeetReviewRow } from './meet.schema.ts';
import * as repo from './reviews.repo.ts';

/** One review per participant and session: a second one is refused, the first is kept (schema-enforced). */
export async function submitReview(tx: Tx, actor: Actor, meetSessionId: string, input: z.output<typeof reviewInput>): Promise<MeetReviewRow> {
  const { session } = await authoriseCall(tx, actor, meetSessionId);
  const review = await repo.insertReviewOnce(tx, { meetSessionId: session.id, authorId: actor.id, rating: input.rating, comment: input.comment });
  if (!review) throw conflict('REVIEW_ALREADY_SUBMITTED', 'You already reviewed this call.');
  return review;
}

export async function findMyReview(tx: Tx, actor: Actor, meetSessionId: string): Promise<MeetReviewRow | undefined> {
  const { session } = await authoriseCall(tx, actor, meetSessionId);
  return repo.findReviewBy(tx, session.id, actor.id);
}
