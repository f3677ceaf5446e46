import type { IncomingHttpHeaders } from 'node:http';
import type { PaymentStatus, PaymentProviderName } from '../shared/statuses.ts';
import { AppError } from '../errors/app-error.ts';
import type { PaymentRow } from '../db/schema.ts';

/** Stripe's default: a signed delivery older (or newer) than five minutes is refused as a replay. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export const invalidWebhookSignature = () =>
  new AppError('WEBHOOK_SIGNATURE_INVALID', 'The webhook signature is missing, wrong or too old.');

export interface CheckoutRequest {
  payment: PaymentRow;
  /** Where the payer's browser goes back to once done, or when giving up. */
  returnUrl: string;
  /** What the payer reads on the checkout page. */
  description: string;
}

export interface Checkout {
  checkoutUrl: string;
  providerCheckoutId: string;
}

/** A provider's webhook, verified and translated into what Accord needs to know. */
export interface PaymentUpdate {
  /** The provider's event id: the same event delivered again is recognised by it. */
  eventId: string;
  /** The provider's own name for the event, kept in the record of applied events. */
  type: string;
  /** Which payment it concerns; null for events Accord does not act on. */
  payment: { id: string } | { checkoutId: string } | null;
  status?: PaymentStatus;
  providerPaymentId?: string;
  failureCode?: string;
}

/** What Accord asks of a payment provider. Calls go over the network: never inside a transaction. */
export interface PaymentProvider {
  readonly name: PaymentProviderName;
  /** Idempotent per payment attempt: called again for the same attempt, it returns the same checkout. */
  createCheckout(request: CheckoutRequest): Promise<Checkout>;
  /** Makes an unpaid checkout unusable (the session was cancelled meanwhile). */
  cancelCheckout(payment: PaymentRow): Promise<void>;
  /** Gives a succeeded payment back in full; idempotent per payment. */
  refund(payment: PaymentRow): Promise<void>;
  /** Checks the signature over the raw body; a webhook that fails it throws a 400 `AppError`. */
  verifyWebhook(rawBody: Buffer, headers: IncomingHttpHeaders): PaymentUpdate;
}
