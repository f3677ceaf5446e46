import fc from 'fast-check';
import { CONTENT_TYPES, hostileIds, hostileJson, hostileString, rawBodies, rawQueries } from './hostile.ts';
import { fillPath, type IdKind, type RouteSpec } from './routes.ts';

/** Who sends a generated request: a fixture's person, nobody, or a forged session cookie. */
export type Sender = { kind: 'person'; name: string } | { kind: 'anonymous' } | { kind: 'forged'; cookie: string };

export interface FuzzRequest {
  sender: Sender;
  method: RouteSpec['method'];
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

export interface FuzzFixtures {
  people: string[];
  ids: Record<IdKind, string[]>;
  publicUrl: string;
}

/** A well-formed body with one field removed, replaced by junk, or an unknown field added. */
const brokenBody = (valid: fc.Arbitrary<Record<string, unknown>>) =>
  fc.tuple(valid, fc.nat(), fc.option(fc.oneof({ weight: 3, arbitrary: hostileString }, { weight: 1, arbitrary: hostileJson }), { freq: 5 })).map(([body, pick, junk]) => {
    const keys = [...Object.keys(body), 'unexpected'];
    const key = keys[pick % keys.length]!;
    const broken: Record<string, unknown> = { ...body };
    if (junk === null) delete broken[key];
    else broken[key] = junk;
    return broken;
  });

interface Body {
  contentType?: string;
  payload?: string;
}

function bodies(route: RouteSpec): fc.Arbitrary<Body> {
  const json = (value: unknown): Body => ({ contentType: 'application/json', payload: JSON.stringify(value) ?? 'null' });
  const wellFormed = route.body
    ? [{ weight: 1, arbitrary: route.body.map(json) }, { weight: 4, arbitrary: brokenBody(route.body).map(json) }]
    : [];
  return fc.oneof(
    ...wellFormed,
    hostileJson.map(json),
    rawBodies.map((payload) => ({ contentType: 'application/json', payload })),
    fc.tuple(fc.constantFrom(...CONTENT_TYPES), fc.oneof(rawBodies, hostileJson.map((value) => JSON.stringify(value) ?? ''))).map(([contentType, payload]) => ({ contentType, payload })),
    fc.constant<Body>({}),
  );
}

function queries(route: RouteSpec): fc.Arbitrary<string> {
  const known = route.query ? [fc.record(route.query, { requiredKeys: [] }).map((params) => new URLSearchParams(params as Record<string, string>).toString())] : [];
  return fc.oneof(fc.constant(''), ...known, rawQueries);
}

function ids(route: RouteSpec, fixtures: FuzzFixtures): fc.Arbitrary<string> {
  const own = fixtures.ids[route.id!];
  const others = Object.values(fixtures.ids).flat();
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...own) },
    { weight: 1, arbitrary: fc.constantFrom(...others) },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 3, arbitrary: hostileIds },
  );
}

function senders(fixtures: FuzzFixtures): fc.Arbitrary<Sender> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...fixtures.people).map((name): Sender => ({ kind: 'person', name })) },
    { weight: 1, arbitrary: fc.constant<Sender>({ kind: 'anonymous' }) },
    { weight: 1, arbitrary: fc.string({ maxLength: 80 }).map((token): Sender => ({ kind: 'forged', cookie: `accord_session=${encodeURIComponent(token)}` })) },
  );
}

/** Requests to one route: real and hostile ids, query strings, bodies, content types, senders, origins. */
export function fuzzRequests(route: RouteSpec, fixtures: FuzzFixtures): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      sender: senders(fixtures),
      id: route.id ? ids(route, fixtures) : fc.constant(''),
      query: queries(route),
      body: bodies(route),
      origin: fc.option(fc.constantFrom(fixtures.publicUrl, 'https://evil.example', 'null'), { freq: 6 }),
    })
    .map(({ sender, id, query, body, origin }) => {
      const headers: Record<string, string> = {};
      if (body.contentType) headers['content-type'] = body.contentType;
      if (origin !== null) headers.origin = origin;
      const path = fillPath(route.path, id);
      return { sender, method: route.method, url: query ? `${path}?${query}` : path, headers, ...(body.payload === undefined ? {} : { payload: body.payload }) };
    });
}
