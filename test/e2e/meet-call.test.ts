/**
 * The call in two real browsers (issue 6): both people see and hear each other, whatever the order
 * they join in, only they get in, and the call survives a reload and a dropped socket.
 * On PGlite (the embedded default); relay-only and two instances have files of their own.
 */
import type { Browser, Page, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HttpClient } from '../support/http.ts';
import { texts } from './support/flows.ts';
import { framesRising, launchCallBrowser, paidSession, personContext, readCall, type PaidSession } from './support/call.ts';
import { allowConsoleError } from './support/page-problems.ts';
import { startWebServer, type WebServer } from './support/server.ts';

const { m, t } = texts('fr');
/** `npm run test:stress` runs the simultaneous joins 20 times; the default run, a few. */
const JOIN_REPETITIONS = Number(process.env.MEET_JOIN_REPETITIONS ?? 3);

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

  test('demandeur and prestataire join: both connected, each decoding the other’s video, same callId on both pages', { timeout: 120_000 }, async () => {
    const session = await paidSession(server.url);
    const camille = await openMeet(session, 'demandeur');
    const hugo = await openMeet(session, 'prestataire');
    await join(camille.page);
    await camille.page.getByText(t('meet.waitingFor', { name: 'Hugo' })).waitFor();
    await join(hugo.page);
    await expectCallWorking([camille.page, hugo.page], session.callId);
    await Promise.all([camille.context.close(), hugo.context.close()]);
  });

  test('the prestataire first, then the demandeur: one working call', { timeout: 120_000 }, async () => {
    const session = await paidSession(server.url);
    const hugo = await openMeet(session, 'prestataire');
    await join(hugo.page);
    await hugo.page.getByText(t('meet.waitingFor', { name: 'Camille' })).waitFor();
    const camille = await openMeet(session, 'demandeur');
    await join(camille.page);
    await expectCallWorking([camille.page, hugo.page], session.callId);
    await Promise.all([camille.context.close(), hugo.context.close()]);
  });

  test(`both join at the same instant, ${JOIN_REPETITIONS} times: always one working call`, { timeout: 60_000 + JOIN_REPETITIONS * 60_000 }, async () => {
    for (let round = 1; round <= JOIN_REPETITIONS; round++) {
      const session = await paidSession(server.url);
      const [camille, hugo] = await Promise.all([openMeet(session, 'demandeur'), openMeet(session, 'prestataire')]);
      const joinButtons = [camille.page, hugo.page].map((page) => page.getByRole('button', { name: m.meet.join }));
      await Promise.all(joinButtons.map((button) => button.waitFor()));
      await Promise.all(joinButtons.map((button) => button.click()));
      await expectCallWorking([camille.page, hugo.page], session.callId);
      await Promise.all([camille.context.close(), hugo.context.close()]);
    }
  });

  test('a third account and a participant before payment are refused: no signaling, no media', { timeout: 120_000 }, async () => {
    const session = await paidSession(server.url);
    const unpaid = await paidSession(server.url, { paid: false });
    const stranger = await HttpClient.signUp(server.url, 'Stranger');
    const camille = await openMeet(session, 'demandeur');
    await join(camille.page);
    await camille.page.getByText(t('meet.waitingFor', { name: 'Hugo' })).waitFor();

    const outsider = await personContext(browser, server.url, stranger);
    allowConsoleError(
      new RegExp(`^Failed to load resource: the server responded with a status of 404 \\(Not Found\\) \\(at http://127\\.0\\.0\\.1:\\d+/api/meet-sessions/${session.meetSessionId}\\)$`),
      'a third account opens the call page: the session is unknown to them (404), which Chromium logs as a failed resource load',
    );
    await outsider.page.goto(`/meet/${session.meetSessionId}`);
    await outsider.page.getByRole('alert').waitFor();
    expect(await outsider.page.getByRole('button', { name: m.meet.join }).count()).toBe(0);
    // Even speaking the protocol by hand from that browser gets only a refusal.
    expect(await joinByHand(outsider.page, session.meetSessionId)).toEqual(['meet.refused:MEET_SESSION_NOT_FOUND']);

    const early = await openMeet(unpaid, 'prestataire');
    await early.page.getByText(m.meet.locked).waitFor();
    expect(await early.page.getByRole('button', { name: m.meet.join }).count()).toBe(0);
    expect(await joinByHand(early.page, unpaid.meetSessionId)).toEqual(['meet.refused:MEET_SESSION_NOT_READY']);

    for (const page of [outsider.page, early.page]) expect(await readCall(page)).toBeNull();
    // The participant saw nobody come in.
    expect(await readCall(camille.page)).toBeNull();
    await camille.page.getByText(t('meet.waitingFor', { name: 'Hugo' })).waitFor();
    await Promise.all([camille.context.close(), outsider.context.close(), early.context.close()]);
  });

  test('one side reloads mid-call: back in the same call with frames flowing both ways', { timeout: 120_000 }, async () => {
    const session = await paidSession(server.url);
    const camille = await openMeet(session, 'demandeur');
    const hugo = await openMeet(session, 'prestataire');
    await join(camille.page);
    await join(hugo.page);
    await expectCallWorking([camille.page, hugo.page], session.callId);

    await hugo.page.reload();
    // No lobby after a reload: straight back into the call.
    await expectCallWorking([hugo.page, camille.page], session.callId);
    await Promise.all([camille.context.close(), hugo.context.close()]);
  });

  test('the socket is cut: a reconnecting banner, then the call recovered on the same page', { timeout: 120_000 }, async () => {
    const session = await paidSession(server.url);
    const camille = await openMeet(session, 'demandeur');
    const hugo = await personContext(browser, server.url, session.prestataire);
    const link = { outage: false, current: undefined as WebSocketRoute | undefined };
    await hugo.page.routeWebSocket(/\/ws$/, (socket) => {
      if (link.outage) return socket.close({ code: 1006 });
      link.current = socket;
      socket.connectToServer();
    });
    await hugo.page.goto(`/meet/${session.meetSessionId}`);
    await join(camille.page);
    await join(hugo.page);
    await expectCallWorking([camille.page, hugo.page], session.callId);
    const banner = hugo.page.getByRole('alert').filter({ hasText: m.meet.reconnecting });

    link.outage = true;
    await link.current!.close({ code: 1006 });
    await banner.waitFor();
    link.outage = false;
    await banner.waitFor({ state: 'detached' });
    await expectCallWorking([hugo.page, camille.page], session.callId);
    await Promise.all([camille.context.close(), hugo.context.close()]);
  });
});

/** Both pages connected, frames rising in each, both showing the session's callId. */
async function expectCallWorking(pages: Page[], callId: string): Promise<void> {
  for (const page of pages) {
    await page.getByText(t('meet.callId', { callId })).waitFor();
    const { before, after, reading } = await framesRising(page);
    expect(reading.connectionState).toBe('connected');
    expect(after).toBeGreaterThan(before);
  }
}

/** Opens `/ws` from the page and sends `meet.join` itself; answers the call messages it got. */
function joinByHand(page: Page, meetSessionId: string): Promise<string[]> {
  return page.evaluate(
    (id) =>
      new Promise<string[]>((resolve) => {
        const socket = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/ws`);
        const got: string[] = [];
        socket.onmessage = (event) => {
          const message = JSON.parse(String(event.data)) as { type: string; code?: string };
          if (message.type === 'ready') socket.send(JSON.stringify({ v: 1, type: 'meet.join', meetSessionId: id, peerId: 'by-hand-0001' }));
          if (message.type.startsWith('meet.')) got.push(`${message.type}:${message.code ?? ''}`);
          // Whatever else might come (it must not) would arrive within this moment.
          if (message.type === 'meet.refused') setTimeout(() => resolve(got), 1_000);
        };
      }),
    meetSessionId,
  );
}
