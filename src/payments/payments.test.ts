import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { DATABASE_KINDS } from '../../test/support/databases.ts';
import { acceptedSession, postSandboxWebhook, sandboxEvent } from '../../test/support/payments.ts';
import { payments, paymentWebhookEvents } from '../db/schema.ts';
import { inTransaction } from '../db/transaction.ts';
import { enterCall } from '../meet/call.service.ts';
import { signatureHeader } from './sandbox/webhook-signature.ts';

describe.each(DATABASE_KINDS)('payments on %s', (kind) => {
  let t: TestApp;
  let secret: string;
  beforeAll(async () => {
    t = await createTestApp(kind);
    secret = t.config.SANDBOX_WEBHOOK_SECRET;
  });
  afterAll(() => t.close());

  const webhook = (event: Parameters<typeof postSandboxWebhook>[1], timestamp?: number) =>
    postSandboxWebhook(t.app, event, { secret, ...(timestamp === undefined ? {} : { timestamp }) });

  async function startedPayment() {
    const session = await acceptedSession(t.app);
    const started = await session.demandeur.post(`/api/meet-sessions/${session.meetSessionId}/payment`);
    expect(started.statusCode).toBe(200);
    return { ...session, paymentId: started.json().paymentId as string, started: started.json() };
  }

  const kindsOf = async (client: { get(url: string): Promise<{ json(): { events: { kind: string }[] } }> }, meetSessionId: string) =>
    (await client.get(`/api/meet-sessions/${meetSessionId}/timeline`)).json().events.map((e) => e.kind);

  it('opens one payment for the offre’s price and answers the same on every repeat', async () => {
    const { demandeur, meetSessionId, paymentId, started } = await startedPayment();
    expect(started).toEqual({
      paymentId,
      status: 'requires_payment',
      checkoutUrl: `${t.config.PUBLIC_URL}/sandbox/checkout/${paymentId}`,
      attempt: 1,
      amountCents: 5000,
      currency: 'eur',
    });
    const again = await demandeur.post(`/api/meet-sessions/${meetSessionId}/payment`);
    expect(again.json()).toEqual(started);
    const rows = await t.database.db.select().from(payments).where(eq(payments.meetSessionId, meetSessionId));
    expect(rows).toHaveLength(1);
    expect((await kindsOf(demandeur, meetSessionId)).filter((k) => k === 'payment.created')).toHaveLength(1);
  });

  it('shows the payment to both participants, the checkout link to the demandeur only', async () => {
    const { demandeur, prestataire, meetSessionId, paymentId, started } = await startedPayment();
    const summary = { id: paymentId, status: 'requires_payment', amountCents: 5000, currency: 'eur', attempt: 1 };
    const seenByDemandeur = (await demandeur.get(`/api/meet-sessions/${meetSessionId}`)).json();
    expect(seenByDemandeur.payment).toEqual({ ...summary, checkoutUrl: started.checkoutUrl });
    expect(seenByDemandeur.status).toBe('awaiting_payment');
    expect((await prestataire.get(`/api/meet-sessions/${meetSessionId}`)).json().payment).toEqual({ ...summary, checkoutUrl: null });
  });

  it('lets only the demandeur pay or cancel; the prestataire is refused, strangers find nothing', async () => {
    const { prestataire, stranger, meetSessionId } = await acceptedSession(t.app);
    for (const action of ['payment', 'cancel']) {
      const byPrestataire = await prestataire.post(`/api/meet-sessions/${meetSessionId}/${action}`);
      expect(byPrestataire.statusCode).toBe(403);
      expect(byPrestataire.json().error.code).toBe('FORBIDDEN');
      const byStranger = await stranger.post(`/api/meet-sessions/${meetSessionId}/${action}`);
      expect(byStranger.statusCode).toBe(404);
      expect(byStranger.json().error.code).toBe('MEET_SESSION_NOT_FOUND');
    }
    expect((await stranger.get(`/api/meet-sessions/${meetSessionId}`)).statusCode).toBe(404);
    const rows = await t.database.db.select().from(payments).where(eq(payments.meetSessionId, meetSessionId));
    expect(rows).toHaveLength(0);
    expect((await prestataire.get(`/api/meet-sessions/${meetSessionId}`)).json().status).toBe('awaiting_payment');
  });

  it('refuses forged, wrong-secret, stale and altered webhooks with 400, and changes nothing', async () => {
    const { demandeur, meetSessionId, paymentId } = await startedPayment();
    const before = await kindsOf(demandeur, meetSessionId);
    const event = sandboxEvent('payment.succeeded', paymentId);
    const body = JSON.stringify(event);
    const refusals = [
      // Forged: a made-up signature.
      t.app.inject({ method: 'POST', url: '/api/payments/webhook/sandbox', headers: { 'content-type': 'application/json', 'accord-sandbox-signature': `t=${Math.floor(Date.now() / 1000)},v1=${'ab'.repeat(32)}` }, payload: body }),
      // No signature at all.
      t.app.inject({ method: 'POST', url: '/api/payments/webhook/sandbox', headers: { 'content-type': 'application/json' }, payload: body }),
      postSandboxWebhook(t.app, event, { secret: 'whsec_not_the_sandbox_secret' }),
      webhook(event, Math.floor(Date.now() / 1000) - 301),
    ];
    // Signed, then altered on the way: a failure turned into a success.
    const failed = JSON.stringify(sandboxEvent('payment.failed', paymentId));
    const signed = signatureHeader(secret, failed);
    refusals.push(
      t.app.inject({
        method: 'POST',
        url: '/api/payments/webhook/sandbox',
        headers: { 'content-type': 'application/json', 'accord-sandbox-signature': signed },
        payload: failed.replace('payment.failed', 'payment.succeeded'),
      }),
    );
    for (const response of await Promise.all(refusals)) {
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('WEBHOOK_SIGNATURE_INVALID');
    }
    expect((await demandeur.get(`/api/meet-sessions/${meetSessionId}`)).json()).toMatchObject({ status: 'awaiting_payment', payment: { status: 'requires_payment' } });
    expect(await kindsOf(demandeur, meetSessionId)).toEqual(before);
    expect(await t.database.db.select().from(paymentWebhookEvents).where(eq(paymentWebhookEvents.paymentId, paymentId))).toHaveLength(0);
  });

  it('verifies the body byte for byte as sent, whatever its formatting', async () => {
    const { demandeur, meetSessionId, paymentId } = await startedPayment();
    // Re-serialising a parsed body would lose this layout and break the signature: the raw bytes are checked.
    const prettyPrinted = JSON.stringify(sandboxEvent('payment.succeeded', paymentId), null, 2);
    const response = await webhook(prettyPrinted);
    expect(response.statusCode).toBe(200);
    expect(response.json().outcome).toBe('applied');
    expect((await demandeur.get(`/api/meet-sessions/${meetSessionId}`)).json().status).toBe('ready');
  });

  it('applies the same webhook delivered 5 times once', async () => {
    const { demandeur, prestataire, meetSessionId, paymentId } = await startedPayment();
    const event = sandboxEvent('payment.succeeded', paymentId);
    const outcomes = [];
    for (let i = 0; i < 5; i++) {
      const response = await webhook(event);
      expect(response.statusCode).toBe(200);
      outcomes.push(response.json().outcome);
    }
    expect(outcomes).toEqual(['applied', 'duplicate', 'duplicate', 'duplicate', 'duplicate']);
    const kinds = await kindsOf(prestataire, meetSessionId);
    expect(kinds.filter((k) => k === 'payment.succeeded')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'meet_session.ready')).toHaveLength(1);
    expect((await demandeur.get(`/api/meet-sessions/${meetSessionId}`)).json()).toMatchObject({ status: 'ready', payment: { status: 'succeeded', checkoutUrl: null } });
    for (const person of [demandeur, prestataire]) {
      const paid = (await person.get('/api/notifications')).json().notifications.filter((n: { kind: string }) => n.kind === 'payment.succeeded');
      expect(paid).toEqual([expect.objectContaining({ meetSessionId, readAt: null })]);
    }
  });

  it('stays succeeded when deliveries sent before the success (processing, failed) arrive after it', async () => {
    const { demandeur, meetSessionId, paymentId } = await startedPayment();
    expect((await webhook(sandboxEvent('payment.succeeded', paymentId))).json().outcome).toBe('applied');
    // Late: sent before the success, delivered after it.
    expect((await webhook(sandboxEvent('payment.processing', paymentId))).json().outcome).toBe('stale');
    expect((await webhook(sandboxEvent('payment.failed', paymentId, 'card_declined'))).json().outcome).toBe('stale');
    expect((await demandeur.get(`/api/meet-sessions/${meetSessionId}`)).json()).toMatchObject({ status: 'ready', payment: { status: 'succeeded' } });
    const paymentKinds = (await kindsOf(demandeur, meetSessionId)).filter((k) => k.startsWith('payment.'));
    expect(paymentKinds).toEqual(['payment.created', 'payment.succeeded']);
  });

  it('follows a failed attempt with a new one, never two live ones', async () => {
    const { demandeur, meetSessionId, paymentId } = await startedPayment();
    await webhook(sandboxEvent('payment.processing', paymentId));
    await webhook(sandboxEvent('payment.failed', paymentId, 'card_declined'));
    const failed = (await demandeur.get(`/api/meet-sessions/${meetSessionId}`)).json();
    expect(failed).toMatchObject({ status: 'awaiting_payment', payment: { id: paymentId, status: 'failed', attempt: 1, checkoutUrl: null } });

    const retry = (await demandeur.post(`/api/meet-sessions/${meetSessionId}/payment`)).json();
    expect(retry).toMatchObject({ status: 'requires_payment', attempt: 2 });
    expect(retry.paymentId).not.toBe(paymentId);
    expect((await demandeur.post(`/api/meet-sessions/${meetSessionId}/payment`)).json().paymentId).toBe(retry.paymentId);
    await webhook(sandboxEvent('payment.succeeded', retry.paymentId));
    expect((await demandeur.get(`/api/meet-sessions/${meetSessionId}`)).json()).toMatchObject({ status: 'ready', payment: { attempt: 2, status: 'succeeded' } });
    // A late success of the failed attempt changes nothing.
    expect((await webhook(sandboxEvent('payment.succeeded', paymentId))).json().outcome).toBe('stale');
  });

  it('enforces one live attempt per session in the database itself', async () => {
    const { meetSessionId } = await startedPayment();
    const second = t.database.db.insert(payments).values({ meetSessionId, attempt: 2, provider: 'sandbox', amountCents: 5000 });
    await expect(second).rejects.toMatchObject({ cause: expect.objectContaining({ constraint: 'payments_one_live_per_session' }) });
  });

  it('cancels a paid session: refunded, offre rejected, demande cancelled, both told', async () => {
    const { demandeur, prestataire, meetSessionId, paymentId, demandeId, offreId } = await startedPayment();
    await webhook(sandboxEvent('payment.succeeded', paymentId));
    const cancelled = await demandeur.post(`/api/meet-sessions/${meetSessionId}/cancel`);
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', payment: { id: paymentId, status: 'refunded' } });
    expect((await prestataire.get(`/api/meet-sessions/${meetSessionId}`)).json()).toMatchObject({ status: 'cancelled', payment: { status: 'refunded' } });
    const offres = (await prestataire.get(`/api/demandes/${demandeId}/offres`)).json().offres;
    expect(offres).toEqual([expect.objectContaining({ id: offreId, status: 'rejected' })]);
    expect((await demandeur.get(`/api/demandes/${demandeId}`)).json().demande.status).toBe('cancelled');
    const kinds = await kindsOf(prestataire, meetSessionId);
    expect(kinds.slice(-4)).toEqual(['meet_session.cancelled', 'offre.rejected', 'demande.cancelled', 'payment.refunded']);
    const told = (await prestataire.get('/api/notifications')).json().notifications.map((n: { kind: string }) => n.kind);
    expect(told).toContain('meet_session.cancelled');

    // Repeating changes nothing; paying a cancelled session is refused.
    expect((await demandeur.post(`/api/meet-sessions/${meetSessionId}/cancel`)).json()).toMatchObject({ status: 'cancelled' });
    expect((await kindsOf(prestataire, meetSessionId)).length).toBe(kinds.length);
    const pay = await demandeur.post(`/api/meet-sessions/${meetSessionId}/payment`);
    expect(pay.statusCode).toBe(409);
    expect(pay.json().error.code).toBe('MEET_SESSION_CANCELLED');
  });

  it('cancels an unpaid session with its live attempt; money arriving later is refunded, the session stays cancelled', async () => {
    const { demandeur, meetSessionId, paymentId } = await startedPayment();
    const cancelled = (await demandeur.post(`/api/meet-sessions/${meetSessionId}/cancel`)).json();
    expect(cancelled).toMatchObject({ status: 'cancelled', payment: { status: 'canceled' } });

    const lateSuccess = sandboxEvent('payment.succeeded', paymentId);
    expect((await webhook(lateSuccess)).json().outcome).toBe('applied');
    expect((await webhook(lateSuccess)).json().outcome).toBe('duplicate');
    expect((await demandeur.get(`/api/meet-sessions/${meetSessionId}`)).json()).toMatchObject({ status: 'cancelled', payment: { status: 'refunded' } });
    const events = (await demandeur.get(`/api/meet-sessions/${meetSessionId}/timeline`)).json().events;
    const refunds = events.filter((e: { kind: string }) => e.kind === 'payment.refunded');
    expect(refunds).toEqual([expect.objectContaining({ data: expect.objectContaining({ from: 'canceled', reason: 'paid_after_cancellation' }) })]);
    expect(events.some((e: { kind: string }) => e.kind === 'payment.succeeded' || e.kind === 'meet_session.ready')).toBe(false);
  });

  it('refuses to cancel once the call has started', async () => {
    const { demandeur, meetSessionId, paymentId } = await startedPayment();
    await webhook(sandboxEvent('payment.succeeded', paymentId));
    await inTransaction(t.database.db, (tx) => enterCall(tx, demandeur.user, { meetSessionId, peerId: 'demandeur-page-1' }));
    const response = await demandeur.post(`/api/meet-sessions/${meetSessionId}/cancel`);
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('CALL_ALREADY_STARTED');
    expect((await demandeur.get(`/api/meet-sessions/${meetSessionId}`)).json()).toMatchObject({ status: 'in_call', payment: { status: 'succeeded' } });
  });

  it('ignores a signed event about a payment it does not know', async () => {
    const response = await webhook(sandboxEvent('payment.succeeded', '00000000-0000-4000-8000-000000000000'));
    expect(response.statusCode).toBe(200);
    expect(response.json().outcome).toBe('ignored');
  });

  it('answers 404 for a provider that is not the configured one', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/payments/webhook/stripe', payload: '{}', headers: { 'content-type': 'application/json' } });
    expect(response.statusCode).toBe(404);
  });
});
