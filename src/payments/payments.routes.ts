import type { FastifyInstance } from 'fastify';
import { currentActor, requireActor } from '../auth/actor.ts';
import type { Config } from '../config/config.ts';
import type { AppContext } from '../http/context.ts';
import { parseId } from '../http/validation.ts';
import { receiveWebhook, startPayment, type PaymentFlows } from './payments.flows.ts';
import { toStartPaymentResult } from './payments.presenter.ts';
import type { PaymentProvider } from './provider.ts';
import { sandboxCheckoutRoutes } from './sandbox/checkout.routes.ts';
import { sandboxProvider } from './sandbox/sandbox.provider.ts';
import { SandboxWebhookSender } from './sandbox/webhook-sender.ts';
import { stripeProvider } from './stripe/stripe.provider.ts';

/** Provider events are small; Stripe's largest stay far below this. */
const WEBHOOK_BODY_LIMIT = 512 * 1024;

/** The configured provider; one per app, shared by the payment routes and the session's cancellation. */
export function createPaymentProvider(config: Config): PaymentProvider {
  if (config.PAYMENT_PROVIDER === 'stripe') {
    return stripeProvider({ secretKey: config.STRIPE_SECRET_KEY!, webhookSecret: config.STRIPE_WEBHOOK_SECRET!, apiBase: config.STRIPE_API_BASE });
  }
  return sandboxProvider({ publicUrl: config.PUBLIC_URL, webhookSecret: config.SANDBOX_WEBHOOK_SECRET });
}

/** The server's own address once listening (any interface is reached on loopback), else its public one. */
function ownUrl(app: FastifyInstance, publicUrl: string): string {
  const address = app.server.address();
  if (!address || typeof address === 'string') return publicUrl;
  const host = address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.address;
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}

export function paymentsRoutes(app: FastifyInstance, ctx: AppContext, provider: PaymentProvider): void {
  const { config } = ctx;
  const flows: PaymentFlows = { db: ctx.database.db, provider, publicUrl: config.PUBLIC_URL, log: app.log };

  app.post<{ Params: { id: string } }>('/api/meet-sessions/:id/payment', async (request) => {
    const actor = await requireActor(ctx, request);
    const id = parseId(request.params.id, 'meet_session');
    return toStartPaymentResult(await startPayment({ ...flows, log: request.log }, actor, id));
  });

  // Signatures are computed over the exact bytes sent: this scope keeps the body raw, whatever its type.
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_request, body, done) => done(null, body));
    scope.post<{ Params: { provider: string } }>('/api/payments/webhook/:provider', async (request) => {
      const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      return { received: true, outcome: await receiveWebhook({ ...flows, log: request.log }, request.params.provider, rawBody, request.headers) };
    });
  });

  // The test checkout exists only when the sandbox is the provider: with Stripe, no page can "pay".
  if (flows.provider.name === 'sandbox') {
    const webhookUrl = () => new URL('/api/payments/webhook/sandbox', ownUrl(app, config.PUBLIC_URL)).toString();
    const sender = new SandboxWebhookSender(config.SANDBOX_WEBHOOK_SECRET, webhookUrl, app.log);
    app.addHook('onClose', () => sender.close());
    sandboxCheckoutRoutes(app, { db: ctx.database.db, publicUrl: config.PUBLIC_URL, sender, payerOf: (request) => currentActor(ctx, request) });
    if (config.NODE_ENV === 'production') {
      app.log.warn('PAYMENT_PROVIDER=sandbox in production (SANDBOX_ALLOW_IN_PRODUCTION=true): test cards pay for real calls; use stripe for real money');
    }
  }
}
