/**
 * The payment step against the payments contract (`POST /api/meet-sessions/:id/payment` →
 * `{paymentId, status, checkoutUrl}`, and the session's `payment` field), played by the browser's
 * network layer until the payments service is on main: each state shown, the checkout linked, a
 * retry after a failure, and once paid both people sent to the same `/meet/<meetSessionId>`.
 */
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import type { PaymentStatus } from '../../src/web/api/payment.ts';
import { saveScreenshot, seriousA11yViolations } from './support/browser.ts';
import { acceptOnDemandePage, demandeWithOffreInUi, texts } from './support/flows.ts';
import { useServerAndBrowser } from './support/harness.ts';

const suite = useServerAndBrowser('pglite');

const { m, t } = texts('fr');

/** The payments service as the contract describes it, for one session, in one browser page. */
class PaymentsContract {
  sessionPayment: { status: PaymentStatus; checkoutUrl: string | null } | null = null;
  startAnswers: { status: PaymentStatus; checkoutUrl: string | null }[] = [];
  starts = 0;

  constructor(readonly meetSessionId: string) {}

  async serve(page: Page): Promise<void> {
    await page.route(`**/api/meet-sessions/${this.meetSessionId}/payment`, async (route) => {
      const answer = this.startAnswers[Math.min(this.starts++, this.startAnswers.length - 1)]!;
      await route.fulfill({ json: { paymentId: 'pay_test_1', ...answer } });
    });
    await page.route(`**/api/meet-sessions/${this.meetSessionId}`, async (route) => {
      const response = await route.fetch();
      const session = await response.json();
      const paid = this.sessionPayment?.status === 'succeeded';
      await route.fulfill({ response, json: { ...session, status: paid ? 'ready' : session.status, payment: this.sessionPayment } });
    });
  }
}

test('the payment status modal follows every payment state, retries after a failure, and opens the same call for both people', { timeout: 240_000 }, async () => {
  const { server } = suite;
  const { demandeur, prestataire, demandeId } = await demandeWithOffreInUi(suite.browser, server.url, {
    demandeur: 'Camille Martin',
    prestataire: 'Hugo Lefèvre',
    demande: { title: 'Traduire un contrat', description: 'Quatre pages, anglais vers français.' },
    offre: { price: '120', message: 'Traductrice assermentée.' },
  });
  const meetSessionId = await acceptOnDemandePage(demandeur.page, demandeId, { prestataire: 'Hugo Lefèvre', amount: '120,00\u00a0€' });
  const contract = new PaymentsContract(meetSessionId);
  await contract.serve(demandeur.page);
  await contract.serve(prestataire.page);
  const modal = demandeur.page.getByRole('dialog', { name: m.payment.modalTitle });
  const paymentState = modal.getByRole('status');

  // Paying opens the checkout.
  contract.startAnswers = [
    { status: 'requires_payment', checkoutUrl: `${server.url}/checkout/first` },
    { status: 'requires_payment', checkoutUrl: `${server.url}/checkout/second` },
  ];
  await modal.getByRole('button', { name: t('payment.pay', { amount: '120,00\u00a0€' }) }).click();
  await paymentState.getByText(m.payment.status.requires_payment).waitFor();
  expect(await modal.getByRole('link', { name: m.payment.openCheckout }).getAttribute('href')).toBe(`${server.url}/checkout/first`);

  // The payment failed (read again from the session, as a live update will make it): retry.
  contract.sessionPayment = { status: 'failed', checkoutUrl: null };
  await demandeur.page.reload();
  await paymentState.getByText(m.payment.status.failed).waitFor();
  expect(await seriousA11yViolations(demandeur.page)).toEqual([]);
  await saveScreenshot(demandeur.page, 'fr-20-payment-failed');
  await modal.getByRole('button', { name: m.payment.retry }).click();
  await paymentState.getByText(m.payment.status.requires_payment).waitFor();
  expect(await modal.getByRole('link', { name: m.payment.openCheckout }).getAttribute('href')).toBe(`${server.url}/checkout/second`);
  expect(contract.starts).toBe(2);

  // The bank confirms.
  contract.sessionPayment = { status: 'processing', checkoutUrl: null };
  await demandeur.page.reload();
  await paymentState.getByText(m.payment.status.processing).waitFor();

  // Before payment the prestataire waits; once paid, both reach the same call.
  await prestataire.page.goto('/my/offres');
  await prestataire.page.getByText(m.acceptedOffre.awaitingPayment).waitFor();

  contract.sessionPayment = { status: 'succeeded', checkoutUrl: null };
  await demandeur.page.reload();
  await demandeur.page.waitForURL(`**/meet/${meetSessionId}`);
  await demandeur.page.getByText(m.meet.open).waitFor();

  await prestataire.page.reload();
  await prestataire.page.getByRole('link', { name: m.acceptedOffre.paid }).click();
  await prestataire.page.waitForURL(`**/meet/${meetSessionId}`);
  await prestataire.page.getByText(m.meet.open).waitFor();
  expect(new URL(prestataire.page.url()).pathname).toBe(new URL(demandeur.page.url()).pathname);

  await Promise.all([demandeur.context.close(), prestataire.context.close()]);
});

test('a refusal the app has no sentence for still reads as one, naming its code', { timeout: 120_000 }, async () => {
  const { demandeur, prestataire, demandeId } = await demandeWithOffreInUi(suite.browser, suite.server.url, {
    demandeur: 'Camille Martin',
    prestataire: 'Léa Dubois',
    demande: { title: 'Monter une étagère', description: 'Mur en placo.' },
    offre: { price: '45', message: 'Avec mes outils.' },
  });
  const meetSessionId = await acceptOnDemandePage(demandeur.page, demandeId, { prestataire: 'Léa Dubois', amount: '45,00\u00a0€' });
  await demandeur.page.route(`**/api/meet-sessions/${meetSessionId}/payment`, (route) =>
    route.fulfill({ status: 503, json: { error: { code: 'PAYMENT_PROVIDER_UNAVAILABLE', message: 'down' } } }),
  );
  await demandeur.page.getByRole('button', { name: t('payment.pay', { amount: '45,00\u00a0€' }) }).click();
  await demandeur.page.getByRole('alert').getByText(t('errors.generic', { code: 'PAYMENT_PROVIDER_UNAVAILABLE' })).waitFor();
  await Promise.all([demandeur.context.close(), prestataire.context.close()]);
});
