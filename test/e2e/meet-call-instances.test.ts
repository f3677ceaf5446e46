/**
 * Two server instances on one PostgreSQL: the demandeur's browser talks to one, the prestataire's
 * to the other; presence and signaling cross between them on the bus (LISTEN/NOTIFY).
 */
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { testConfig } from '../../src/config/config.ts';
import { WEB_ROOT } from '../../src/server/web-build.ts';
import { framesRising, launchCallBrowser, paidSession, startCall } from './support/call.ts';
import { texts } from './support/flows.ts';
import { startWebServer, type WebServer } from './support/server.ts';

const { t } = texts('fr');

describe('a call across two server instances (postgres)', () => {
  let first: WebServer;
  let second: FastifyInstance;
  let secondUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    [first, browser] = await Promise.all([startWebServer('postgres'), launchCallBrowser()]);
    second = await buildApp({ config: testConfig(), database: first.database, webRoot: WEB_ROOT });
    secondUrl = await second.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await browser?.close();
    await second?.close();
    await first?.close();
  });

  test('demandeur on one instance, prestataire on the other: one working call', { timeout: 120_000 }, async () => {
    const session = await paidSession(first.url);
    const { camille, hugo } = await startCall(browser, session, { demandeur: first.url, prestataire: secondUrl });
    for (const { page } of [camille, hugo]) {
      await page.getByText(t('meet.callId', { callId: session.callId })).waitFor();
      const { before, after, reading } = await framesRising(page);
      expect(reading.connectionState).toBe('connected');
      expect(after).toBeGreaterThan(before);
    }
    expect(new URL(camille.page.url()).origin).not.toBe(new URL(hugo.page.url()).origin);
    await Promise.all([camille.context.close(), hugo.context.close()]);
  });
});
