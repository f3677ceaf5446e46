/**
 * The payment contract as the web app reads it (the payments service is built beside this app):
 * `POST /api/meet-sessions/:id/payment` → `{paymentId, status, checkoutUrl}`, idempotent, and the
 * meet session's `payment` field carrying the same status once a payment exists.
 */
import { z } from 'zod';
import { meetSessionDto } from '../../shared/schemas.ts';

export const PAYMENT_STATUSES = ['requires_payment', 'processing', 'succeeded', 'failed', 'canceled', 'refunded'] as const;
export const paymentStatus = z.enum(PAYMENT_STATUSES);
export type PaymentStatus = z.infer<typeof paymentStatus>;

export const paymentStart = z.object({
  paymentId: z.string(),
  status: paymentStatus,
  checkoutUrl: z.string().nullable(),
});
export type PaymentStart = z.infer<typeof paymentStart>;

/** What the session's `payment` field may carry: at least a status; the rest is read when present. */
const sessionPayment = z.looseObject({
  status: paymentStatus,
  checkoutUrl: z.string().nullish(),
});

/** The meet session with its payment, tolerant of the field's richer shape once payments land. */
export const meetSessionView = meetSessionDto.extend({ payment: sessionPayment.nullable() });
export type MeetSessionView = z.infer<typeof meetSessionView>;

/** Payments that may be tried again: a new attempt is started by the same idempotent POST. */
export const canRetryPayment = (status: PaymentStatus | undefined) => status === 'failed' || status === 'canceled';

/** A session opens to both participants once its payment has succeeded. */
export const isSessionPaid = (session: MeetSessionView) => session.status === 'ready' || session.payment?.status === 'succeeded';
