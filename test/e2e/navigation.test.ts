/**
 * What a person does besides the happy path: switching language, reloading, the back button,
 * being sent to sign in and back, and reading the server's refusals as sentences.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { authSessions } from '../../src/db/schema.ts';
import { newPerson, PASSWORD, signUpInUi } from './support/browser.ts';
import { createDemandeInUi, demandeWithOffreInUi, sessionIdInUrl, texts } from './support/flows.ts';
import { useServerAndBrowser } from './support/harness.ts';
import { allowConsoleError } from './support/page-problems.ts';

const suite = useServerAndBrowser('pglite');
const person = (options?: Parameters<typeof newPerson>[2]) => newPerson(suite.browser, suite.server.url, options);

const fr = texts('fr');
const en = texts('en');

test('the language switch changes every text and is remembered across reloads', { timeout: 120_000 }, async () => {
  const { context, page } = await person();
  await signUpInUi(page, 'Camille Martin');
  await page.getByRole('heading', { name: fr.m.openDemandes.title }).waitFor();

  await page.getByLabel(fr.m.nav.language).selectOption('en');
  await page.getByRole('heading', { name: en.m.openDemandes.title }).waitFor();
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');

  // English is fetched on demand: on reload it is fetched before the first render, so the page
  // never shows French first (the skip link is the first text of every screen).
  await page.addInitScript((frenchText) => {
    new MutationObserver(() => {
      if (document.body?.textContent?.includes(frenchText)) Object.assign(window, { frenchShown: true });
    }).observe(document, { childList: true, subtree: true, characterData: true });
  }, fr.m.app.skipToContent);
  await page.reload();
  await page.getByRole('heading', { name: en.m.openDemandes.title }).waitFor();
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
  expect(await page.evaluate(() => 'frenchShown' in window)).toBe(false);
  await page.getByRole('link', { name: en.m.nav.myOffres }).click();
  await page.getByRole('heading', { name: en.m.myOffres.title }).waitFor();

  await page.getByLabel(en.m.nav.language).selectOption('fr');
  await page.getByRole('heading', { name: fr.m.myOffres.title }).waitFor();
  await page.reload();
  await page.getByRole('heading', { name: fr.m.myOffres.title }).waitFor();
  await context.close();
});

test('a part of the app that cannot be fetched says so, and the rest keeps working', { timeout: 120_000 }, async () => {
  const { context, page } = await person({ locale: 'en' });
  await signUpInUi(page, 'Camille Martin', 'en');
  // Offline, or a new release replaced the chunks: the call screen and the notification list cannot be fetched.
  await page.route(/\/assets\/(MeetPage|NotificationList)-[\w-]+\.js$/, (route) => route.abort('internetdisconnected'));
  const cut = 'the test cuts these two chunks off';
  allowConsoleError(/^Failed to load resource: net::ERR_INTERNET_DISCONNECTED \(at http:\/\/127\.0\.0\.1:\d+\/assets\/(MeetPage|NotificationList)-[\w-]+\.js\)$/, `${cut}: Chromium logs the failed loads`);
  allowConsoleError(
    /^TypeError: Failed to fetch dynamically imported module: http:\/\/127\.0\.0\.1:\d+\/assets\/(MeetPage|NotificationList)-[\w-]+\.js /,
    `${cut}: React reports the error its boundary caught (and the app shows) with console.error`,
  );

  await page.getByRole('button', { name: en.t('notifications.bellLabel', { unread: en.m.notifications.unread.none }) }).click();
  await page.getByRole('region', { name: en.m.notifications.panelLabel }).getByRole('alert').getByText(en.m.app.renderFailed).waitFor();
  await page.keyboard.press('Escape');

  await page.goto(`/meet/${randomUUID()}`);
  await page.getByRole('main').getByRole('alert').getByText(en.m.app.renderFailed).waitFor();
  await page.getByRole('button', { name: en.m.app.reload }).waitFor();
  await page.getByRole('link', { name: en.m.nav.myOffres }).click();
  await page.getByRole('heading', { name: en.m.myOffres.title }).waitFor();
  expect(await page.getByText(en.m.app.renderFailed).count()).toBe(0);
  await context.close();
});

test('English that cannot be fetched leaves the app in French rather than blank', { timeout: 120_000 }, async () => {
  const { context, page } = await person({ locale: 'en' });
  await page.route(/\/assets\/en-[\w-]+\.js$/, (route) => route.abort('internetdisconnected'));
  allowConsoleError(/^Failed to load resource: net::ERR_INTERNET_DISCONNECTED \(at http:\/\/127\.0\.0\.1:\d+\/assets\/en-[\w-]+\.js\)$/, 'the test cuts the English chunk off: Chromium logs the failed load');
  await page.goto('/sign-in');
  await page.getByRole('heading', { name: fr.m.auth.signInTitle }).waitFor();
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
  await context.close();
});

test('reload and the back button work on routes and on the modals kept in the URL', { timeout: 120_000 }, async () => {
  const { context, page } = await person();
  await signUpInUi(page, 'Camille Martin');
  const title = 'Repeindre une chambre';
  const demandeId = await createDemandeInUi(page, { title, description: 'Douze mètres carrés.' });

  await page.goto(`/demandes/${demandeId}`);
  await page.reload();
  await page.getByRole('heading', { name: title, level: 1 }).waitFor();

  await page.goto('/my/demandes');
  await page.getByRole('button', { name: fr.t('myDemandes.seeReceivedFor', { title }) }).click();
  const modal = page.getByRole('dialog', { name: fr.t('receivedOffres.modalTitle', { title }) });
  await modal.getByText(fr.m.receivedOffres.empty).waitFor();
  expect(new URL(page.url()).searchParams.get('offres')).toBe(demandeId);

  await page.reload();
  await modal.getByText(fr.m.receivedOffres.empty).waitFor();
  await page.goBack();
  await page.waitForURL((url) => url.pathname === '/my/demandes' && !url.searchParams.has('offres'));
  await modal.waitFor({ state: 'detached' });

  // Closing a modal is going back: the next back leaves the screen.
  await page.goForward();
  await modal.waitFor();
  await page.keyboard.press('Escape');
  await modal.waitFor({ state: 'detached' });
  await page.waitForURL((url) => url.pathname === '/my/demandes' && !url.searchParams.has('offres'));
  await page.goBack();
  await page.waitForURL(`**/demandes/${demandeId}`);
  await page.getByRole('heading', { name: title, level: 1 }).waitFor();

  // A modal reached by a link (no entry under it) closes in place.
  await page.goto(`/my/demandes?offres=${demandeId}`);
  await page.getByRole('button', { name: fr.m.app.close }).click();
  await modal.waitFor({ state: 'detached' });
  await page.waitForURL((url) => url.pathname === '/my/demandes' && !url.searchParams.has('offres'));
  await context.close();
});

test('a signed-out visitor is sent to sign in, then back to the screen they asked for', { timeout: 120_000 }, async () => {
  const first = await person();
  const email = await signUpInUi(first.page, 'Hugo Lefèvre');
  await first.context.close();

  const { context, page } = await person();
  await page.goto('/my/offres');
  await page.waitForURL(/\/sign-in\?next=%2Fmy%2Foffres$/);
  await page.getByLabel(fr.m.auth.email).fill(email);
  await page.getByLabel(fr.m.auth.password).fill(PASSWORD);
  await page.getByRole('button', { name: fr.m.auth.signInSubmit }).click();
  await page.waitForURL('**/my/offres');
  await page.getByRole('heading', { name: fr.m.myOffres.title }).waitFor();
  await context.close();
});

test("the server's refusals and the form checks read as sentences in the UI's language", { timeout: 120_000 }, async () => {
  const existing = await person();
  const email = await signUpInUi(existing.page, 'Léa Dubois');
  await existing.context.close();

  // Refusals provoked on purpose; Chromium logs each 4xx answer as a failed resource load.
  allowConsoleError(/^Failed to load resource: the server responded with a status of 401 \(Unauthorized\) \(at http:\/\/127\.0\.0\.1:\d+\/api\/auth\/login\)$/, 'a wrong password, refused');
  allowConsoleError(/^Failed to load resource: the server responded with a status of 409 \(Conflict\) \(at http:\/\/127\.0\.0\.1:\d+\/api\/auth\/register\)$/, 'an email already taken, refused');
  const { context, page } = await person({ locale: 'en' });
  await page.goto('/sign-in');
  await page.getByLabel(en.m.auth.email).fill(email);
  await page.getByLabel(en.m.auth.password).fill('not the password');
  await page.getByRole('button', { name: en.m.auth.signInSubmit }).click();
  await page.getByRole('alert').getByText(en.m.errors.INVALID_CREDENTIALS).waitFor();

  await page.goto('/sign-up');
  await page.getByLabel(en.m.auth.displayName).fill('Léa');
  await page.getByLabel(en.m.auth.email).fill(email);
  await page.getByLabel(en.m.auth.password, { exact: true }).fill('short');
  await page.getByRole('button', { name: en.m.auth.signUpSubmit }).click();
  await page.getByText(en.t('validation.tooShort', { min: 10 })).waitFor();

  await page.getByLabel(en.m.auth.password, { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: en.m.auth.signUpSubmit }).click();
  await page.getByRole('alert').getByText(en.m.errors.EMAIL_TAKEN).waitFor();
  await context.close();
});

test('the accept button is disabled while its request is in flight: a double click sends one request', { timeout: 120_000 }, async () => {
  const { demandeur, prestataire, demandeId } = await demandeWithOffreInUi(suite.browser, suite.server.url, {
    demandeur: 'Camille Martin',
    prestataire: 'Hugo Lefèvre',
    demande: { title: 'Tailler une haie', description: 'Vingt mètres de thuyas.' },
    offre: { price: '150', message: 'Samedi matin.' },
  });
  let acceptRequests = 0;
  let answer: () => void = () => {};
  const answered = new Promise<void>((resolve) => (answer = resolve));
  await demandeur.page.route('**/api/offres/*/accept', async (route) => {
    acceptRequests++;
    await answered;
    await route.continue();
  });

  await demandeur.page.goto(`/demandes/${demandeId}`);
  const accept = demandeur.page.getByRole('button', { name: fr.t('receivedOffres.acceptLabel', { name: 'Hugo Lefèvre', amount: '150,00\u00a0€' }) });
  await accept.dblclick();
  await expect.poll(() => accept.isDisabled()).toBe(true);
  await accept.getByText(fr.m.receivedOffres.accepting).waitFor();
  answer();
  await sessionIdInUrl(demandeur.page);
  expect(acceptRequests).toBe(1);
  await Promise.all([demandeur.context.close(), prestataire.context.close()]);
});

/** Resolves once `page`'s next WebSocket has its subscriptions confirmed (listening from before it opens). */
function liveSubscriptions(page: Page): Promise<void> {
  return new Promise((resolve) =>
    page.once('websocket', (socket) =>
      socket.on('framereceived', (frame) => {
        if (String(frame.payload).includes('"subscribed"')) resolve();
      }),
    ),
  );
}

test('signing out in one tab signs the other tabs out at once, without a reload', { timeout: 120_000 }, async () => {
  const { context, page: signingOut } = await person();
  await signUpInUi(signingOut, 'Camille Martin');
  const otherTab = await context.newPage();
  const listening = liveSubscriptions(otherTab);
  await otherTab.goto('/my/offres');
  await otherTab.getByRole('heading', { name: fr.m.myOffres.title }).waitFor();
  await listening;
  await otherTab.evaluate(() => Object.assign(window, { sameDocument: true }));

  await signingOut.getByRole('button', { name: fr.m.nav.signOut }).click();
  await otherTab.getByRole('heading', { name: fr.m.auth.signInTitle }).waitFor({ timeout: 10_000 });
  // Sent to sign in, and brought back to where it was afterwards.
  expect(new URL(otherTab.url()).pathname).toBe('/sign-in');
  expect(new URL(otherTab.url()).searchParams.get('next')).toBe('/my/offres');
  expect(await otherTab.evaluate(() => 'sameDocument' in window)).toBe(true);
  await context.close();
});

test('a tab cut off while its session ended finds out when it reconnects, and goes to sign in', { timeout: 120_000 }, async () => {
  const { context, page } = await person();
  await signUpInUi(page, 'Camille Martin');
  // The tab's socket goes through a proxy this test can cut, as a network would.
  const cuts: (() => Promise<void>)[] = [];
  await page.routeWebSocket(/\/ws$/, (socket) => {
    socket.connectToServer();
    cuts.push(() => socket.close({ code: 1001, reason: 'Cut.' }));
  });
  const listening = liveSubscriptions(page);
  await page.goto('/my/offres');
  await listening;

  // The session ends while the tab hears nothing (asleep, offline): no close 4401 reaches it.
  await suite.server.database.db.delete(authSessions);
  await cuts.at(-1)!();
  await page.getByRole('heading', { name: fr.m.auth.signInTitle }).waitFor({ timeout: 15_000 });
  expect(new URL(page.url()).searchParams.get('next')).toBe('/my/offres');
  await context.close();
});
