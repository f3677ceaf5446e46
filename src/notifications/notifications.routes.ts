import type { FastifyInstance } from 'fastify';
import { requireActor } from '../auth/actor.ts';
import { inTransaction } from '../db/transaction.ts';
import type { AppContext } from '../http/context.ts';
import { parseId, parseInput } from '../http/validation.ts';
import { listNotificationsQuery } from '../shared/notifications.ts';
import { toNotificationDto } from './notifications.presenter.ts';
import { listNotifications, markAllNotificationsRead, markNotificationRead } from './notifications.service.ts';

export function notificationsRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { db } = ctx.database;

  app.get('/api/notifications', async (request) => {
    const actor = await requireActor(ctx, request);
    const { limit } = parseInput(listNotificationsQuery, request.query);
    const { notifications, unreadCount } = await inTransaction(db, (tx) => listNotifications(tx, actor, limit));
    return { notifications: notifications.map(toNotificationDto), unreadCount };
  });

  app.post<{ Params: { id: string } }>('/api/notifications/:id/read', async (request) => {
    const actor = await requireActor(ctx, request);
    const id = parseId(request.params.id, 'notification');
    return { notification: toNotificationDto(await inTransaction(db, (tx) => markNotificationRead(tx, actor, id))) };
  });

  app.post('/api/notifications/read-all', async (request) => {
    const actor = await requireActor(ctx, request);
    return { marked: await inTransaction(db, (tx) => markAllNotificationsRead(tx, actor)) };
  });
}
