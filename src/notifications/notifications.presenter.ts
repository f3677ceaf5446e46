import type { NotificationRow } from '../db/schema.ts';
import type { NotificationDto } from '../shared/notifications.ts';

export const toNotificationDto = (row: NotificationRow): NotificationDto => ({
  id: row.id,
  kind: row.kind,
  data: row.data,
  demandeId: row.demandeId,
  offreId: row.offreId,
  meetSessionId: row.meetSessionId,
  readAt: row.readAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
});
