import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';

/** Which existing thing a route's `:id` names; the fuzzer and the matrix fill it from their fixtures. */
export type IdKind = 'demande' | 'offre' | 'meetSession';

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
}

const text = (min: number, max: number) => fc.string({ minLength: min, maxLength: max }).filter((s) => s.trim().length >= min);
const cents = fc.integer({ min: 1, max: 100_000_000 });

export const ROUTES: RouteSpec[] = [
  { method: 'GET', path: '/api/health' },
  {
    method: 'POST',
    path: '/api/auth/register',
    body: fc.record({ email: fc.emailAddress(), password: fc.string({ minLength: 10, maxLength: 40 }), displayName: text(1, 80) }),
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
