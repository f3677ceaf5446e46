import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { DATABASE_KINDS } from '../../../test/support/databases.ts';
import { acceptedSession } from '../../../test/support/payments.ts';
import { startStripeStandIn, type StripeStandIn } from '../../../test/support/stripe-stand-in.ts';
import { buildApp } from '../../server/app.ts';

const WEBHOOK_SECRET = 'whsec_accord_stripe_test';

/** The Stripe provider with the official SDK, offline: API calls go to a local stand-in. */
describe.each(DATABASE_KINDS)('Stripe payments on %s', (kind) => {
  let t: TestApp;
  let stripeApi: StripeStandIn;
  beforeAll(async () => {
    stripeApi = await startStripeStandIn();
    t = await createTestApp(kind, {
      config: { PAYMENT_PROVIDER: 'stripe', STRIPE_SECRET_KEY: 'sk_test_accord', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_BASE: stripeApi.url },
    });
  });
  afterAll(async () => {
    await t.close();
    await stripeApi.close();
  });

  const stripeEvent = (type: string, object: Record<string, unknown>) =>
    JSON.stringify({
      id: `evt_test_${randomBytes(8).toString('hex')}`,
      object: 'event',
      api_version: '2026-10-28.endive',
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
      data: { object: { object: 'checkout.session', ...object } },
    });

  const deliver = (payload: string, { secret = WEBHOOK_SECRET, timestamp }: { secret?: string; timestamp?: number } = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/api/payments/webhook/stripe',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret, ...(timestamp ? { timestamp } : {}) }),
      },
      payload,
    });

  const checkoutRequests = (meetSessionId: string) =>
    stripeApi.requests.filter((r) => r.path === '/v1/checkout/sessions' && r.params.get('metadata[meetSessionId]') === meetSessionId);

  async function startedPayment() {
    const session = await acceptedSession(t.app);
    const started = await session.demandeur.post(`/api/meet-sessions/${session.meetSessionId}/payment`);
    expect(started.statusCode).toBe(200);
    const [request] = checkoutRequests(session.meetSessionId);
    const checkoutId = new URL(started.json().checkoutUrl).pathname.split('/').pop()!;
    return { ...session, started: started.json(), request: request!, checkoutId };
  }

  const sessionOf = async (session: { demandeur: { get(url: string): Promise<{ json(): any }> }; meetSessionId: string }) =>
    (await session.demandeur.get(`/api/meet-sessions/${session.meetSessionId}`)).json();

  it('creates one Checkout Session per attempt through the SDK, keyed by the meet session and attempt', async () => {
    const { demandeur, meetSessionId, started, request } = await startedPayment();
    expect(started).toMatchObject({ status: 'requires_payment', attempt: 1, amountCents: 5000, currency: 'eur' });
    expect(started.checkoutUrl).toMatch(/^https:\/\/checkout\.stripe\.test\/c\/pay\/cs_test_/);
    expect(request.idempotencyKey).toBe(`accord-checkout-${meetSessionId}-1`);
    expect(request.authorization).toBe('Bearer sk_test_accord');
    expect(request.params.get('mode')).toBe('payment');
    expect(request.params.get('line_items[0][price_data][unit_amount]')).toBe('5000');
    expect(request.params.get('line_items[0][price_data][currency]')).toBe('eur');
    expect(request.params.get('client_reference_id')).toBe(started.paymentId);
    expect(request.params.get('success_url')).toBe(`${t.config.PUBLIC_URL}/meet/${meetSessionId}?payment=done`);

    expect((await demandeur.post(`/api/meet-sessions/${meetSessionId}/payment`)).json()).toEqual(started);
    expect(checkoutRequests(meetSessionId)).toHaveLength(1);
  });

  it('opens the session on checkout.session.completed verified by constructEvent, once however often delivered', async () => {
    const session = await startedPayment();
    const payload = stripeEvent('checkout.session.completed', { id: session.checkoutId, payment_status: 'paid', payment_intent: 'pi_test_paid' });
    const outcomes = [];
    for (let i = 0; i < 5; i++) outcomes.push((await deliver(payload)).json().outcome);
    expect(outcomes).toEqual(['applied', 'duplicate', 'duplicate', 'duplicate', 'duplicate']);
    expect(await sessionOf(session)).toMatchObject({ status: 'ready', payment: { status: 'succeeded' } });
  });

  it('refuses a wrong secret, a stale timestamp or an altered body with 400', async () => {
    const session = await startedPayment();
    const payload = stripeEvent('checkout.session.completed', { id: session.checkoutId, payment_status: 'paid', payment_intent: 'pi_x' });
    const refused = [
      await deliver(payload, { secret: 'whsec_someone_else' }),
      await deliver(payload, { timestamp: Math.floor(Date.now() / 1000) - 301 }),
      await t.app.inject({
        method: 'POST',
        url: '/api/payments/webhook/stripe',
        headers: { 'content-type': 'application/json', 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }) },
        payload: payload.replace('"paid"', '"unpaid"'),
      }),
    ];
    for (const response of refused) {
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('WEBHOOK_SIGNATURE_INVALID');
    }
    expect(await sessionOf(session)).toMatchObject({ status: 'awaiting_payment', payment: { status: 'requires_payment' } });
  });

  it('follows a delayed payment method to the end, in either order of its two events', async () => {
    for (const successFirst of [false, true]) {
      const session = await startedPayment();
      const succeeded = stripeEvent('checkout.session.async_payment_succeeded', { id: session.checkoutId, payment_status: 'paid', payment_intent: 'pi_test_sepa' });
      const completedUnpaid = stripeEvent('checkout.session.completed', { id: session.checkoutId, payment_status: 'unpaid', payment_intent: 'pi_test_sepa' });
      const outcomes = [];
      for (const event of successFirst ? [succeeded, completedUnpaid] : [completedUnpaid, succeeded]) outcomes.push((await deliver(event)).json().outcome);
      expect(outcomes).toEqual(successFirst ? ['applied', 'stale'] : ['applied', 'applied']);
      expect(await sessionOf(session)).toMatchObject({ status: 'ready', payment: { status: 'succeeded' } });
    }
  });

  it('refunds through Stripe when the demandeur cancels a paid session', async () => {
    const session = await startedPayment();
    await deliver(stripeEvent('checkout.session.completed', { id: session.checkoutId, payment_status: 'paid', payment_intent: 'pi_test_refund' }));
    const cancelled = await session.demandeur.post(`/api/meet-sessions/${session.meetSessionId}/cancel`);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', payment: { status: 'refunded' } });
    const refunds = stripeApi.requests.filter((r) => r.path === '/v1/refunds' && r.params.get('payment_intent') === 'pi_test_refund');
    expect(refunds).toHaveLength(1);
    expect(refunds[0]!.idempotencyKey).toBe(`accord-refund-${session.started.paymentId}`);
  });

  it('expires the Stripe checkout when an unpaid session is cancelled', async () => {
    const session = await startedPayment();
    await session.demandeur.post(`/api/meet-sessions/${session.meetSessionId}/cancel`);
    expect(stripeApi.requests.filter((r) => r.path === `/v1/checkout/sessions/${session.checkoutId}/expire`)).toHaveLength(1);
    expect(await sessionOf(session)).toMatchObject({ status: 'cancelled', payment: { status: 'canceled' } });
  });

  it('refunds money that arrives after cancellation, and tries again on the next delivery if Stripe is unreachable', async () => {
    const session = await startedPayment();
    await session.demandeur.post(`/api/meet-sessions/${session.meetSessionId}/cancel`);
    const paidAnyway = stripeEvent('checkout.session.completed', { id: session.checkoutId, payment_status: 'paid', payment_intent: 'pi_test_late' });
    const refundsOfLate = () => stripeApi.requests.filter((r) => r.path === '/v1/refunds' && r.params.get('payment_intent') === 'pi_test_late');

    stripeApi.unreachable.add('/v1/refunds');
    try {
      const failed = await deliver(paidAnyway);
      expect(failed.statusCode).toBe(502);
      expect(failed.json().error.code).toBe('PAYMENT_PROVIDER_UNAVAILABLE');
    } finally {
      stripeApi.unreachable.delete('/v1/refunds');
    }
    expect(await sessionOf(session)).toMatchObject({ status: 'cancelled', payment: { status: 'canceled' } });

    expect((await deliver(paidAnyway)).json().outcome).toBe('applied');
    expect((await deliver(paidAnyway)).json().outcome).toBe('duplicate');
    expect(await sessionOf(session)).toMatchObject({ status: 'cancelled', payment: { status: 'refunded' } });
    expect(new Set(refundsOfLate().map((r) => r.idempotencyKey))).toEqual(new Set([`accord-refund-${session.started.paymentId}`]));
  });

  it('opens a new attempt, with a new idempotency key, after the checkout expired', async () => {
    const session = await startedPayment();
    expect((await deliver(stripeEvent('checkout.session.expired', { id: session.checkoutId, payment_status: 'unpaid', payment_intent: null }))).json().outcome).toBe('applied');
    const retry = (await session.demandeur.post(`/api/meet-sessions/${session.meetSessionId}/payment`)).json();
    expect(retry).toMatchObject({ attempt: 2, status: 'requires_payment' });
    expect(checkoutRequests(session.meetSessionId).map((r) => r.idempotencyKey)).toEqual([
      `accord-checkout-${session.meetSessionId}-1`,
      `accord-checkout-${session.meetSessionId}-2`,
    ]);
  });

  it('answers 502 while Stripe is unreachable, and completes the same attempt once it is back', async () => {
    const { demandeur, meetSessionId } = await acceptedSession(t.app);
    const cutOff = await buildApp({ config: { ...t.config, STRIPE_API_BASE: 'http://127.0.0.1:9' }, database: t.database });
    try {
      const failed = await cutOff.inject({ method: 'POST', url: `/api/meet-sessions/${meetSessionId}/payment`, headers: { cookie: demandeur.cookie! } });
      expect(failed.statusCode).toBe(502);
      expect(failed.json().error.code).toBe('PAYMENT_PROVIDER_UNAVAILABLE');
    } finally {
      await cutOff.close();
    }
    const recovered = (await demandeur.post(`/api/meet-sessions/${meetSessionId}/payment`)).json();
    expect(recovered).toMatchObject({ attempt: 1, status: 'requires_payment', checkoutUrl: expect.stringMatching(/^https:\/\/checkout\.stripe\.test\//) });
  });

  it('has no sandbox: its checkout page and webhook do not exist', async () => {
    const { started } = await startedPayment();
    expect((await t.app.inject({ method: 'GET', url: `/sandbox/checkout/${started.paymentId}` })).statusCode).toBe(404);
    const sandboxWebhook = await t.app.inject({ method: 'POST', url: '/api/payments/webhook/sandbox', payload: '{}', headers: { 'content-type': 'application/json' } });
    expect(sandboxWebhook.statusCode).toBe(404);
  });
});
