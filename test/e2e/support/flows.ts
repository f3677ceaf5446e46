import type { Browser, BrowserContext, Page } from 'playwright-core';
import { en } from '../../../src/web/i18n/en.ts';
import { fr } from '../../../src/web/i18n/fr.ts';
import { translate, type MessageKey, type Messages, type Params } from '../../../src/web/i18n/messages.ts';
import { newPerson, signUpInUi, type Locale } from './browser.ts';

/** The app's own texts, so the tests find controls by the names a person sees in each language. */
export function texts(locale: Locale): { m: Messages; t(key: MessageKey, params?: Params): string } {
  const m = locale === 'fr' ? fr : en;
  return { m, t: (key, params) => translate(m, key, params) };
}

/** Posts a demande from "my demandes" and returns its id. */
export async function createDemandeInUi(page: Page, demande: { title: string; description: string; budget?: string }, locale: Locale = 'fr'): Promise<string> {
  const { m, t } = texts(locale);
  await page.goto('/my/demandes');
  await page.getByLabel(m.createDemande.titleField).fill(demande.title);
  await page.getByLabel(m.createDemande.description).fill(demande.description);
  if (demande.budget) await page.getByLabel(m.createDemande.budget).fill(demande.budget);
  await page.getByRole('button', { name: m.createDemande.submit }).click();
  await page.getByRole('status').filter({ hasText: t('createDemande.created', { title: demande.title }) }).waitFor();
  const href = await page.getByRole('link', { name: demande.title, exact: true }).getAttribute('href');
  return href!.split('/').pop()!;
}

/** Proposes an offre from the demande's page. */
export async function proposeOffreInUi(page: Page, demandeId: string, offre: { price: string; message: string }, locale: Locale = 'fr'): Promise<void> {
  const { m } = texts(locale);
  await page.goto(`/demandes/${demandeId}`);
  await page.getByLabel(m.proposeOffre.price).fill(offre.price);
  await page.getByLabel(m.proposeOffre.message).fill(offre.message);
  await page.getByRole('button', { name: m.proposeOffre.submit }).click();
  await page.getByRole('heading', { name: m.demandePage.yourOffres }).waitFor();
}

/** The `?session=<meetSessionId>` the payment step puts in the URL after an acceptance. */
export async function sessionIdInUrl(page: Page): Promise<string> {
  await page.waitForURL(/[?&]session=[0-9a-f-]{36}/);
  return new URL(page.url()).searchParams.get('session')!;
}

export interface Person {
  context: BrowserContext;
  page: Page;
}

/** Two people, each in their browser: the demandeur posted a demande, the prestataire offered on it. */
export async function demandeWithOffreInUi(
  browser: Browser,
  baseURL: string,
  deal: { demandeur: string; prestataire: string; demande: { title: string; description: string }; offre: { price: string; message: string } },
): Promise<{ demandeur: Person; prestataire: Person; demandeId: string }> {
  const [demandeur, prestataire] = await Promise.all([newPerson(browser, baseURL), newPerson(browser, baseURL)]);
  await Promise.all([signUpInUi(demandeur.page, deal.demandeur), signUpInUi(prestataire.page, deal.prestataire)]);
  const demandeId = await createDemandeInUi(demandeur.page, deal.demande);
  await proposeOffreInUi(prestataire.page, demandeId, deal.offre);
  return { demandeur, prestataire, demandeId };
}

/** Accepts a prestataire's offre from the demande's page; returns the meet session the payment step opened. */
export async function acceptOnDemandePage(page: Page, demandeId: string, offre: { prestataire: string; amount: string }): Promise<string> {
  await page.goto(`/demandes/${demandeId}`);
  await page.getByRole('button', { name: texts('fr').t('receivedOffres.acceptLabel', { name: offre.prestataire, amount: offre.amount }) }).click();
  return sessionIdInUrl(page);
}

/**
 * A tab of the person's whose live link is down (its `/ws` answers nothing): it keeps showing
 * what it loaded, as a tab cut from the network would, so what the server refuses can be tested.
 */
export async function tabWithoutLiveUpdates(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.routeWebSocket(/\/ws$/, () => {});
  return page;
}

export const TEST_CARDS = { success: '4242 4242 4242 4242', declined: '4000 0000 0000 0002' };

/**
 * Pays on the sandbox's hosted checkout (French, its default) with a test card; it sends the payer
 * back to `/meet/<id>?payment=…`, which the app may already have left for the call itself.
 */
export async function payOnSandboxCheckout(page: Page, card: string): Promise<void> {
  await page.waitForURL(/\/sandbox\/checkout\//);
  await page.getByLabel('Numéro de carte').fill(card);
  await page.getByLabel('Date d’expiration (MM/AA)').fill('12/34');
  await page.getByLabel('Cryptogramme (CVC)').fill('123');
  await page.getByRole('button', { name: /^Payer / }).click();
  await page.waitForURL(/\/meet\/[0-9a-f-]{36}/);
}

/** Marks the page so that a later `stillSamePage` tells whether it was ever reloaded or left. */
export const markPage = (page: Page) => page.evaluate(() => ((window as unknown as { accordMark: boolean }).accordMark = true));
export const stillSamePage = (page: Page) => page.evaluate(() => (window as unknown as { accordMark?: boolean }).accordMark === true);
