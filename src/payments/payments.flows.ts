import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import type { Actor } from '../auth/actor.ts';
import type { Db } from '../db/client.ts';
import { inTransaction } from '../db/transaction.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { isPayable } from './payment-status.ts';
import type { PaymentRow } from '../db/schema.ts';
import * as service from './payments.service.ts';
import type { PaymentProvider } from './provider.ts';

/**
 * The payment operations that talk to a provider. A provider call goes over the network, so it
 * never runs inside a transaction holding locks: the rule-keeping parts run before and after it.
 */
export interface PaymentFlows {
  db: Db;
  provider: PaymentProvider;
  publicUrl: string;
  log: FastifyBaseLogger;
}

/** Where the payer's browser lands after the checkout; the provider adds `?payment=<outcome>`. */
export const returnUrlOf = (publicUrl: string, meetSessionId: string) => new URL(`/meet/${meetSessionId}`, publicUrl).toString();

async function callProvider<T>(flows: PaymentFlows, what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof AppError) throw error;
    flows.log.warn({ err: error, provider: flows.provider.name }, `payment provider failed to ${what}`);
    throw new AppError('PAYMENT_PROVIDER_UNAVAILABLE', 'The payment provider did not answer; try again in a moment.');
  }
}

/**
 * Idempotent: while an attempt is live every call returns it, with the same checkout. Should the
 * provider fail after the attempt was recorded, the next call asks it again with the same
 * idempotency key (the attempt), and gets the same checkout.
 */
export async function startPayment(flows: PaymentFlows, actor: Actor, meetSessionId: string): Promise<PaymentRow> {
  const { payment, session, created } = await inTransaction(
    flows.db,
    (tx) => service.openPaymentAttempt(tx, actor, meetSessionId, flows.provider.name),
    { retryOnUniqueViolation: true },
  );
  if (created) {
    flows.log.info({ demandeId: session.demandeId, offreId: session.offreId, meetSessionId, callId: session.callId, paymentId: payment.id, attempt: payment.attempt }, 'payment attempt opened');
  }
  if (payment.checkoutUrl || !isPayable(payment.status)) return payment;
  const checkout = await callProvider(flows, 'create a checkout', () =>
    flows.provider.createCheckout({ payment, returnUrl: returnUrlOf(flows.publicUrl, meetSessionId), description: 'Rendez-vous Accord' }),
  );
  return inTransaction(flows.db, (tx) => service.recordCheckout(tx, payment.id, checkout));
}

/**
 * After a session's cancellation committed: its unpaid checkout closed at the provider (best
 * effort: the attempt is already canceled here), its succeeded payment refunded. A failed refund
 * throws; cancelling the session again retries it.
 */
export async function settleWithProvider(flows: PaymentFlows, actor: Actor, { toRefund, toClose }: { toRefund: PaymentRow | undefined; toClose: PaymentRow | undefined }): Promise<void> {
  if (toClose?.providerCheckoutId) {
    await flows.provider.cancelCheckout(toClose).catch((err: unknown) => flows.log.warn({ err, paymentId: toClose.id }, 'could not close the checkout'));
  }
  if (toRefund) {
    await callProvider(flows, 'refund', () => flows.provider.refund(toRefund));
    await inTransaction(flows.db, (tx) => service.markRefunded(tx, actor, toRefund));
  }
}

/** A provider's webhook: verified over the raw body, then applied once. */
export async function receiveWebhook(
  flows: PaymentFlows,
  providerName: string,
  rawBody: Buffer,
  headers: IncomingHttpHeaders,
): Promise<service.WebhookResult['outcome']> {
  // Only the configured provider is listened to: with Stripe in use, the sandbox cannot open a meet.
  if (providerName !== flows.provider.name) throw notFound('payment_provider');
  const update = flows.provider.verifyWebhook(rawBody, headers);
  let { outcome, payment } = await inTransaction(flows.db, (tx) => service.applyPaymentUpdate(tx, flows.provider.name, update));
  if (outcome === 'refund_due' && payment) {
    // Paid while the session was being cancelled: the money goes back, whatever the session became.
    const paid = { ...payment, providerPaymentId: update.providerPaymentId ?? payment.providerPaymentId };
    await callProvider(flows, 'refund a payment made after cancellation', () => flows.provider.refund(paid));
    ({ outcome, payment } = await inTransaction(flows.db, (tx) => service.recordLateRefund(tx, flows.provider.name, update, paid)));
  }
  const about = payment ? { paymentId: payment.id, meetSessionId: payment.meetSessionId, status: payment.status } : {};
  flows.log.info({ provider: providerName, eventId: update.eventId, type: update.type, outcome, ...about }, 'payment webhook');
  return outcome;
}
