import { Validator } from '@seriousme/openapi-schema-validator';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, createTestApp, demandeWithOffres, signUp, type Client, type TestApp } from '../../test/support/app.ts';
import { ContractChecker } from '../../test/support/openapi.ts';
import { registeredRoutes } from '../../test/reliability/routes.ts';

const contract = new ContractChecker();

describe('the OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite');
  });
  afterAll(() => t.close());

  it('is served at /api/openapi.json and is valid OpenAPI 3.1 (@seriousme/openapi-schema-validator)', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toBe('3.1.0');
    const result = await new Validator().validate(document);
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 2)).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('documents every route the app registers, and no other', () => {
    const documented = Object.entries(contract.document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    expect(documented.sort()).toEqual(registeredRoutes(t.app));
  });

  it('has a browsable page, whose files are all the app’s own (the CSP allows no inline script)', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.body).not.toMatch(/<script>|<style|style=/);
    for (const [, url] of page.body.matchAll(/(?:src|href)="(\/[^"]+)"/g)) {
      expect((await t.app.inject({ method: 'GET', url: url! })).statusCode, url).toBe(200);
    }
  });
});

describe('HTTP answers match the OpenAPI document (pglite)', () => {
  let t: TestApp;
  let camille: Client;
  let hugo: Client;
  let lea: Client;
  beforeAll(async () => {
    t = await createTestApp('pglite');
    [camille, hugo, lea] = [await signUp(t.app, 'Camille'), await signUp(t.app, 'Hugo'), await signUp(t.app, 'Léa')];
  });
  afterAll(() => t.close());

  /** Sends as `who`, checks the answer against the document, returns it. */
  const call = async (who: Client, method: 'GET' | 'POST', pattern: string, url: string, payload?: unknown) => {
    const response = await who.request(method, url, payload);
    contract.check(method, pattern, response);
    return response;
  };

  it('the deal, from sign-up to the meet session and its payment, and the refusals on the way', async () => {
    const visitor = anonymous(t.app);
    await call(visitor, 'GET', '/api/health', '/api/health');
    await call(visitor, 'POST', '/api/auth/register', '/api/auth/register', { email: `new-${randomUUID()}@test.accord`, password: 'correct horse battery', displayName: 'Nina' });
    await call(visitor, 'POST', '/api/auth/register', '/api/auth/register', { email: 'not an email', password: 'short', displayName: '' });
    await call(visitor, 'POST', '/api/auth/login', '/api/auth/login', { email: camille.user.email, password: 'correct horse battery' });
    await call(visitor, 'POST', '/api/auth/login', '/api/auth/login', { email: camille.user.email, password: 'wrong password' });
    await call(visitor, 'GET', '/api/me', '/api/me');
    await call(camille, 'GET', '/api/me', '/api/me');

    const created = await call(camille, 'POST', '/api/demandes', '/api/demandes', { title: 'Cours de guitare', description: 'Débutant.', budgetCents: 4000 });
    const demandeId: string = created.json().demande.id;
    await call(camille, 'POST', '/api/demandes', '/api/demandes', { title: '' });
    await call(camille, 'GET', '/api/demandes', '/api/demandes?scope=mine');
    await call(hugo, 'GET', '/api/demandes', '/api/demandes');
    await call(hugo, 'GET', '/api/demandes/:id', `/api/demandes/${demandeId}`);
    await call(hugo, 'GET', '/api/demandes/:id', `/api/demandes/${randomUUID()}`);

    const offre = await call(hugo, 'POST', '/api/demandes/:id/offres', `/api/demandes/${demandeId}/offres`, { priceCents: 3500, message: 'Avec plaisir.' });
    await call(hugo, 'POST', '/api/demandes/:id/offres', `/api/demandes/${demandeId}/offres`, { priceCents: 3600, message: 'Encore.' });
    const rival = await call(lea, 'POST', '/api/demandes/:id/offres', `/api/demandes/${demandeId}/offres`, { priceCents: 3000, message: 'Moi aussi.' });
    const offreId: string = offre.json().offre.id;
    await call(camille, 'GET', '/api/demandes/:id/offres', `/api/demandes/${demandeId}/offres`);
    await call(hugo, 'GET', '/api/me/offres', '/api/me/offres');
    await call(hugo, 'POST', '/api/offres/:id/accept', `/api/offres/${offreId}/accept`);

    const accepted = await call(camille, 'POST', '/api/offres/:id/accept', `/api/offres/${offreId}/accept`);
    await call(camille, 'POST', '/api/offres/:id/accept', `/api/offres/${offreId}/accept`);
    await call(camille, 'POST', '/api/offres/:id/accept', `/api/offres/${rival.json().offre.id}/accept`);
    await call(camille, 'POST', '/api/demandes/:id/cancel', `/api/demandes/${demandeId}/cancel`);
    const meetSessionId: string = accepted.json().meetSessionId;
    await call(hugo, 'POST', '/api/offres/:id/withdraw', `/api/offres/${offreId}/withdraw`);

    await call(camille, 'GET', '/api/meet-sessions/:id', `/api/meet-sessions/${meetSessionId}`);
    await call(hugo, 'GET', '/api/meet-sessions/:id/timeline', `/api/meet-sessions/${meetSessionId}/timeline`);
    await call(lea, 'GET', '/api/meet-sessions/:id', `/api/meet-sessions/${meetSessionId}`);
    await call(camille, 'GET', '/api/meet-sessions/:id/ice', `/api/meet-sessions/${meetSessionId}/ice`);
    await call(camille, 'POST', '/api/meet-sessions/:id/payment', `/api/meet-sessions/${meetSessionId}/payment`);
    await call(hugo, 'POST', '/api/meet-sessions/:id/payment', `/api/meet-sessions/${meetSessionId}/payment`);
    await call(camille, 'GET', '/api/meet-sessions/:id', `/api/meet-sessions/${meetSessionId}`);
    await call(camille, 'GET', '/api/meet-sessions/:id/review', `/api/meet-sessions/${meetSessionId}/review`);
    await call(camille, 'POST', '/api/meet-sessions/:id/review', `/api/meet-sessions/${meetSessionId}/review`, { rating: 9 });

    const notifications = await call(hugo, 'GET', '/api/notifications', '/api/notifications');
    const notificationId: string = notifications.json().notifications[0].id;
    await call(hugo, 'POST', '/api/notifications/:id/read', `/api/notifications/${notificationId}/read`);
    await call(camille, 'POST', '/api/notifications/:id/read', `/api/notifications/${notificationId}/read`);
    await call(hugo, 'POST', '/api/notifications/read-all', '/api/notifications/read-all');
    await call(camille, 'POST', '/api/meet-sessions/:id/cancel', `/api/meet-sessions/${meetSessionId}/cancel`);
    await call(camille, 'POST', '/api/auth/logout', '/api/auth/logout');
    await call(camille, 'GET', '/ws', '/ws');
    await call(visitor, 'GET', '/metrics', '/metrics');

    // The main routes' answers, good and bad, were all checked.
    expect([...contract.covered].sort()).toEqual(
      expect.arrayContaining([
        'POST /api/auth/register 201',
        'POST /api/auth/register 400',
        'POST /api/auth/login 401',
        'GET /api/me 401',
        'POST /api/demandes 201',
        'GET /api/demandes/:id 404',
        'POST /api/demandes/:id/offres 201',
        'POST /api/demandes/:id/offres 409',
        'POST /api/offres/:id/accept 200',
        'POST /api/offres/:id/accept 403',
        'POST /api/offres/:id/accept 409',
        'GET /api/meet-sessions/:id 200',
        'GET /api/meet-sessions/:id 404',
        'POST /api/meet-sessions/:id/payment 200',
        'POST /api/meet-sessions/:id/payment 403',
        'GET /api/notifications 200',
        'POST /api/meet-sessions/:id/cancel 200',
      ]),
    );
  });
});
