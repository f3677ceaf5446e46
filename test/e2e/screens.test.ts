/**
 * Every screen, in French and in English: its texts come from the language's file, axe-core finds
 * no serious or critical violation, and a screenshot is saved to docs/screenshots/ for the README.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { newPerson, saveScreenshot, seriousA11yViolations, signUpInUi, type Locale } from './support/browser.ts';
import { createDemandeInUi, proposeOffreInUi, sessionIdInUrl, texts } from './support/flows.ts';
import { useServerAndBrowser } from './support/harness.ts';

const suite = useServerAndBrowser('pglite');

describe.each<Locale>(['fr', 'en'])('every screen in %s', (locale) => {
  const { m, t } = texts(locale);
  let shot = 0;

  /** The screen is there (its heading), accessible, and photographed. */
  async function checkScreen(page: Page, name: string, heading: string) {
    await page.getByRole('heading', { name: heading, exact: true }).first().waitFor();
    await page.getByRole('status').filter({ hasText: m.app.loading }).waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale);
    expect(await seriousA11yViolations(page), `${name} in ${locale}`).toEqual([]);
    await saveScreenshot(page, `${locale}-${String(++shot).padStart(2, '0')}-${name}`);
  }

  test('screens of a demandeur and a prestataire, from sign-up to the call page', { timeout: 240_000 }, async () => {
    const demandeur = await newPerson(suite.browser, suite.server.url, { locale });
    const prestataire = await newPerson(suite.browser, suite.server.url, { locale });

    await demandeur.page.goto('/sign-in');
    await checkScreen(demandeur.page, 'sign-in', m.auth.signInTitle);
    await demandeur.page.goto('/sign-up');
    await checkScreen(demandeur.page, 'sign-up', m.auth.signUpTitle);

    await signUpInUi(demandeur.page, 'Camille Martin', locale);
    await signUpInUi(prestataire.page, 'Hugo Lefèvre', locale);
    const title = locale === 'fr' ? 'Cours de guitare pour débutant' : 'Guitar lesson for a beginner';
    const demandeId = await createDemandeInUi(demandeur.page, { title, description: locale === 'fr' ? 'Une heure en visio, cette semaine.' : 'One hour by video, this week.', budget: '40' }, locale);
    await checkScreen(demandeur.page, 'my-demandes', m.myDemandes.title);

    await prestataire.page.goto('/demandes');
    await prestataire.page.getByRole('link', { name: title }).waitFor();
    await checkScreen(prestataire.page, 'open-demandes', m.openDemandes.title);
    await prestataire.page.getByRole('link', { name: title }).click();
    await checkScreen(prestataire.page, 'demande-propose-offre', m.proposeOffre.title);
    await proposeOffreInUi(prestataire.page, demandeId, { price: locale === 'fr' ? '35,50' : '35.50', message: locale === 'fr' ? 'Guitariste depuis 15 ans.' : 'Guitarist for 15 years.' }, locale);
    await prestataire.page.goto('/my/offres');
    await prestataire.page.getByRole('link', { name: t('offre.onDemande', { title }) }).waitFor();
    await checkScreen(prestataire.page, 'my-offres', m.myOffres.title);

    const amount = locale === 'fr' ? '35,50\u00a0€' : '€35.50';
    const acceptLabel = t('receivedOffres.acceptLabel', { name: 'Hugo Lefèvre', amount });
    await demandeur.page.goto(`/demandes/${demandeId}`);
    await demandeur.page.getByRole('button', { name: acceptLabel }).waitFor();
    await checkScreen(demandeur.page, 'demande-received-offres', m.demandePage.receivedTitle);

    await demandeur.page.goto('/my/demandes');
    await demandeur.page.getByRole('button', { name: t('myDemandes.seeReceivedFor', { title }) }).click();
    const modal = demandeur.page.getByRole('dialog', { name: t('receivedOffres.modalTitle', { title }) });
    await modal.getByRole('button', { name: acceptLabel }).waitFor();
    await checkScreen(demandeur.page, 'received-offres-modal', t('receivedOffres.modalTitle', { title }));

    await modal.getByRole('button', { name: acceptLabel }).click();
    const meetSessionId = await sessionIdInUrl(demandeur.page);
    const payment = demandeur.page.getByRole('dialog', { name: m.payment.modalTitle });
    await payment.getByRole('button', { name: t('payment.pay', { amount }) }).waitFor();
    await checkScreen(demandeur.page, 'payment-status-modal', m.payment.modalTitle);

    await prestataire.page.goto('/my/offres');
    await prestataire.page.getByText(m.acceptedOffre.awaitingPayment).waitFor();
    await checkScreen(prestataire.page, 'my-offres-accepted', m.myOffres.title);

    await demandeur.page.goto(`/sessions/${meetSessionId}`);
    await demandeur.page.getByText(t('timeline.offre_accepted', { actor: 'Camille Martin' })).waitFor();
    await checkScreen(demandeur.page, 'session-timeline', t('session.title', { name: 'Hugo Lefèvre' }));

    await prestataire.page.goto(`/meet/${meetSessionId}`);
    await prestataire.page.getByText(m.meet.locked).waitFor();
    await checkScreen(prestataire.page, 'meet', t('meet.title', { name: 'Camille Martin' }));

    await prestataire.page.goto('/no/such/page');
    await checkScreen(prestataire.page, 'not-found', m.app.notFoundTitle);

    // Phone-sized: the busiest screen still works and stays accessible.
    const phone = await newPerson(suite.browser, suite.server.url, { locale, phone: true });
    await phone.context.addCookies(await demandeur.context.cookies());
    await phone.page.goto(`/demandes/${demandeId}`);
    await phone.page.getByRole('button', { name: t('receivedOffres.followPaymentLabel', { name: 'Hugo Lefèvre' }) }).waitFor();
    await checkScreen(phone.page, 'phone-demande', title);
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    await prestataire.page.goto('/notifications');
    await prestataire.page.getByRole('link', { name: t('notifications.kinds.offre_accepted', { title }) }).waitFor();
    await checkScreen(prestataire.page, 'notifications', m.notifications.title);

    await Promise.all([demandeur.context.close(), prestataire.context.close(), phone.context.close()]);
  });
});
