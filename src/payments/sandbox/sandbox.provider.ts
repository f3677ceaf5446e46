import { AppError } from '../../errors/app-error.ts';
import { invalidWebhookSignature, type PaymentProvider } from '../provider.ts';
import { SANDBOX_SIGNATURE_HEADER, sandboxEvent, statusOfSandboxEvent } from './sandbox-event.ts';
import { isValidSignature } from './webhook-signature.ts';

export const checkoutPathOf = (paymentId: string) => `/sandbox/checkout/${paymentId}`;

/**
 * The built-in provider: its checkout is a page Accord serves (sandbox/checkout.routes.ts) and its
 * verdict comes back as a signed webhook, like Stripe's. It holds no money, so closing a checkout or
 * refunding has nothing to reach: the payment's status in the database is the whole truth.
 */
export function sandboxProvider({ publicUrl, webhookSecret }: { publicUrl: string; webhookSecret: string }): PaymentProvider {
  return {
    name: 'sandbox',
    async createCheckout({ payment }) {
      return { checkoutUrl: new URL(checkoutPathOf(payment.id), publicUrl).toString(), providerCheckoutId: `sandbox_${payment.id}` };
    },
    async cancelCheckout() {},
    async refund() {},
    verifyWebhook(rawBody, headers) {
      const header = headers[SANDBOX_SIGNATURE_HEADER];
      if (typeof header !== 'string' || !isValidSignature(webhookSecret, rawBody, header)) throw invalidWebhookSignature();
      let parsed: unknown;
      try {
        parsed = JSON.parse(rawBody.toString('utf8'));
      } catch {
        parsed = undefined;
      }
      const event = sandboxEvent.safeParse(parsed);
      if (!event.success) throw new AppError('WEBHOOK_PAYLOAD_INVALID', 'The webhook body is not a sandbox event.');
      const { id, type, data } = event.data;
      return { eventId: id, type, payment: { id: data.paymentId }, status: statusOfSandboxEvent[type], failureCode: data.failureCode };
    },
  };
}
