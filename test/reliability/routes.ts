import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';

/**
 * Which existing thing a route's path parameter (`:id`, `:paymentId`, `:provider`) names; the
 * fuzzer and the matrix fill it from their fixtures.
 */
export type IdKind = 'demande' | 'offre' | 'meetSession' | 'notification' | 'payment' | 'provider';

/** The route's path with its one parameter (whatever its name) replaced by `value`. */
export const fillPath = (path: string, value: string) => path.replace(/:\w+/, value);

/**
 * Every HTTP route of the app, once. The fuzzer, the authorisation matrix and the CSRF test are
 * generated from this table, and a test fails when the app has a route missing here: a new
 * route is added to this table (and to the matrix) or the suite goes red.
 */
export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Fastify's pattern, as registered. */
  path: string;
  id?: IdKind;
  /** A well-formed body; the fuzzer breaks it one field at a time, or replaces it with junk. */
  body?: fc.Arbitrary<Record<string, unknown>>;
  /** Query parameters the route reads, with well-formed values. */
  query?: Record<string, fc.Arbitrary<string>>;
  /** Tables a refused request still writes, on purpose (the login rate limit counts failures). */
  refusalWrites?: string[];
  /** Ends the caller's session: the fuzzer gives it a throwaway session, not a shared one. */
  endsSession?: boolean;
  /** Called by another server with its own authentication (no cookie, no Origin check). */
  serverToServer?: boolean;
  /**
   * Answers people's browsers with HTML pages (the sandbox's checkout), not the JSON contract: a
   * refusal is a 4xx page (or, when the framework refuses before the handler, a 4xx JSON error).
   */
  html?: boolean;
}

const text = (min: number, max: number) => fc.string({ minLength: min, maxLength: max }).filter((s) => s.trim().length >= min);
const cents = fc.integer({ min: 1, max: 100_000_000 });

/** The sandbox's test cards (src/payments/sandbox/test-cards.ts) and some that are not. */
const cardForm = fc.record({
  cardNumber: fc.constantFrom('4242 4242 4242 4242', '4000000000000002', '4000 0025 0000 3155', '1234567890123'),
  expiry: fc.constantFrom('12/34', '01/30', '13/99'),
  cvc: fc.constantFrom('123', '4567', '12'),
});

const sandboxEventBody = fc.record({
  id: fc.string({ minLength: 8, maxLength: 20 }).map((s) => `evt_${s}`),
  type: fc.constantFrom('payment.processing', 'payment.succeeded', 'payment.failed'),
  created: fc.integer({ min: 0, max: 2_000_000_000 }),
  data: fc.record({ paymentId: fc.uuid() }),
});

export const ROUTES: RouteSpec[] = [
  { method: 'GET', path: '/api/health' },
  { method: 'GET', path: '/api/ready' },
  // Without METRICS_TOKEN (as in these tests) it answers as an unknown URL: src/http/metrics.test.ts covers it.
  { method: 'GET', path: '/metrics' },
  // The API's documentation (src/http/openapi.ts), public like the app's own files.
  { method: 'GET', path: '/api/openapi.json' },
  { method: 'GET', path: '/api/docs', html: true },
  { method: 'GET', path: '/api/docs/swagger-ui.css', html: true },
  { method: 'GET', path: '/api/docs/swagger-ui-bundle.js', html: true },
  { method: 'GET', path: '/api/docs/docs.js', html: true },
  {
    method: 'POST',
    path: '/api/auth/register',
    body: fc.record({ email: fc.emailAddress(), password: fc.string({ minLength: 10, maxLength: 40 }), displayName: text(1, 80) }),
    refusalWrites: ['sign_ups'],
  },
  {
    method: 'POST',
    path: '/api/auth/login',
    body: fc.record({ email: fc.emailAddress(), password: fc.string({ minLength: 1, maxLength: 40 }) }),
    refusalWrites: ['login_failures'],
  },
  { method: 'POST', path: '/api/auth/logout', endsSession: true },
  { method: 'GET', path: '/api/me' },
  { method: 'GET', path: '/api/me/offres', query: { limit: fc.integer({ min: 1, max: 100 }).map(String) } },
  {
    method: 'POST',
    path: '/api/demandes',
    body: fc.record({ title: text(3, 200), description: text(1, 500), budgetCents: fc.option(cents, { nil: undefined }) }, { requiredKeys: ['title', 'description'] }),
  },
  {
    method: 'GET',
    path: '/api/demandes',
    query: { scope: fc.constantFrom('open', 'mine'), limit: fc.integer({ min: 1, max: 100 }).map(String) },
  },
  { method: 'GET', path: '/api/demandes/:id', id: 'demande' },
  { method: 'POST', path: '/api/demandes/:id/cancel', id: 'demande' },
  {
    method: 'POST',
    path: '/api/demandes/:id/offres',
    id: 'demande',
    body: fc.record({ priceCents: cents, message: text(1, 500), validForDays: fc.option(fc.integer({ min: 1, max: 90 }), { nil: undefined }) }, { requiredKeys: ['priceCents', 'message'] }),
  },
  { method: 'GET', path: '/api/demandes/:id/offres', id: 'demande' },
  { method: 'POST', path: '/api/offres/:id/accept', id: 'offre' },
  { method: 'POST', path: '/api/offres/:id/reject', id: 'offre' },
  { method: 'POST', path: '/api/offres/:id/withdraw', id: 'offre' },
  { method: 'GET', path: '/api/meet-sessions/:id', id: 'meetSession' },
  { method: 'GET', path: '/api/meet-sessions/:id/timeline', id: 'meetSession' },
  { method: 'POST', path: '/api/meet-sessions/:id/payment', id: 'meetSession' },
  { method: 'POST', path: '/api/meet-sessions/:id/cancel', id: 'meetSession' },
  { method: 'GET', path: '/api/meet-sessions/:id/ice', id: 'meetSession' },
  {
    method: 'POST',
    path: '/api/meet-sessions/:id/review',
    id: 'meetSession',
    body: fc.record({ rating: fc.integer({ min: 1, max: 5 }), comment: fc.option(text(0, 2000), { nil: undefined }) }, { requiredKeys: ['rating'] }),
  },
  { method: 'GET', path: '/api/meet-sessions/:id/review', id: 'meetSession' },
  // Unsigned, as every generated request is: always refused, whatever the body.
  { method: 'POST', path: '/api/payments/webhook/:provider', id: 'provider', serverToServer: true, body: sandboxEventBody },
  { method: 'GET', path: '/sandbox/checkout.css', html: true },
  { method: 'GET', path: '/sandbox/checkout/:paymentId', id: 'payment', html: true, query: { lang: fc.constantFrom('fr', 'en') } },
  { method: 'POST', path: '/sandbox/checkout/:paymentId', id: 'payment', html: true, query: { lang: fc.constantFrom('fr', 'en') }, body: cardForm },
  {
    method: 'POST',
    path: '/sandbox/checkout/:paymentId/confirm',
    id: 'payment',
    html: true,
    body: fc.record({ decision: fc.constantFrom('confirm', 'refuse') }),
  },
  { method: 'GET', path: '/api/notifications', query: { limit: fc.integer({ min: 1, max: 100 }).map(String) } },
  { method: 'POST', path: '/api/notifications/:id/read', id: 'notification' },
  { method: 'POST', path: '/api/notifications/read-all' },
  // Without an `Upgrade` header the socket endpoint answers like any route: JSON refusals.
  { method: 'GET', path: '/ws' },
];

export const routeKey = (route: Pick<RouteSpec, 'method' | 'path'>) => `${route.method} ${route.path}`;

/**
 * The app's routes as `METHOD /path`, read from `printRoutes()` (the radix tree: a child's line
 * continues its parent's path). HEAD routes Fastify adds for each GET are left out.
 */
export function registeredRoutes(app: FastifyInstance): string[] {
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+)(?: \(([^)]*)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    const path = (stack[depth - 1] ?? '') + match[2]!;
    stack.push(path);
    for (const method of match[3]?.split(', ') ?? []) if (method !== 'HEAD') routes.push(`${method} ${path}`);
  }
  return routes.sort();
}
