import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT } from '../../../src/server/web-build.ts';
import { failOnPageProblems } from './page-problems.ts';

/** The launch arguments every browser test uses (the call tests add fake media devices). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

export const launchBrowser = (): Promise<Browser> => chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });

export type Locale = 'fr' | 'en';

/** One person's browser: a context of their own (own cookies), in their language, phone-sized or not. */
export async function newPerson(browser: Browser, baseURL: string, options: { locale?: Locale; phone?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const locale = options.locale ?? 'fr';
  const context = await browser.newContext({
    baseURL,
    locale: locale === 'fr' ? 'fr-FR' : 'en-GB',
    viewport: options.phone ? { width: 390, height: 844 } : { width: 1280, height: 860 },
  });
  failOnPageProblems(context);
  // The app remembers the chosen language in localStorage; a person starts in theirs.
  await context.addInitScript((chosen) => {
    // A new tab is about:blank until its first `goto`: no storage there (reading it throws).
    if (location.protocol !== 'http:') return;
    if (!localStorage.getItem('accord.locale')) localStorage.setItem('accord.locale', chosen);
  }, locale);
  return { context, page: await context.newPage() };
}

let people = 0;
export const PASSWORD = 'correct horse battery';

/** Creates an account through the sign-up screen and lands on the open demandes. */
export async function signUpInUi(page: Page, displayName: string, locale: Locale = 'fr'): Promise<string> {
  const email = `${displayName.toLowerCase().replace(/\W+/g, '-')}-${process.pid}-${++people}@e2e.accord`;
  const text = locale === 'fr' ? { name: 'Nom affiché', email: 'Adresse e-mail', password: 'Mot de passe', submit: 'Créer mon compte' } : { name: 'Display name', email: 'Email address', password: 'Password', submit: 'Create my account' };
  await page.goto('/sign-up');
  await page.getByLabel(text.name).fill(displayName);
  await page.getByLabel(text.email).fill(email);
  await page.getByLabel(text.password, { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: text.submit }).click();
  await page.waitForURL(/\/demandes$/);
  return email;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** axe-core on the page as it is now: the serious and critical violations (expected: none). */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the app's CSP (script-src 'self') rightly refuses
  // an injected <script>, and the audit must run against the page as served, CSP included.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run(document)).violations;
  });
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((node) => JSON.stringify(node.target)).join(', ')}`);
}

/**
 * Where `saveScreenshot` writes: `test-results/screenshots` (ignored by git) on every run, so a
 * test run leaves the tracked tree alone; `npm run screenshots` points it at `docs/screenshots`
 * (SCREENSHOTS_DIR, relative to the repository) to refresh the committed ones.
 */
const SCREENSHOTS = join(REPO_ROOT, process.env.SCREENSHOTS_DIR ?? join('test-results', 'screenshots'));

/** Saves what the page shows now (the committed copies illustrate the README and docs/web.md). */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });
}
