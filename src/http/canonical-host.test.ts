import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.ts';

describe('one canonical address (PUBLIC_URL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite', { config: { PUBLIC_URL: 'http://localhost:3000', CANONICAL_HOST_REDIRECT: true } });
  });
  afterAll(() => t.close());

  const get = (url: string, host: string) => t.app.inject({ method: 'GET', url, headers: { host } });

  it('redirects another host to PUBLIC_URL, path and query kept', async () => {
    const answer = await get('/demandes?x=1', '127.0.0.1:3000');
    expect(answer.statusCode).toBe(308);
    expect(answer.headers.location).toBe('http://localhost:3000/demandes?x=1');
  });

  it('redirects a POST before anything else runs (not refused by the origin check), keeping its method', async () => {
    const answer = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' }, payload: {} });
    expect(answer.statusCode).toBe(308);
    expect(answer.headers.location).toBe('http://localhost:3000/api/auth/login');
  });

  it('keeps a protocol-relative path a path on the canonical host', async () => {
    expect((await get('//evil.example/x', '127.0.0.1:3000')).headers.location).toBe('http://localhost:3000//evil.example/x');
  });

  it('serves the canonical host', async () => {
    expect((await get('/api/me', 'localhost:3000')).statusCode).toBe(401);
  });

  it('exempts the probes, the payment webhooks and /ws, which are reached by other addresses on purpose', async () => {
    expect((await get('/api/health', '10.0.0.5:3000')).statusCode).toBe(200);
    expect((await get('/api/ready', '10.0.0.5:3000')).statusCode).toBe(200);
    expect((await get('/ws', '10.0.0.5:3000')).statusCode).not.toBe(308);
    const webhook = await t.app.inject({ method: 'POST', url: '/api/payments/webhook/sandbox', headers: { host: '10.0.0.5:3000' }, payload: {} });
    expect(webhook.statusCode).toBe(400);
  });
});
