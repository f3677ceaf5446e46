import type { z } from 'zod';
import type { Actor } from '../auth/actor.ts';
import type { Db } from '../db/client.ts';
import { conflict } from '../errors/app-error.ts';
import type { reviewInput } from '../shared/meet.ts';
import { getMeetSession } from '../sessions/sessions.service.ts';
import type { MeetReviewRow } from '../db/schema.ts';
import * as repo from './reviews.repo.ts';

/**
 * A participant reviews a call that took place (its session went `in_call`), at any time after.
 * One review per participant and session: a second one is refused, the first is kept (schema-enforced).
 */
export async function submitReview(tx: Db, actor: Actor, meetSessionId: string, input: z.output<typeof reviewInput>): Promise<MeetReviewRow> {
  const { session } = await getMeetSession(tx, actor, meetSessionId, 'joinCall');
  if (session.status !== 'in_call') throw conflict('CALL_NOT_HELD', 'This call has not taken place yet: it can be reviewed once someone joined it.');
  const review = await repo.insertReviewOnce(tx, { meetSessionId: session.id, authorId: actor.id, rating: input.rating, comment: input.comment });
  if (!review) throw conflict('REVIEW_ALREADY_SUBMITTED', 'You already reviewed this call.');
  return review;
}

export async function findMyReview(tx: Db, actor: Actor, meetSessionId: string): Promise<MeetReviewRow | undefined> {
  const { session } = await getMeetSession(tx, actor, meetSessionId, 'joinCall');
  return repo.findReviewBy(tx, session.id, actor.id);
}
