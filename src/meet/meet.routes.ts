import type { FastifyInstance } from 'fastify';
import { requireActor } from '../auth/actor.ts';
import { toEventDto } from '../events/events.presenter.ts';
import type { AppContext } from '../http/context.ts';
import { parseId } from '../http/validation.ts';
import type { PaymentProvider } from '../payments/provider.ts';
import { cancelMeetSession } from './cancel-session.ts';
import { callRoutes } from './call.routes.ts';
import { toMeetSessionDto } from './meet.presenter.ts';
import { getMeetSessionDetails, getTimeline } from './meet.service.ts';

/** `/api/meet-sessions/*`: the session page's reads, its cancellation, and its call. */
export function meetRoutes(app: FastifyInstance, ctx: AppContext, paymentProvider: PaymentProvider): void {
  const { db } = ctx.database;

  app.get<{ Params: { id: string } }>('/api/meet-sessions/:id', async (request) => {
    const actor = await requireActor(ctx, request);
    const id = parseId(request.params.id, 'meet_session');
    return toMeetSessionDto(await getMeetSessionDetails(db, actor, id), actor.id);
  });

  app.get<{ Params: { id: string } }>('/api/meet-sessions/:id/timeline', async (request) => {
    const actor = await requireActor(ctx, request);
    const id = parseId(request.params.id, 'meet_session');
    return { events: (await getTimeline(db, actor, id)).map(toEventDto) };
  });

  app.post<{ Params: { id: string } }>('/api/meet-sessions/:id/cancel', async (request) => {
    const actor = await requireActor(ctx, request);
    const id = parseId(request.params.id, 'meet_session');
    const flows = { db, provider: paymentProvider, publicUrl: ctx.config.PUBLIC_URL, log: request.log };
    return toMeetSessionDto(await cancelMeetSession(flows, actor, id), actor.id);
  });

  callRoutes(app, ctx);
}
