import { sql } from 'drizzle-orm';
import { check, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.ts';
import { meetSessions } from './deals.ts';

/** A participant's review of their call: one per participant and session, enforced here. */
export const meetReviews = pgTable(
  'meet_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetSessionId: uuid('meet_session_id')
      .notNull()
      .references(() => meetSessions.id),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    rating: integer('rating').notNull(),
    comment: text('comment').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('meet_reviews_one_per_author').on(t.meetSessionId, t.authorId),
    check('meet_reviews_rating_range', sql`${t.rating} between 1 and 5`),
  ],
);

export type MeetReviewRow = typeof meetReviews.$inferSelect;
