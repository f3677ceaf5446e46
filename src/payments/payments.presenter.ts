import type { PaymentSummaryDto, StartPaymentResult } from '../shared/payments.ts';
import { isPayable } from './payment-status.ts';
import type { PaymentRow } from '../db/schema.ts';

/** The checkout link is the payer's: shown to the demandeur only, and only while it can be used. */
const checkoutUrlFor = (payment: PaymentRow, isPayer: boolean) => (isPayer && isPayable(payment.status) ? payment.checkoutUrl : null);

export const toPaymentSummaryDto = (payment: PaymentRow, isPayer: boolean): PaymentSummaryDto => ({
  id: payment.id,
  status: payment.status,
  amountCents: payment.amountCents,
  currency: payment.currency,
  checkoutUrl: checkoutUrlFor(payment, isPayer),
  attempt: payment.attempt,
});

export const toStartPaymentResult = (payment: PaymentRow): StartPaymentResult => ({
  paymentId: payment.id,
  status: payment.status,
  checkoutUrl: checkoutUrlFor(payment, true),
  attempt: payment.attempt,
  amountCents: payment.amountCents,
  currency: payment.currency,
});
