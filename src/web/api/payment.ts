/**
 * What the web app decides from a meet session's payment. The contract itself is the shared one:
 * `src/shared/payments.ts` (the session's `payment` summary, the start-payment answer).
 */
import type { PaymentStatus } from '../../shared/statuses.ts';
import type { MeetSessionDto } from '../../shared/schemas.ts';

export type { PaymentStatus };

/** Payments that may be tried again: a new attempt is started by the same idempotent POST. */
export const canRetryPayment = (status: PaymentStatus | undefined) => status === 'failed' || status === 'canceled';

/** A session opens to both participants once its payment has succeeded (the webhook made it `ready`), and stays open in call. */
export const isSessionPaid = (session: MeetSessionDto) => session.status === 'ready' || session.status === 'in_call';

/** The demandeur may call the deal off until the call starts. */
export const canCancelSession = (session: MeetSessionDto) => session.status === 'awaiting_payment' || session.status === 'ready';

/** What the checkout's return link says (`/meet/<id>?payment=…`): a hint until the webhook settles it. */
export const PAYMENT_RETURNS = ['done', 'failed', 'cancelled'] as const;
export type PaymentReturn = (typeof PAYMENT_RETURNS)[number];
export const asPaymentReturn = (value: string | null): PaymentReturn | undefined =>
  PAYMENT_RETURNS.find((known) => known === value);
