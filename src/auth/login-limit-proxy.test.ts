/**
 * The per-IP sign-in limit behind a proxy (TRUST_PROXY): without trust, X-Forwarded-For is the
 * client's word and is ignored; behind a trusted proxy, the client address it reports is used, so
 * people behind one proxy are not locked out together.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import { createTestApp, signUp, type TestApp } from '../../test/support/app.ts';
import { LOGIN_LIMITS } from './auth.service.ts';

const PROXY = '10.0.0.2';

function login(app: FastifyInstance, from: { remoteAddress: string; forwardedFor?: string }, email: string, password = 'guess') {
  return app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress: from.remoteAddress,
    headers: from.forwardedFor ? { 'x-forwarded-for': from.forwardedFor } : {},
    payload: { email, password },
  });
}

async function failEnoughToBlock(app: FastifyInstance, from: (i: number) => { remoteAddress: string; forwardedFor?: string }) {
  for (let i = 0; i < LOGIN_LIMITS.perAddress; i++) expect((await login(app, from(i), `nobody-${i}@test.accord`)).statusCode).toBe(401);
}

describe('the per-IP sign-in limit and TRUST_PROXY', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('without TRUST_PROXY, a spoofed X-Forwarded-For changes nothing: the connection’s address is limited', async () => {
    t = await createTestApp('pglite');
    await failEnoughToBlock(t.app, (i) => ({ remoteAddress: '203.0.113.9', forwardedFor: `198.51.100.${i}` }));
    expect((await login(t.app, { remoteAddress: '203.0.113.9', forwardedFor: '198.51.100.200' }, 'someone@test.accord')).statusCode).toBe(429);
  });

  it('behind a trusted proxy (by address), each client is limited on its own address', async () => {
    t = await createTestApp('pglite', { config: { TRUST_PROXY: [PROXY] } });
    const person = await signUp(t.app, 'Behind Proxy');
    await failEnoughToBlock(t.app, () => ({ remoteAddress: PROXY, forwardedFor: '198.51.100.1' }));
    expect((await login(t.app, { remoteAddress: PROXY, forwardedFor: '198.51.100.1' }, person.user.email, 'correct horse battery')).statusCode).toBe(429);
    // Another person behind the same proxy signs in.
    expect((await login(t.app, { remoteAddress: PROXY, forwardedFor: '198.51.100.2' }, person.user.email, 'correct horse battery')).statusCode).toBe(200);
  });

  it('trusting one hop, an address the client prepends is ignored: the one the proxy appended counts', async () => {
    t = await createTestApp('pglite', { config: { TRUST_PROXY: 1 } });
    await failEnoughToBlock(t.app, (i) => ({ remoteAddress: PROXY, forwardedFor: `192.0.2.${i}, 198.51.100.7` }));
    expect((await login(t.app, { remoteAddress: PROXY, forwardedFor: '192.0.2.250, 198.51.100.7' }, 'x@test.accord')).statusCode).toBe(429);
  });

  it('an untrusted sender’s X-Forwarded-For is ignored even when TRUST_PROXY names a proxy', async () => {
    t = await createTestApp('pglite', { config: { TRUST_PROXY: [PROXY] } });
    await failEnoughToBlock(t.app, (i) => ({ remoteAddress: '203.0.113.50', forwardedFor: `198.51.100.${i}` }));
    expect((await login(t.app, { remoteAddress: '203.0.113.50', forwardedFor: '198.51.100.99' }, 'y@test.accord')).statusCode).toBe(429);
  });

  it('parses TRUST_PROXY: off by default, a hop count, or addresses and ranges; `true` is refused', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8, fd00::/8' }).TRUST_PROXY).toEqual(['127.0.0.1', '10.0.0.0/8', 'fd00::/8']);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY/);
  });
});
