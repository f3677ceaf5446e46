import type { FastifyInstance } from 'fastify';
import { requireActor } from '../auth/actor.ts';
import type { AppContext } from '../http/context.ts';
import { createOnce, idempotencyKeyOf, sendAnswer } from '../http/idempotency.ts';
import { parseId, parseInput } from '../http/validation.ts';
import { reviewInput } from '../shared/meet.ts';
import { callIceConfig } from './call.service.ts';
import { toReviewDto } from './reviews.presenter.ts';
import { findMyReview, submitReview } from './reviews.service.ts';

/** The call of a meet session over HTTP: its ICE servers, its reviews (its signaling is on `/ws`: call-signaling.ts). */
export function callRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { db } = ctx.database;

  app.get<{ Params: { id: string } }>('/api/meet-sessions/:id/ice', async (request, reply) => {
    const actor = await requireActor(ctx, request);
    const id = parseId(request.params.id, 'meet_session');
    // Per-user, short-lived credentials: never cached by anyone.
    reply.header('cache-control', 'no-store');
    return callIceConfig(db, actor, id, ctx.config);
  });

  app.post<{ Params: { id: string } }>('/api/meet-sessions/:id/review', async (request, reply) => {
    const actor = await requireActor(ctx, request);
    const id = parseId(request.params.id, 'meet_session');
    const input = parseInput(reviewInput, request.body);
    const answer = await createOnce(db, idempotencyKeyOf(request, actor.id), async (tx) => ({
      status: 201,
      body: { review: toReviewDto(await submitReview(tx, actor, id, input)) },
    }));
    return sendAnswer(reply, answer);
  });

  app.get<{ Params: { id: string } }>('/api/meet-sessions/:id/review', async (request) => {
    const actor = await requireActor(ctx, request);
    const id = parseId(request.params.id, 'meet_session');
    const review = await findMyReview(db, actor, id);
    return { review: review ? toReviewDto(review) : null };
  });
}
