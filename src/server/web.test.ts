import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { buildApp } from './app.ts';

describe('serving the built web app', () => {
  let testApp: TestApp;
  let app: FastifyInstance;
  let webRoot: string;

  beforeAll(async () => {
    webRoot = mkdtempSync(join(tmpdir(), 'accord-web-'));
    mkdirSync(join(webRoot, 'assets'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Accord</title>');
    writeFileSync(join(webRoot, 'assets', 'index-abc123.js'), 'console.log(1)');
    testApp = await createTestApp('pglite');
    app = await buildApp({ config: testApp.config, database: testApp.database, webRoot });
  });
  afterAll(async () => {
    await app?.close();
    await testApp?.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  test.each(['/', '/demandes', '/demandes/5c0a7a52-3c57-4a53-9a4f-2f7e2b8f4f11?session=x', '/meet/abc', '/my/offres'])(
    'a client-side route (%s) answers the app, never cached',
    async (url) => {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.body).toContain('<title>Accord</title>');
    },
  );

  test('hashed assets are served and cached for good', async () => {
    const response = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers['cache-control']).toContain('immutable');
  });

  test.each(['/assets/index-old.js', '/favicon.ico', '/api/nothing', '/api', '/ws', '/ws/x'])('%s is a JSON 404, not the app', async (url) => {
    const response = await app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('ROUTE_NOT_FOUND');
  });

  test('the API still answers beside the app', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/me' });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('UNAUTHENTICATED');
  });
});
