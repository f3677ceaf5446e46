import { bigserial, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Messages between server instances too large for a NOTIFY payload: the NOTIFY carries the id. */
export const busMessages = pgTable(
  'bus_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channel: text('channel').notNull(),
    payload: jsonb('payload').$type<object>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('bus_messages_created_idx').on(t.createdAt)],
);
