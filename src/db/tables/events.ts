import { bigserial, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';

// I5: an append-only ledger of every state change. No foreign keys on purpose: the ledger must
// accept a row about anything, and never slow down or block the change it records.
export const events = pgTable(
  'events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    actorId: uuid('actor_id'),
    demandeId: uuid('demande_id'),
    offreId: uuid('offre_id'),
    meetSessionId: uuid('meet_session_id'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    index('events_demande_idx').on(t.demandeId),
    index('events_offre_idx').on(t.offreId),
    index('events_meet_session_idx').on(t.meetSessionId),
  ],
);

export type EventRow = typeof events.$inferSelect;
