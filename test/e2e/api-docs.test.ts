/**
 * The API's browsable documentation works under the app's CSP (script-src 'self', no inline
 * style): a blocked script or style is a console error, which fails the test (page-problems.ts).
 */
import { expect, test } from 'vitest';
import { newPerson, saveScreenshot } from './support/browser.ts';
import { useServerAndBrowser } from './support/harness.ts';

const suite = useServerAndBrowser('pglite');

test('/api/docs shows every operation of /api/openapi.json, and can try one', { timeout: 120_000 }, async () => {
  const { context, page } = await newPerson(suite.browser, suite.server.url);
  await page.goto(`${suite.server.url}/api/docs`);
  await page.getByText('Accept an offre: one meet session, the same on every repeat').waitFor();
  const documented = Object.values((await (await fetch(`${suite.server.url}/api/openapi.json`)).json()).paths as Record<string, object>).flatMap(Object.keys).length;
  expect(await page.locator('.opblock').count()).toBe(documented);

  // "Try it out" against the running server: the liveness check answers.
  await page.locator('#operations-operations-getApiHealth').click();
  await page.getByRole('button', { name: 'Try it out' }).click();
  await page.getByRole('button', { name: 'Execute' }).click();
  await page.locator('#operations-operations-getApiHealth .live-responses-table .response-col_status').filter({ hasText: '200' }).first().waitFor();
  await saveScreenshot(page, 'api-docs');
  await context.close();
});
