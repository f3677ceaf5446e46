import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/support/app.ts';
import { HttpClient, listen } from '../../test/support/http.ts';
import { acceptedSession, deliverSandboxWebhook } from '../../test/support/payments.ts';
import { startStripeStandIn, type StripeStandIn } from '../../test/support/stripe-stand-in.ts';
import { events } from '../db/schema.ts';
import { payments } from '../db/schema.ts';
import { SANDBOX_SIGNATURE_HEADER } from './sandbox/sandbox-event.ts';
import { signatureHeader } from './sandbox/webhook-signature.ts';
import { newSandboxEvent } from './sandbox/webhook-sender.ts';

/** Real concurrent requests over real sockets against PostgreSQL. */
const listening = (t: TestApp) => listen(t.app);

const together = <T>(n: number, request: () => Promise<T>) => Promise.all(Array.from({ length: n }, request));

const postAs = (base: string, client: Client, path: string) => HttpClient.of(base, client).post(path);

async function paymentsOf(t: TestApp, meetSessionId: string) {
  return t.database.db.select().from(payments).where(eq(payments.meetSessionId, meetSessionId));
}

async function kindsOf(t: TestApp, meetSessionId: string) {
  return (await t.database.db.select({ kind: events.kind }).from(events).where(eq(events.meetSessionId, meetSessionId))).map((e) => e.kind);
}

describe('payments under concurrency on postgres (sandbox)', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await createTestApp('postgres', { poolSize: 20 });
    base = await listening(t);
  });
  afterAll(() => t.close());

  it('20 concurrent POST …/payment open one payment, and all get its checkout', async () => {
    const { demandeur, meetSessionId } = await acceptedSession(t.app);
    const answers = await together(20, () => postAs(base, demandeur, `/api/meet-sessions/${meetSessionId}/payment`));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(new Set(answers.map((a) => a.body.paymentId)).size).toBe(1);
    expect(new Set(answers.map((a) => a.body.checkoutUrl)).size).toBe(1);
    expect(await paymentsOf(t, meetSessionId)).toHaveLength(1);
    expect((await kindsOf(t, meetSessionId)).filter((k) => k === 'payment.created')).toHaveLength(1);
  });

  it('the same webhook delivered 10 times at once changes the state once', async () => {
    const { demandeur, meetSessionId } = await acceptedSession(t.app);
    const { paymentId } = (await postAs(base, demandeur, `/api/meet-sessions/${meetSessionId}/payment`)).body;
    const body = JSON.stringify(newSandboxEvent('payment.succeeded', paymentId));
    const deliveries = await together(10, () =>
      deliverSandboxWebhook(new HttpClient(base), body, { secret: t.config.SANDBOX_WEBHOOK_SECRET }).then((r) => r.body),
    );
    expect(deliveries.map((d) => d.outcome).sort()).toEqual(['applied', ...Array(9).fill('duplicate')]);
    const kinds = await kindsOf(t, meetSessionId);
    expect(kinds.filter((k) => k === 'payment.succeeded')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'meet_session.ready')).toHaveLength(1);
  });

  it('5 concurrent cancellations of a paid session refund it once', async () => {
    const { demandeur, meetSessionId } = await acceptedSession(t.app);
    const { paymentId } = (await postAs(base, demandeur, `/api/meet-sessions/${meetSessionId}/payment`)).body;
    const body = JSON.stringify(newSandboxEvent('payment.succeeded', paymentId));
    await deliverSandboxWebhook(new HttpClient(base), body, { secret: t.config.SANDBOX_WEBHOOK_SECRET });
    const answers = await together(5, () => postAs(base, demandeur, `/api/meet-sessions/${meetSessionId}/cancel`));
    expect(answers.map((a) => a.status)).toEqual(Array(5).fill(200));
    expect(answers.every((a) => a.body.status === 'cancelled' && a.body.payment.status === 'refunded')).toBe(true);
    const kinds = await kindsOf(t, meetSessionId);
    expect(kinds.filter((k) => k === 'meet_session.cancelled')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'payment.refunded')).toHaveLength(1);
  });
});

describe('payments under concurrency on postgres (Stripe stand-in)', () => {
  let t: TestApp;
  let base: string;
  let stripeApi: StripeStandIn;
  beforeAll(async () => {
    stripeApi = await startStripeStandIn();
    t = await createTestApp('postgres', {
      poolSize: 20,
      config: { PAYMENT_PROVIDER: 'stripe', STRIPE_SECRET_KEY: 'sk_test_accord', STRIPE_WEBHOOK_SECRET: 'whsec_accord', STRIPE_API_BASE: stripeApi.url },
    });
    base = await listening(t);
  });
  afterAll(async () => {
    await t.close();
    await stripeApi.close();
  });

  it('20 concurrent POST …/payment end with one payment and one Stripe Checkout Session', async () => {
    const { demandeur, meetSessionId } = await acceptedSession(t.app);
    const answers = await together(20, () => postAs(base, demandeur, `/api/meet-sessions/${meetSessionId}/payment`));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(new Set(answers.map((a) => a.body.checkoutUrl)).size).toBe(1);
    const [payment, ...others] = await paymentsOf(t, meetSessionId);
    expect(others).toHaveLength(0);
    expect(answers[0]!.body.checkoutUrl).toContain(payment!.providerCheckoutId);
    // Racing requests may each ask Stripe, always with the attempt's key: Stripe answers them one session.
    const asked = stripeApi.requests.filter((r) => r.params.get('metadata[meetSessionId]') === meetSessionId);
    expect(new Set(asked.map((r) => r.idempotencyKey))).toEqual(new Set([`accord-checkout-${meetSessionId}-1`]));
  });
});
