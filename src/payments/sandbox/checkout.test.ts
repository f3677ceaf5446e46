import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../../test/support/app.ts';
import { DATABASE_KINDS } from '../../../test/support/databases.ts';
import { HttpClient } from '../../../test/support/http.ts';
import { acceptedSession } from '../../../test/support/payments.ts';
import { waitUntil } from '../../../test/support/wait.ts';
import { paymentWebhookEvents } from '../../db/schema.ts';

/**
 * The sandbox as a payer meets it, over real HTTP: the checkout page, the card form, the redirect
 * back to the app, and the verdict arriving later as a signed webhook the server posts to itself.
 */
describe.each(DATABASE_KINDS)('sandbox checkout over HTTP on %s', (kind) => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await createTestApp(kind);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address() as { port: number };
    base = `http://127.0.0.1:${address.port}`;
  });
  afterAll(() => t.close());

  const api = (client: Client, method: 'GET' | 'POST', path: string) => HttpClient.of(base, client).request(method, path);
  /** A browser on the checkout pages: the payer's is signed in to Accord (the checkout is theirs alone). */
  const payer = (client?: Client) => (client ? HttpClient.of(base, client) : new HttpClient(base));

  /** The checkout link points at PUBLIC_URL; the test reaches the same path on the listening server. */
  const checkoutPath = (checkoutUrl: string) => new URL(checkoutUrl).pathname;

  const submitForm = (client: Client | undefined, path: string, fields: Record<string, string>) => payer(client).submitForm(path, fields);

  const card = (cardNumber: string) => ({ cardNumber, expiry: '12/34', cvc: '123' });

  async function startPayment() {
    const session = await acceptedSession(t.app);
    const started = await api(session.demandeur, 'POST', `/api/meet-sessions/${session.meetSessionId}/payment`);
    expect(started.status).toBe(200);
    return { ...session, payment: started.body as { paymentId: string; checkoutUrl: string; attempt: number } };
  }

  const sessionOf = (client: Client, meetSessionId: string) =>
    waitUntil(
      'the payment to settle',
      async () => {
        const { body } = await api(client, 'GET', `/api/meet-sessions/${meetSessionId}`);
        return body.payment?.status !== 'requires_payment' && body.payment?.status !== 'processing' ? body : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 50 },
    );

  it('pays with the success card: redirected back at once, the webhook then opens the session', async () => {
    const { demandeur, prestataire, meetSessionId, payment } = await startPayment();
    const page = await payer(demandeur).get(checkoutPath(payment.checkoutUrl));
    expect(page.status).toBe(200);
    const html = page.body;
    expect(html).toContain('<html lang="fr">');
    expect(html).toMatch(/<label for="cardNumber">Numéro de carte<\/label>\s*<input id="cardNumber" name="cardNumber"/);
    expect(html).toContain('Payer 50,00');
    expect(html).not.toMatch(/<script|\sstyle=|\son[a-z]+=/i);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    // `no-referrer` would make browsers post the card form with `Origin: null`, refused as cross-site.
    expect(page.headers.get('referrer-policy')).toBe('same-origin');

    const submitted = await submitForm(demandeur, checkoutPath(payment.checkoutUrl), card('4242 4242 4242 4242'));
    expect(submitted.status).toBe(303);
    expect(submitted.headers.get('location')).toBe(`${t.config.PUBLIC_URL}/meet/${meetSessionId}?payment=done`);

    const paid = await sessionOf(prestataire, meetSessionId);
    expect(paid).toMatchObject({ status: 'ready', payment: { id: payment.paymentId, status: 'succeeded' } });
    const kinds = (await api(demandeur, 'GET', `/api/meet-sessions/${meetSessionId}/timeline`)).body.events.map((e: { kind: string }) => e.kind);
    expect(kinds.slice(-4)).toEqual(['payment.created', 'payment.processing', 'payment.succeeded', 'meet_session.ready']);
    // The verdict came through the webhook endpoint, signature checked, each event claimed once.
    const received = await t.database.db.select().from(paymentWebhookEvents).where(eq(paymentWebhookEvents.paymentId, payment.paymentId));
    expect(received.map((e) => e.type).sort()).toEqual(['payment.processing', 'payment.succeeded']);

    const after = await payer(demandeur).get(checkoutPath(payment.checkoutUrl));
    expect(after.status).toBe(409);
    expect(after.body).toContain('Ce paiement a déjà été effectué.');
  });

  it('fails with the declined card, and the next attempt succeeds', async () => {
    const { demandeur, meetSessionId, payment } = await startPayment();
    const declined = await submitForm(demandeur, checkoutPath(payment.checkoutUrl), card('4000000000000002'));
    expect(declined.status).toBe(303);
    expect(declined.headers.get('location')).toBe(`${t.config.PUBLIC_URL}/meet/${meetSessionId}?payment=failed`);
    expect(await sessionOf(demandeur, meetSessionId)).toMatchObject({ status: 'awaiting_payment', payment: { status: 'failed', attempt: 1 } });

    const retry = await api(demandeur, 'POST', `/api/meet-sessions/${meetSessionId}/payment`);
    expect(retry.body).toMatchObject({ status: 'requires_payment', attempt: 2 });
    expect(retry.body.checkoutUrl).not.toBe(payment.checkoutUrl);
    expect((await submitForm(demandeur, checkoutPath(retry.body.checkoutUrl), card('4242424242424242'))).status).toBe(303);
    expect(await sessionOf(demandeur, meetSessionId)).toMatchObject({ status: 'ready', payment: { status: 'succeeded', attempt: 2 } });
  });

  it('asks for an extra confirmation with the 3-D Secure card, and pays once confirmed', async () => {
    const { demandeur, meetSessionId, payment } = await startPayment();
    const path = checkoutPath(payment.checkoutUrl);
    const challenge = await submitForm(demandeur, path, card('4000 0025 0000 3155'));
    expect(challenge.status).toBe(200);
    const html = challenge.body;
    expect(html).toContain('Confirmez votre paiement');
    expect(html).toContain(`action="${path}/confirm?lang=fr"`);
    expect((await api(demandeur, 'GET', `/api/meet-sessions/${meetSessionId}`)).body.payment.status).toBe('requires_payment');

    const confirmed = await submitForm(demandeur, `${path}/confirm`, { decision: 'confirm' });
    expect(confirmed.status).toBe(303);
    expect(await sessionOf(demandeur, meetSessionId)).toMatchObject({ status: 'ready', payment: { status: 'succeeded' } });
  });

  it('explains form mistakes next to their fields, in English with ?lang=en, changing nothing', async () => {
    const { demandeur, meetSessionId, payment } = await startPayment();
    const response = await submitForm(demandeur, `${checkoutPath(payment.checkoutUrl)}?lang=en`, { cardNumber: '1234 5678 9012 3456', expiry: '13/99', cvc: '' });
    expect(response.status).toBe(400);
    const html = response.body;
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('role="alert"');
    expect(html).toMatch(/aria-invalid="true" aria-describedby="cardNumber-error"/);
    expect(html).toContain('Unknown card: use one of the test cards below.');
    expect(html).toContain('Expected format: MM/YY.');
    expect(html).toContain('value="1234 5678 9012 3456"');
    expect((await api(demandeur, 'GET', `/api/meet-sessions/${meetSessionId}`)).body.payment.status).toBe('requires_payment');
  });

  it('answers an unknown payment with a 404 page', async () => {
    const response = await payer().get('/sandbox/checkout/00000000-0000-4000-8000-000000000000');
    expect(response.status).toBe(404);
    expect(response.body).toContain('Ce paiement n’existe pas.');
    expect((await payer().get('/sandbox/checkout/not-a-uuid')).status).toBe(404);
  });

  // Security finding 1: the payment id is shown to the prestataire too, who could "pay" (with a
  // test card, or `decision=confirm` and no card at all) for the demandeur.
  it('is the payer’s alone: to the prestataire, a stranger or no account, the checkout does not exist', async () => {
    const { demandeur, prestataire, stranger, meetSessionId, payment } = await startPayment();
    const path = checkoutPath(payment.checkoutUrl);
    for (const someone of [prestataire, stranger, undefined]) {
      expect((await payer(someone).get(path)).status).toBe(404);
      expect((await submitForm(someone, path, card('4242 4242 4242 4242'))).status).toBe(404);
      const confirm = await submitForm(someone, `${path}/confirm`, { decision: 'confirm' });
      expect(confirm.status).toBe(404);
      expect(confirm.body).toContain('Ce paiement n’existe pas.');
    }
    expect((await api(demandeur, 'GET', `/api/meet-sessions/${meetSessionId}`)).body).toMatchObject({ status: 'awaiting_payment', payment: { status: 'requires_payment' } });
  });
});
