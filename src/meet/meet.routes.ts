import type { FastifyInstance } from 'fastify';
import { requireActor } from '../auth/actor.ts';
import { toEventDto } from '../events/events.repo.ts';
import type { AppContext } from '../server/context.ts';
import { parseId } from '../server/validation.ts';
import { callRoutes } from './call.routes.ts';
import { toMeetSessionDto } from './meet.presenter.ts';
import { getMeetSessionDetails, getTimeline } from './meet.service.ts';

export function meetRoutes(app: FastifyInstance, ctx: AppContext): void {
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

  callRoutes(app, ctx);
}
