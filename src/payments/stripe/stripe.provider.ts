import Stripe from 'stripe';
import { invalidWebhookSignature, WEBHOOK_TOLERANCE_SECONDS, type PaymentProvider, type PaymentUpdate } from '../provider.ts';
import type { PaymentRow } from '../../db/schema.ts';

export interface StripeOptions {
  secretKey: string;
  webhookSecret: string;
  /** Another address for the API (a local stand-in in tests); Stripe's own when absent. */
  apiBase?: string | undefined;
}

function apiAddress(apiBase: string | undefined): Pick<Stripe.StripeConfig, 'host' | 'port' | 'protocol'> {
  if (!apiBase) return {};
  const url = new URL(apiBase);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, port: Number(url.port || (protocol === 'http' ? 80 : 443)), protocol };
}

const withOutcome = (returnUrl: string, outcome: string) => {
  const url = new URL(returnUrl);
  url.searchParams.set('payment', outcome);
  return url.toString();
};

const paymentMetadata = (payment: PaymentRow) => ({
  paymentId: payment.id,
  meetSessionId: payment.meetSessionId,
  attempt: String(payment.attempt),
});

const idOf = (value: string | { id: string } | null) => (value === null ? undefined : typeof value === 'string' ? value : value.id);

/** Stripe's events about a Checkout Session, in Accord's words; any other event is acknowledged and ignored. */
function toPaymentUpdate(event: Stripe.Event): PaymentUpdate {
  const about = (session: Stripe.Checkout.Session) => ({
    eventId: event.id,
    type: event.type,
    payment: { checkoutId: session.id },
    providerPaymentId: idOf(session.payment_intent),
  });
  switch (event.type) {
    case 'checkout.session.completed':
      // A delayed method (SEPA debit…) completes the checkout unpaid; its verdict comes later.
      return { ...about(event.data.object), status: event.data.object.payment_status === 'unpaid' ? 'processing' : 'succeeded' };
    case 'checkout.session.async_payment_succeeded':
      return { ...about(event.data.object), status: 'succeeded' };
    case 'checkout.session.async_payment_failed':
      return { ...about(event.data.object), status: 'failed', failureCode: 'async_payment_failed' };
    case 'checkout.session.expired':
      return { ...about(event.data.object), status: 'canceled' };
    default:
      return { eventId: event.id, type: event.type, payment: null };
  }
}

/** Stripe Checkout through the official SDK; webhooks verified by the SDK on the raw body. */
export function stripeProvider({ secretKey, webhookSecret, apiBase }: StripeOptions): PaymentProvider {
  const stripe = new Stripe(secretKey, { maxNetworkRetries: 2, timeout: 20_000, telemetry: false, ...apiAddress(apiBase) });
  return {
    name: 'stripe',
    async createCheckout({ payment, returnUrl, description }) {
      const session = await stripe.checkout.sessions.create(
        {
          mode: 'payment',
          line_items: [{ quantity: 1, price_data: { currency: payment.currency, unit_amount: payment.amountCents, product_data: { name: description } } }],
          client_reference_id: payment.id,
          metadata: paymentMetadata(payment),
          payment_intent_data: { metadata: paymentMetadata(payment) },
          success_url: withOutcome(returnUrl, 'done'),
          cancel_url: withOutcome(returnUrl, 'cancelled'),
        },
        // One checkout per attempt, however many times (or from however many instances) it is asked.
        { idempotencyKey: `accord-checkout-${payment.meetSessionId}-${payment.attempt}` },
      );
      if (!session.url) throw new Error(`Stripe checkout session ${session.id} has no url`);
      return { checkoutUrl: session.url, providerCheckoutId: session.id };
    },
    async cancelCheckout(payment) {
      if (payment.providerCheckoutId) await stripe.checkout.sessions.expire(payment.providerCheckoutId);
    },
    async refund(payment) {
      if (!payment.providerPaymentId) throw new Error(`payment ${payment.id} has no Stripe payment intent to refund`);
      await stripe.refunds.create(
        { payment_intent: payment.providerPaymentId, metadata: paymentMetadata(payment) },
        { idempotencyKey: `accord-refund-${payment.id}` },
      );
    },
    verifyWebhook(rawBody, headers) {
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(rawBody, headers['stripe-signature'] ?? '', webhookSecret, WEBHOOK_TOLERANCE_SECONDS);
      } catch {
        throw invalidWebhookSignature();
      }
      return toPaymentUpdate(event);
    },
  };
}
