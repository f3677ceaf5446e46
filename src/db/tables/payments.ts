import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { paymentProviders, paymentStatuses } from '../../shared/statuses.ts';
import { isOneOf } from './columns.ts';
import { meetSessions } from './deals.ts';

/** One row per payment attempt of a meet session; amounts in cents of `currency`. */
export const payments = pgTable(
  'payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetSessionId: uuid('meet_session_id')
      .notNull()
      .references(() => meetSessions.id),
    attempt: integer('attempt').notNull(),
    provider: text('provider', { enum: paymentProviders }).notNull(),
    status: text('status', { enum: paymentStatuses }).notNull().default('requires_payment'),
    amountCents: integer('amount_cents').notNull(),
    currency: text('currency').notNull().default('eur'),
    checkoutUrl: text('checkout_url'),
    /** The provider's checkout (Stripe: `cs_…`), known once the checkout was created. */
    providerCheckoutId: text('provider_checkout_id'),
    /** The provider's payment (Stripe: `pi_…`), needed to refund; known once paid. */
    providerPaymentId: text('provider_payment_id'),
    failureCode: text('failure_code'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('payments_session_attempt_unique').on(t.meetSessionId, t.attempt),
    // Never two live attempts for one session, whatever races the code above loses.
    uniqueIndex('payments_one_live_per_session').on(t.meetSessionId).where(sql`${t.status} not in ('failed', 'canceled')`),
    uniqueIndex('payments_provider_checkout_unique')
      .on(t.provider, t.providerCheckoutId)
      .where(sql`${t.providerCheckoutId} is not null`),
    index('payments_provider_payment_idx').on(t.provider, t.providerPaymentId),
    check('payments_status_check', isOneOf(t.status, paymentStatuses)),
    check('payments_provider_check', isOneOf(t.provider, paymentProviders)),
    check('payments_amount_positive', sql`${t.amountCents} > 0`),
    check('payments_attempt_positive', sql`${t.attempt} > 0`),
  ],
);

/** Every provider event already applied: a replayed delivery finds its row and changes nothing. */
export const paymentWebhookEvents = pgTable(
  'payment_webhook_events',
  {
    provider: text('provider', { enum: paymentProviders }).notNull(),
    eventId: text('event_id').notNull(),
    type: text('type').notNull(),
    paymentId: uuid('payment_id'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'payment_webhook_events_pk', columns: [t.provider, t.eventId] })],
);

export type PaymentRow = typeof payments.$inferSelect;
