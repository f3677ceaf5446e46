import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runDoctor } from '../../src/doctor/doctor.ts';
import { errorBody } from '../../src/shared/schemas.ts';
import type { TestApp } from '../support/app.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { fingerprintTables } from '../support/db-fingerprint.ts';
import { throwawaySessionCookie } from '../support/sessions.ts';
import { fuzzRequests, type FuzzFixtures, type FuzzRequest } from './fuzz-requests.ts';
import { encodeSegment, hostileString } from './hostile.ts';
import { usePopulatedApp, type Population } from './populate.ts';
import { fillPath, registeredRoutes, routeKey, ROUTES, type RouteSpec } from './routes.ts';

/** Generated requests per database, spread over the routes: FUZZ_RUNS=10000 in `npm run test:stress`. */
const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 340);
const RUNS_PER_ROUTE = Math.max(10, Math.ceil(FUZZ_RUNS / ROUTES.length));
const TIMEOUT_MS = 60_000 + RUNS_PER_ROUTE * 1_500;

/** Counterexamples the fuzzer found (each was a 5xx or a non-contract body), replayed on every run. */
const camille = { kind: 'person', name: 'camille' } as const;
const REGRESSIONS: Record<string, FuzzRequest[]> = {
  'POST /api/auth/login': [
    { sender: camille, method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"email":"\\u0000","password":" "}' },
  ],
  // A signed-in GET without `Upgrade` was the websocket plugin's empty 404, outside the contract.
  'GET /ws': [{ sender: camille, method: 'GET', url: '/ws', headers: {} }],
  'GET /api/demandes/:id': [
    { sender: camille, method: 'GET', url: '/api/demandes/%', headers: {} },
    { sender: camille, method: 'GET', url: `/api/demandes/${'%27%20OR%20'.repeat(20)}`, headers: {} },
  ],
};

describe.each(DATABASE_KINDS)('HTTP fuzzing on %s', (kind) => {
  let t: TestApp;
  let p: Population;
  let fixtures: FuzzFixtures;
  let tables: Record<string, string>;

  usePopulatedApp(kind, async (app, population) => {
    [t, p] = [app, population];
    fixtures = {
      people: Object.keys(p.people),
      ids: {
        demande: [p.acceptedDemandeId, p.openDemandeId, p.cancelledDemandeId],
        offre: [p.acceptedOffreId, p.rejectedOffreId, p.pendingOffreId, p.withdrawnOffreId, p.expiredOffreId],
        meetSession: [p.meetSessionId, p.paidMeetSessionId, p.cancelledMeetSessionId],
        notification: [p.notificationId],
        payment: [p.openPaymentId, p.succeededPaymentId, p.refundedPaymentId],
        provider: ['sandbox', 'stripe'],
      },
      publicUrl: t.config.PUBLIC_URL,
    };
    tables = await fingerprintTables(t.database.db);
  });

  async function cookieOf(request: FuzzRequest, route: RouteSpec): Promise<string | undefined> {
    const { sender } = request;
    if (sender.kind === 'anonymous') return undefined;
    if (sender.kind === 'forged') return sender.cookie;
    const person = p.people[sender.name as keyof Population['people']];
    if (!route.endsSession) return person.cookie;
    // A session of its own, so logging out does not sign the shared fixture person out.
    const cookie = await throwawaySessionCookie(t.database.db, person.user.id);
    tables = await fingerprintTables(t.database.db);
    return cookie;
  }

  /** Sends one generated request and checks what every answer must satisfy. */
  async function check(route: RouteSpec, request: FuzzRequest, statuses: Map<number, number>): Promise<void> {
    const cookie = await cookieOf(request, route);
    const response = await t.app.inject({
      method: request.method,
      url: request.url,
      headers: { ...request.headers, ...(cookie ? { cookie } : {}) },
      ...(request.payload === undefined ? {} : { payload: request.payload }),
    });
    statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
    const seen = `${request.method} ${request.url.slice(0, 300)} → ${response.statusCode} ${response.body.slice(0, 300)}`;
    expect(response.statusCode, seen).toBeLessThan(500);
    // No generated request is signed: the webhook refuses every one with a 400, before reading it,
    // unless the framework refused the request first (a malformed Content-Type 415, a body over the limit 413).
    if (route.serverToServer && new URL(request.url, 'http://fuzz').pathname === '/api/payments/webhook/sandbox') expect([400, 413, 415], seen).toContain(response.statusCode);

    const before = tables;
    tables = await fingerprintTables(t.database.db);
    if (response.statusCode < 400) return;

    const unchanged = (prints: Record<string, string>) =>
      Object.fromEntries(Object.entries(prints).filter(([table]) => !route.refusalWrites?.includes(table)));
    expect(unchanged(tables), `a refused request changed the database: ${seen}`).toEqual(unchanged(before));

    // A page refuses with a page; only what the framework refuses before the handler is JSON.
    if (route.html && /^text\/html/.test(String(response.headers['content-type']))) return;
    expect(response.headers['content-type'], seen).toMatch(/^application\/json/);
    const body = errorBody.strict().safeParse(JSON.parse(response.body));
    expect(body.success, seen).toBe(true);
    expect(body.data!.error.code, seen).toMatch(/^[A-Z][A-Z0-9_]*$/);
  }

  it('fuzzes every route the app registers, and only those', () => {
    expect(registeredRoutes(t.app)).toEqual(ROUTES.map(routeKey).sort());
  });

  it.each(ROUTES)(
    '$method $path: never a 5xx, errors in the contract’s shape, refusals change nothing',
    async (route) => {
      const statuses = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(fuzzRequests(route, fixtures), (request) => check(route, request, statuses)),
        { numRuns: RUNS_PER_ROUTE, examples: (REGRESSIONS[routeKey(route)] ?? []).map((request) => [request] as [FuzzRequest]) },
      );
      // The generator reaches past authentication, not only the 401 at the door.
      expect([...statuses.keys()].some((status) => status !== 401), JSON.stringify([...statuses])).toBe(true);
    },
    TIMEOUT_MS,
  );

  it('answers unknown paths and methods with a JSON 404', async () => {
    const unknown = fc.record({
      method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
      path: fc.oneof(hostileString.map((s) => `/api/${encodeSegment(s)}`), fc.constantFrom('/api', '/api/', '/api/demandes/x/y/z', '/api/offres', '/api/meet-sessions')),
    });
    await fc.assert(
      fc.asyncProperty(unknown, async ({ method, path }) => {
        const response = await t.app.inject({ method, url: path, headers: { cookie: p.people.camille.cookie! } });
        expect(response.statusCode, `${method} ${path}`).toBeLessThan(500);
        if (ROUTES.some((route) => route.method === method && new RegExp(`^${fillPath(route.path, '[^/]+').replaceAll('.', '\\.')}$`).test(path))) return;
        expect(response.statusCode, `${method} ${path}`).toBe(404);
        expect(errorBody.strict().parse(response.json()).error.code).toBe('ROUTE_NOT_FOUND');
      }),
      { numRuns: RUNS_PER_ROUTE },
    );
  });

  it('leaves a database the doctor finds nothing wrong with', async () => {
    const report = await runDoctor(t.database.db, kind);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
  });
});
