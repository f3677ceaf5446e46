/**
 * Relay only (`ICE_TRANSPORT_POLICY=relay`): the call goes through a real coturn, with the
 * per-user credentials the server mints from the shared secret.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { framesRising, launchCallBrowser, paidSession, startCall, type PaidSession } from './support/call.ts';
import { texts } from './support/flows.ts';
import { startWebServer, type WebServer } from './support/server.ts';
import { startTurnServer, type TurnServer } from './support/turn.ts';

const { m } = texts('fr');

describe('a call relayed through coturn', () => {
  let turn: TurnServer;
  let server: WebServer;
  let browser: Browser;

  beforeAll(async () => {
    turn = await startTurnServer();
    [server, browser] = await Promise.all([
      startWebServer('pglite', { TURN_URLS: [turn.url], TURN_SECRET: turn.secret, ICE_TRANSPORT_POLICY: 'relay' }),
      launchCallBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await turn?.stop();
  });

  const callOnServer = async (session: PaidSession) => {
    const { camille, hugo } = await startCall(browser, session, { demandeur: server.url, prestataire: server.url });
    return [camille, hugo];
  };

  test('with iceTransportPolicy relay, frames flow both ways and the selected candidates are relay ones', { timeout: 120_000 }, async () => {
    const session = await paidSession(server.url);
    const people = await callOnServer(session);
    for (const { page } of people) {
      const { before, after, reading } = await framesRising(page);
      expect(reading.connectionState).toBe('connected');
      expect(after).toBeGreaterThan(before);
      expect(reading.selectedPair).toEqual(['relay', 'relay']);
    }
    // coturn saw the server-minted credentials (`expiry:userId`) of both people.
    for (const person of [session.demandeur, session.prestataire]) expect(turn.log()).toMatch(new RegExp(`\\d+:${person.user.id}`));
    await Promise.all(people.map(({ context }) => context.close()));
  });

  test('the relay goes down mid-call: a reconnecting banner, an ICE restart, and frames again once it is back', { timeout: 180_000 }, async () => {
    const session = await paidSession(server.url);
    const people = await callOnServer(session);
    const usernameFragments = await Promise.all(people.map(({ page }) => localUsernameFragment(page)));

    await turn.stop();
    for (const { page } of people) await page.getByRole('alert').filter({ hasText: m.meet.reconnecting }).waitFor({ timeout: 60_000 });
    turn = await startTurnServer({ port: turn.port, secret: turn.secret });
    for (const { page } of people) {
      await page.getByRole('alert').filter({ hasText: m.meet.reconnecting }).waitFor({ state: 'detached', timeout: 60_000 });
      const { before, after, reading } = await framesRising(page);
      expect(after).toBeGreaterThan(before);
      expect(reading.selectedPair).toEqual(['relay', 'relay']);
    }
    // New ICE credentials: the path was found again by an ICE restart, not by the old one recovering.
    const restarted = await Promise.all(people.map(({ page }) => localUsernameFragment(page)));
    restarted.forEach((fragment, i) => expect(fragment).not.toBe(usernameFragments[i]));
    await Promise.all(people.map(({ context }) => context.close()));
  });
});

/** The ICE username fragment of the page's current local description (an ICE restart changes it). */
function localUsernameFragment(page: Page): Promise<string | undefined> {
  return page.evaluate(() => {
    const pc = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections.at(-1)!;
    return /a=ice-ufrag:(\S+)/.exec(pc.localDescription?.sdp ?? '')?.[1];
  });
}
