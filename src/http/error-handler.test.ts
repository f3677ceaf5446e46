import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.ts';

describe('error handler', () => {
  const lines: Record<string, unknown>[] = [];
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite', { config: { LOG_LEVEL: 'info' }, logStream: { write: (line) => void lines.push(JSON.parse(line)) } });
    t.app.get('/api/test/crash', async () => {
      throw new Error('secret internal detail: password=hunter2');
    });
  });
  afterAll(() => t.close());

  it('answers an unexpected failure with a generic 500 that leaks nothing', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/test/crash' });
    expect(response.statusCode).toBe(500);
    const requestId = response.headers['x-request-id'];
    expect(response.json()).toEqual({ error: { code: 'INTERNAL_ERROR', message: 'Something went wrong on our side.', requestId } });
  });

  it('gives every answer a request id, in its error body and in every log line about it', async () => {
    lines.length = 0;
    const response = await t.app.inject({ method: 'GET', url: '/api/test/crash' });
    const { requestId } = response.json().error;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers['x-request-id']).toBe(requestId);
    expect(lines.map((line) => [line.msg, line.requestId])).toEqual([
      ['request failed', requestId],
      ['request completed', requestId],
    ]);
    const other = await t.app.inject({ method: 'GET', url: '/api/nowhere' });
    expect(other.json().error).toMatchObject({ code: 'ROUTE_NOT_FOUND', requestId: other.headers['x-request-id'] });
    expect(other.headers['x-request-id']).not.toBe(requestId);
  });

  it("keeps a proxy's X-Request-Id (nginx's $request_id), and replaces one that is not an id", async () => {
    const fromNginx = 'a3f1c2d4e5b60718293a4b5c6d7e8f90';
    const kept = await t.app.inject({ method: 'GET', url: '/api/nowhere', headers: { 'x-request-id': fromNginx } });
    expect(kept.json().error.requestId).toBe(fromNginx);
    const replaced = await t.app.inject({ method: 'GET', url: '/api/nowhere', headers: { 'x-request-id': 'x\n{"forged":1}' } });
    expect(replaced.json().error.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an oversized body with 413 in the JSON error shape', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: JSON.stringify({ email: 'x'.repeat(100_000), password: 'y' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('BODY_TOO_LARGE');
  });

  it('answers an unsupported content type with 415 in the JSON error shape', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(response.statusCode).toBe(415);
    expect(response.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});
