import fc from 'fast-check';

/** Strings that have broken web apps: injections, encodings, control characters, edge numbers. */
const PAYLOADS = [
  "' OR '1'='1",
  "'; drop table users; --",
  '1; select pg_sleep(10)',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uFEFF\u200B\u202E',
  '../../etc/passwd',
  '${7*7}{{7*7}}',
  '__proto__',
  'constructor',
  'null',
  'NaN',
  '-1',
  '0',
  '1e309',
  '9007199254740993',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '😀'.repeat(100),
  'é'.normalize('NFD').repeat(50),
  ' ',
  '',
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PAYLOADS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 10 }), fc.constantFrom('\u0000', '\u0000\u0000', '\uD800', '\uDFFF')).map(([s, bad]) => `${s}${bad}${s}`) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...PAYLOADS, 'x', 'é'), fc.integer({ min: 100, max: 40_000 })).map(([s, n]) => s.repeat(n)) },
);

const hostileNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, -1, 1.5, 2 ** 31, 2 ** 53 + 1, 1e308, -1e308, Number.MAX_SAFE_INTEGER),
);

/** Any JSON value, with the strings and numbers above, nested a few levels. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(hostileString, fc.constantFrom('__proto__', 'constructor', 'email', 'title')), tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** Bodies that are not JSON, or JSON that is not what it claims. */
export const rawBodies: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', '{', '{"a":', 'null', 'true', '[]', '"x"', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}', '{"a":1,"a":2}', '\u0000'),
  fc.integer({ min: 100, max: 20_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.integer({ min: 100, max: 10_000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
  fc.integer({ min: 65 * 1024, max: 80 * 1024 }).map((n) => JSON.stringify({ title: 'x'.repeat(n) })),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

export const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/octet-stream',
  'application/vnd.api+json',
  'json',
];

/** Query strings: unknown and repeated keys, bracket syntax, broken percent-encoding. */
export const rawQueries: fc.Arbitrary<string> = fc.oneof(
  fc.dictionary(fc.oneof(hostileString, fc.constantFrom('limit', 'scope', 'id')), hostileString, { maxKeys: 4 }).map((params) => new URLSearchParams(params).toString()),
  fc.constantFrom('limit=1&limit=2', 'scope[]=mine', 'scope[a]=1', 'limit=%', 'limit=%ZZ', '%E0%A4%A', '&&&=', 'limit=1e2', 'limit=0x10', 'limit=-1', 'limit=', 'scope=MINE', 'limit=1.5'),
);

/** Percent-encodes a path segment; a lone surrogate (which encodeURIComponent refuses) becomes U+FFFD. */
export const encodeSegment = (s: string) => encodeURIComponent(Buffer.from(s).toString());

/** Path segments in place of an id: injections, traversal, encodings, not-quite-uuids. */
export const hostileIds: fc.Arbitrary<string> = fc.oneof(
  hostileString.filter((s) => s.length > 0).map(encodeSegment),
  fc.uuid().map((id) => id.toUpperCase()),
  fc.uuid().map((id) => id.replaceAll('-', '')),
  fc.constantFrom('%', '%E0%A4%A', '%2e%2e', '..', '.', '%00', '%2F', 'a%2Fb', '%20', '%C0%AE', '1', '-1', '1.0', 'true'),
);
