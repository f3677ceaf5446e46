import type { EventRow } from '../db/schema.ts';
import type { EventDto } from '../shared/schemas.ts';

export const toEventDto = (row: EventRow): EventDto => ({
  id: row.id,
  kind: row.kind,
  actorId: row.actorId,
  demandeId: row.demandeId,
  offreId: row.offreId,
  meetSessionId: row.meetSessionId,
  data: row.data,
  createdAt: row.createdAt.toISOString(),
});
