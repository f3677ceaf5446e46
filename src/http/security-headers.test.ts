import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signUp, type TestApp } from '../../test/support/app.ts';
import { testConfig } from '../config/config.ts';
import { contentSecurityPolicy, securityHeaders } from './security-headers.ts';

const directives = (csp: string) => new Map(csp.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));

describe('Content-Security-Policy', () => {
  it('allows only the app’s own origin, its signaling socket and local media, no inline script, no framing', () => {
    const csp = directives(contentSecurityPolicy('http://localhost:3000'));
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'", 'ws://localhost:3000']);
    expect(csp.get('media-src')).toEqual(["'self'", 'blob:']);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(contentSecurityPolicy('http://localhost:3000')).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });

  it('uses wss for the socket behind https', () => {
    expect(directives(contentSecurityPolicy('https://accord.example')).get('connect-src')).toEqual(["'self'", 'wss://accord.example']);
  });
});

// The headers are set by the HTTP layer, whatever the database: PGlite is enough here.
describe('security headers on every answer', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite');
  });
  afterAll(() => t.close());

  const answers = () => [
    ['a read', t.app.inject({ method: 'GET', url: '/api/health' })],
    ['a refusal', t.app.inject({ method: 'GET', url: '/api/me' })],
    ['an unknown route', t.app.inject({ method: 'GET', url: '/nowhere' })],
    ['a malformed URL', t.app.inject({ method: 'GET', url: '/api/demandes/%E0%A4%A' })],
    ['a cross-site request', t.app.inject({ method: 'POST', url: '/api/demandes', headers: { origin: 'https://evil.example' }, payload: {} })],
    ['invalid JSON', t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{' })],
  ] as const;

  it.each([0, 1, 2, 3, 4, 5])('sets them on answer #%i (a read, refusals, 404, router and parser errors)', async (index) => {
    const [what, pending] = answers()[index]!;
    const response = await pending;
    for (const [name, value] of Object.entries(securityHeaders(t.config))) expect(response.headers[name], `${what}: ${name}`).toBe(value);
    expect(response.headers['cache-control'], what).toBe(response.headers['cache-control'] ? 'no-store' : undefined);
  });

  it('keeps API answers out of shared caches', async () => {
    const alice = await signUp(t.app, 'Cache');
    const response = await alice.get('/api/me');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['x-frame-options']).toBe('DENY');
  });

  it('sends HSTS in production over https only', () => {
    expect(securityHeaders(testConfig())['strict-transport-security']).toBeUndefined();
    expect(securityHeaders(testConfig({ NODE_ENV: 'production', PUBLIC_URL: 'http://localhost:3000' }))['strict-transport-security']).toBeUndefined();
    expect(securityHeaders(testConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://accord.example' }))['strict-transport-security']).toMatch(/^max-age=\d{8}/);
  });
});
