/**
 * The seed's Test 1 against the real server and its sandbox payment provider, in two browsers:
 * the prestataire proposes, the demandeur accepts once and pays on the hosted checkout, the
 * webhook arrives on its own, and both people reach the same `/meet/<id>`. A declined card, the
 * retry, and the notification centre, each screen checked by axe-core in French and English.
 * The two accounts serve every test of the file.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { newPerson, saveScreenshot, seriousA11yViolations, signUpInUi, type Locale } from './support/browser.ts';
import {
  createDemandeInUi,
  markPage,
  payOnSandboxCheckout,
  proposeOffreInUi,
  sessionIdInUrl,
  stillSamePage,
  TEST_CARDS,
  texts,
  type Person,
} from './support/flows.ts';
import { useServerAndBrowser } from './support/harness.ts';

const suite = useServerAndBrowser('pglite');
const fr = texts('fr');
const en = texts('en');

const DEMANDEUR = 'Camille Martin';
const PRESTATAIRE = 'Hugo Lefèvre';

/** The header's bell, named by its unread count in the page's language. */
const bell = (page: Page, locale: Locale, count: number) => {
  const { t } = texts(locale);
  const unread = t(count === 0 ? 'notifications.unread.none' : count === 1 ? 'notifications.unread.one' : 'notifications.unread.other', { count });
  return page.getByRole('button', { name: t('notifications.bellLabel', { unread }) });
};

/** The path of the page as its browser shows it: what the person would copy from the address bar. */
const pathOf = (page: Page) => new URL(page.url()).pathname;

describe('paying for a session, live, on the sandbox provider', () => {
  let demandeur: Person;
  let prestataire: Person;

  beforeAll(async () => {
    [demandeur, prestataire] = await Promise.all([newPerson(suite.browser, suite.server.url), newPerson(suite.browser, suite.server.url)]);
    await Promise.all([signUpInUi(demandeur.page, DEMANDEUR), signUpInUi(prestataire.page, PRESTATAIRE)]);
  });

  /** A demande of the demandeur's with the prestataire's offre on it, the prestataire left watching their offres. */
  async function offreOnNewDemande(title: string, price: string): Promise<string> {
    const demandeId = await createDemandeInUi(demandeur.page, { title, description: 'Une heure en visio.' });
    await markPage(demandeur.page);
    await proposeOffreInUi(prestataire.page, demandeId, { price, message: 'Disponible cette semaine.' });
    await prestataire.page.goto('/my/offres');
    await prestataire.page.getByRole('article').filter({ hasText: title }).getByText(fr.m.offre.status.pending, { exact: true }).waitFor();
    return demandeId;
  }

  /** Accepts the prestataire's offre from the demande's page; the payment step opens on the session. */
  async function accept(demandeId: string, amount: string): Promise<string> {
    await demandeur.page.getByRole('button', { name: fr.t('receivedOffres.acceptLabel', { name: PRESTATAIRE, amount }) }).click();
    return sessionIdInUrl(demandeur.page);
  }

  test('Test 1: proposed, accepted once, paid on the checkout; the webhook opens the same /meet/<id> to both, the prestataire following live', { timeout: 300_000 }, async () => {
    const title = 'Cours de guitare pour débutant';
    const amount = '35,00\u00a0€';
    const demandeId = await offreOnNewDemande(title, '35');
    await markPage(prestataire.page);

    // The notification centre: the received offre, announced live on the bell, in its panel.
    await bell(demandeur.page, 'fr', 1).click();
    expect(await stillSamePage(demandeur.page)).toBe(true);
    const panel = demandeur.page.getByRole('region', { name: fr.m.notifications.panelLabel });
    const received = fr.t('notifications.kinds.offre_received', { name: PRESTATAIRE, amount, title });
    await panel.getByRole('link', { name: received }).waitFor();
    expect(await seriousA11yViolations(demandeur.page)).toEqual([]);
    await saveScreenshot(demandeur.page, 'fr-21-notifications');
    // Following it opens the demande and marks it read.
    await panel.getByRole('link', { name: received }).click();
    await demandeur.page.waitForURL(`**/demandes/${demandeId}`);
    await bell(demandeur.page, 'fr', 0).waitFor();

    // Accepted once: the prestataire's screen says so without a reload.
    const meetSessionId = await accept(demandeId, amount);
    await prestataire.page.getByText(fr.m.acceptedOffre.awaitingPayment).waitFor();

    // The payment step: start, then the hosted checkout.
    const modal = demandeur.page.getByRole('dialog', { name: fr.m.payment.modalTitle });
    await modal.getByRole('button', { name: fr.t('payment.pay', { amount }) }).click();
    await modal.getByRole('status').getByText(fr.m.payment.status.requires_payment).waitFor();
    expect(await seriousA11yViolations(demandeur.page)).toEqual([]);
    await saveScreenshot(demandeur.page, 'fr-22-payment-checkout-link');
    await modal.getByRole('link', { name: fr.m.payment.openCheckout }).click();
    await payOnSandboxCheckout(demandeur.page, TEST_CARDS.success);

    // Back in the app, the webhook makes the session ready: the demandeur lands in the call's lobby,
    // which the page shows only for a paid session.
    await demandeur.page.waitForURL((url) => url.pathname === `/meet/${meetSessionId}` && url.search === '');
    await demandeur.page.getByRole('heading', { name: fr.m.meet.lobbyTitle }).waitFor();

    // The prestataire's screen turned to "payment received" live, and leads to the same call.
    const join = prestataire.page.getByRole('link', { name: fr.m.acceptedOffre.paid });
    await join.waitFor();
    expect(await stillSamePage(prestataire.page)).toBe(true);
    await join.click();
    await prestataire.page.waitForURL(`**/meet/${meetSessionId}`);
    await prestataire.page.getByRole('heading', { name: fr.m.meet.lobbyTitle }).waitFor();
    expect(pathOf(prestataire.page)).toBe(pathOf(demandeur.page));
    expect(pathOf(demandeur.page)).toBe(`/meet/${meetSessionId}`);

    // The prestataire's notification centre: accepted, then paid; all marked read at once.
    await bell(prestataire.page, 'fr', 2).waitFor();
    await prestataire.page.goto('/notifications');
    const list = prestataire.page.getByRole('main');
    await list.getByRole('link', { name: fr.t('notifications.kinds.offre_accepted', { title }) }).waitFor();
    await list.getByRole('link', { name: fr.m.notifications.kinds.payment_succeeded }).waitFor();
    expect(await seriousA11yViolations(prestataire.page)).toEqual([]);
    await list.getByRole('button', { name: fr.m.notifications.markAllRead }).click();
    await bell(prestataire.page, 'fr', 0).waitFor();
    expect(await list.getByText(fr.m.notifications.unreadMark, { exact: true }).count()).toBe(0);

    // The demandeur heard of the payment too; the panel marks everything read in one go.
    await bell(demandeur.page, 'fr', 1).click();
    await panel.getByRole('button', { name: fr.m.notifications.markAllRead }).click();
    await bell(demandeur.page, 'fr', 0).waitFor();
  });

  test('a declined card shows the failed state, in French and in English; a retry with the success card opens the call', { timeout: 300_000 }, async () => {
    const amount = '80,00\u00a0€';
    const demandeId = await offreOnNewDemande('Réparer une fuite', '80');
    await demandeur.page.goto(`/demandes/${demandeId}`);
    const meetSessionId = await accept(demandeId, amount);

    const modal = demandeur.page.getByRole('dialog', { name: fr.m.payment.modalTitle });
    await modal.getByRole('button', { name: fr.t('payment.pay', { amount }) }).click();
    await modal.getByRole('link', { name: fr.m.payment.openCheckout }).click();
    await payOnSandboxCheckout(demandeur.page, TEST_CARDS.declined);

    // Back on /meet/<id>?payment=failed: the payment step says so, then the webhook's verdict.
    await modal.getByText(fr.m.payment.returned.failed).waitFor();
    await modal.getByRole('status').getByText(fr.m.payment.status.failed).waitFor();
    expect(await seriousA11yViolations(demandeur.page)).toEqual([]);
    await saveScreenshot(demandeur.page, 'fr-20-payment-failed');

    // The same screen in English.
    await demandeur.page.getByLabel(fr.m.nav.language).selectOption('en');
    const englishModal = demandeur.page.getByRole('dialog', { name: en.m.payment.modalTitle });
    await englishModal.getByRole('status').getByText(en.m.payment.status.failed).waitFor();
    expect(await seriousA11yViolations(demandeur.page)).toEqual([]);
    await saveScreenshot(demandeur.page, 'en-20-payment-failed');

    // A new attempt, paid with the success card, opens the call.
    await englishModal.getByRole('button', { name: en.m.payment.retry }).click();
    await englishModal.getByRole('status').getByText(en.m.payment.status.requires_payment).waitFor();
    await saveScreenshot(demandeur.page, 'en-22-payment-checkout-link');
    await englishModal.getByRole('link', { name: en.m.payment.openCheckout }).click();
    await payOnSandboxCheckout(demandeur.page, TEST_CARDS.success);
    await demandeur.page.waitForURL((url) => url.pathname === `/meet/${meetSessionId}` && url.search === '');
    await demandeur.page.getByRole('heading', { name: en.m.meet.lobbyTitle }).waitFor();

    // The notification centre in English: the received offre and the payment, unread.
    await bell(demandeur.page, 'en', 2).click();
    const panel = demandeur.page.getByRole('region', { name: en.m.notifications.panelLabel });
    const paid = panel.getByRole('link', { name: `${en.m.notifications.unreadMark} ${en.m.notifications.kinds.payment_succeeded}` });
    expect(await paid.getAttribute('href')).toBe(`/meet/${meetSessionId}`);
    expect(await seriousA11yViolations(demandeur.page)).toEqual([]);
    await saveScreenshot(demandeur.page, 'en-21-notifications');
    // Marking one read leaves the other unread.
    await panel.getByRole('button', { name: en.t('notifications.markReadLabel', { sentence: en.m.notifications.kinds.payment_succeeded }) }).click();
    await bell(demandeur.page, 'en', 1).waitFor();
    await demandeur.page.getByLabel(en.m.nav.language).selectOption('fr');
  });

  test('the demandeur cancels a session before the call, after a confirmation; the prestataire sees it live', { timeout: 240_000 }, async () => {
    const demandeId = await offreOnNewDemande('Monter une étagère', '45');
    await demandeur.page.goto(`/demandes/${demandeId}`);
    const meetSessionId = await accept(demandeId, '45,00\u00a0€');
    await prestataire.page.getByText(fr.m.acceptedOffre.awaitingPayment).waitFor();
    await markPage(prestataire.page);

    await demandeur.page.goto(`/sessions/${meetSessionId}`);
    await demandeur.page.getByRole('button', { name: fr.m.session.cancel }).click();
    const confirmation = demandeur.page.getByRole('dialog', { name: fr.m.session.cancelTitle });
    await confirmation.getByText(fr.t('session.cancelBody', { name: PRESTATAIRE })).waitFor();
    expect(await seriousA11yViolations(demandeur.page)).toEqual([]);
    await saveScreenshot(demandeur.page, 'fr-23-cancel-session');
    // Keeping it changes nothing; confirming cancels.
    await confirmation.getByRole('button', { name: fr.m.session.cancelKeep }).click();
    await demandeur.page.getByRole('button', { name: fr.m.session.cancel }).click();
    await confirmation.getByRole('button', { name: fr.m.session.cancelConfirm }).click();
    await demandeur.page.getByText(fr.m.payment.sessionCancelled).waitFor();
    expect(await demandeur.page.getByRole('button', { name: fr.m.session.cancel }).count()).toBe(0);

    await prestataire.page.getByText(fr.m.acceptedOffre.cancelled).waitFor();
    expect(await stillSamePage(prestataire.page)).toBe(true);
    await prestataire.page.getByRole('button', { name: /^Notifications, / }).click();
    const cancelled = prestataire.page
      .getByRole('region', { name: fr.m.notifications.panelLabel })
      .getByRole('link', { name: `${fr.m.notifications.unreadMark} ${fr.m.notifications.kinds.meet_session_cancelled}` });
    expect(await cancelled.getAttribute('href')).toBe(`/sessions/${meetSessionId}`);
  });
});
