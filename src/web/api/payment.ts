/**
 * What the web app decides from a meet session's payment. The contract itself is the shared one:
 * `src/shared/payments.ts` (the session's `payment` summary, the start-payment answer).
 */
import type { PaymentStatus } from '../../shared/payments.ts';
import type { MeetSessionDto } from '../../shared/schemas.ts';

export type { PaymentStatus };

/** Payments that may be tried again: a new attempt is started by the same idempotent POST. */
export const canRetryPayment = (status: PaymentStatus | undefined) => status === 'failed' || status === 'canceled';

/** A session opens to both participants once its payment has succeeded (the webhook made it `ready`). */
export const isSessionPaid = (session: MeetSessionDto) => session.status === 'ready';

/** The demandeur may call the deal off until the call starts (the server refuses once it has). */
export const canCancelSession = (session: MeetSessionDto) => session.status !== 'cancelled';

/** What the checkout's return link says (`/meet/<id>?payment=…`): a hint until the webhook settles it. */
export const PAYMENT_RETURNS = ['done', 'failed', 'cancelled'] as const;
export type PaymentReturn = (typeof PAYMENT_RETURNS)[number];
export const asPaymentReturn = (value: string | null): PaymentReturn | undefined =>
  PAYMENT_RETURNS.find((known) => known === value);
