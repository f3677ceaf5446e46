/**
 * The prestataire's "Mes offres" in a real browser: its one list request brings each offre's
 * demande, so the screen asks nothing per demande however many offres it lists.
 */
import { expect, test } from 'vitest';
import { HttpClient } from '../support/http.ts';
import { newPerson } from './support/browser.ts';
import { texts } from './support/flows.ts';
import { useServerAndBrowser } from './support/harness.ts';

const suite = useServerAndBrowser('pglite');
const { m, t } = texts('fr');

test('"Mes offres" titles every offre from its one list request, with no request per demande', { timeout: 120_000 }, async () => {
  const camille = await HttpClient.signUp(suite.server.url, 'Camille Martin');
  const hugo = await HttpClient.signUp(suite.server.url, 'Hugo Lefèvre');
  const titles = ['Tailler une haie', 'Repeindre un volet', 'Monter une étagère', 'Changer un robinet', 'Poser une tringle'];
  const demandeIds: string[] = [];
  for (const title of titles) {
    const demandeId = (await camille.post('/api/demandes', { title, description: 'Ce week-end.' })).body.demande.id;
    expect((await hugo.post(`/api/demandes/${demandeId}/offres`, { priceCents: 6000, message: 'Disponible samedi.' })).status).toBe(201);
    demandeIds.push(demandeId);
  }
  // A cancelled demande still titles the offre it refused: the offre is still Hugo's.
  const cancelled = { id: demandeIds[0]!, title: titles[0]! };
  expect((await camille.post(`/api/demandes/${cancelled.id}/cancel`)).status).toBe(200);

  const { context, page } = await newPerson(suite.browser, suite.server.url);
  const [name, value] = hugo.cookie!.split('=') as [string, string];
  await context.addCookies([{ name, value, url: suite.server.url }]);
  const apiRequests: string[] = [];
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith('/api/')) apiRequests.push(`${request.method()} ${pathname}`);
  });

  await page.goto('/my/offres');
  for (const title of titles) await page.getByRole('link', { name: t('offre.onDemande', { title }) }).waitFor();
  expect(await page.getByRole('status').filter({ hasText: m.app.loading }).count()).toBe(0);
  expect(apiRequests).toContain('GET /api/me/offres');
  expect(apiRequests.filter((request) => request.includes('/api/demandes'))).toEqual([]);

  // The title links to the demande's page, which its prestataire may still open.
  await page.getByRole('link', { name: t('offre.onDemande', { title: cancelled.title }) }).click();
  await page.waitForURL(`**/demandes/${cancelled.id}`);
  await page.getByRole('heading', { name: cancelled.title, level: 1 }).waitFor();
  await context.close();
});
