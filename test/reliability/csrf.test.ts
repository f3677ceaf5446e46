import { describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { fingerprintTables } from '../support/db-fingerprint.ts';
import { throwawaySessionCookie } from '../support/sessions.ts';
import { MATRIX_BODIES } from './authorization-matrix.ts';
import { usePopulatedApp, type Population } from './populate.ts';
import { fillPath, routeKey, ROUTES, type IdKind, type RouteSpec } from './routes.ts';

/** What a browser sends on a request another site triggers (a form post, a fetch from evil.example…). */
const CROSS_SITE_HEADERS: Record<string, string>[] = [
  { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
  { origin: 'https://evil.example' },
  { origin: 'null' },
  { origin: 'http://localhost:3000.evil.example' },
  { 'sec-fetch-site': 'cross-site' },
];

/** Every route that changes state and is called by browsers (server-to-server webhooks are signed instead). */
const STATE_CHANGING = ROUTES.filter((route) => route.method !== 'GET' && !route.serverToServer);

describe.each(DATABASE_KINDS)('CSRF (Origin check) on %s', (kind) => {
  let t: TestApp;
  let p: Population;
  usePopulatedApp(kind, (app, population) => void ([t, p] = [app, population]));

  async function send(route: RouteSpec, headers: Record<string, string>) {
    const ids: Record<IdKind, string> = {
      demande: p.openDemandeId,
      offre: p.pendingOffreId,
      meetSession: p.meetSessionId,
      notification: p.notificationId,
      payment: p.openPaymentId,
      provider: 'sandbox',
    };
    const id = route.id && ids[route.id];
    const cookie = route.endsSession ? await throwawaySessionCookie(t.database.db, p.people.camille.user.id) : p.people.camille.cookie!;
    const body = MATRIX_BODIES[routeKey(route)]?.({ email: p.people.hugo.user.email, password: 'correct horse battery' });
    return t.app.inject({
      method: route.method,
      url: id ? fillPath(route.path, id) : route.path,
      headers: { cookie, ...headers },
      ...(body === undefined ? {} : { payload: body as object }),
    });
  }

  it.each(STATE_CHANGING)('$method $path: refused from another site, changing nothing; accepted from our own', async (route) => {
    for (const headers of CROSS_SITE_HEADERS) {
      const before = await fingerprintTables(t.database.db);
      const response = await send(route, headers);
      expect(response.statusCode, JSON.stringify(headers)).toBe(403);
      expect(response.json().error.code).toBe('ORIGIN_NOT_ALLOWED');
      const after = await fingerprintTables(t.database.db);
      // A throwaway session inserted for a logout is the test's own write, not the request's.
      expect({ ...after, auth_sessions: '' }).toEqual({ ...before, auth_sessions: '' });
      if (!route.endsSession) expect(after.auth_sessions).toBe(before.auth_sessions);
    }
    const own = await send(route, { origin: t.config.PUBLIC_URL, 'sec-fetch-site': 'same-origin' });
    expect(own.statusCode).toBeLessThan(500);
    expect(own.statusCode === 403 && own.json().error.code === 'ORIGIN_NOT_ALLOWED').toBe(false);
  });

  it('lets reads from another site through: they change nothing, and the cookie is SameSite=Lax', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: p.people.camille.cookie!, origin: 'https://evil.example' } });
    expect(response.statusCode).toBe(200);
    // No CORS header: the other site's script cannot read the answer.
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });
});
