/**
 * The call page beyond the connection: screen sharing (a renegotiation), leaving and the review,
 * and joining without a camera or without any device.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { framesRising, joinCall, launchCallBrowser, paidSession, personContext, readCall, startCall, waitForRemoteFrames } from './support/call.ts';
import { texts } from './support/flows.ts';
import { startWebServer, type WebServer } from './support/server.ts';

const { m, t } = texts('fr');

describe('the call page', () => {
  let server: WebServer;
  let browser: Browser;
  let promptingBrowser: Browser;

  beforeAll(async () => {
    [server, browser, promptingBrowser] = await Promise.all([startWebServer('pglite'), launchCallBrowser(), launchCallBrowser({ permissionPrompts: true })]);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), promptingBrowser?.close()]);
    await server?.close();
  });

  const isPlaying = (page: Page, label: string) =>
    page.getByLabel(label).evaluate((video: HTMLVideoElement) => video.videoWidth > 0 && !video.paused);

  test('sharing a screen renegotiates: the other side sees the screen large, then the camera again', { timeout: 120_000 }, async () => {
    const session = await paidSession(server.url);
    const { camille, hugo } = await startCall(browser, session, { demandeur: server.url, prestataire: server.url });

    await hugo.page.getByRole('button', { name: m.meet.shareScreen }).click();
    const screenLabel = t('meet.remoteScreen', { name: 'Hugo' });
    await camille.page.getByLabel(screenLabel).waitFor();
    await expect.poll(() => isPlaying(camille.page, screenLabel), { timeout: 30_000 }).toBe(true);
    await expect.poll(async () => (await readCall(camille.page))?.videoStreamsDecoding, { timeout: 30_000 }).toBe(2);

    await hugo.page.getByRole('button', { name: m.meet.stopSharing }).click();
    await camille.page.getByLabel(screenLabel).waitFor({ state: 'detached' });
    await expect.poll(() => isPlaying(camille.page, t('meet.remoteVideo', { name: 'Hugo' })), { timeout: 30_000 }).toBe(true);
    expect((await framesRising(camille.page)).reading.connectionState).toBe('connected');
    await Promise.all([camille.context.close(), hugo.context.close()]);
  });

  test('leaving ends the call for me, the other waits; my review is stored once', { timeout: 120_000 }, async () => {
    const session = await paidSession(server.url);
    const { camille, hugo } = await startCall(browser, session, { demandeur: server.url, prestataire: server.url });
    await camille.page.getByText(/^\d\d:\d\d$/).waitFor();

    await camille.page.getByRole('button', { name: m.meet.leave }).click();
    await camille.page.getByRole('heading', { name: m.meet.endedTitle }).waitFor();
    await hugo.page.getByText(t('meet.waitingFor', { name: 'Camille' })).waitFor();
    expect(await readCall(hugo.page)).toBeNull();

    await camille.page.getByLabel(t('meet.review.stars', { count: 4 })).check();
    await camille.page.getByLabel(m.meet.review.comment).fill('Très clair, merci Hugo.');
    await camille.page.getByRole('button', { name: m.meet.review.submit }).click();
    await camille.page.getByRole('status').filter({ hasText: m.meet.review.sent }).waitFor();
    const reviewUrl = `/api/meet-sessions/${session.meetSessionId}/review`;
    expect((await session.demandeur.get(reviewUrl)).body.review).toMatchObject({ rating: 4, comment: 'Très clair, merci Hugo.' });
    expect((await session.demandeur.post(reviewUrl, { rating: 1 })).status).toBe(409);

    // A reload after leaving shows the lobby, not the call.
    await camille.page.reload();
    await camille.page.getByRole('button', { name: m.meet.join }).waitFor();
    const kinds = (await session.demandeur.get(`/api/meet-sessions/${session.meetSessionId}/timeline`)).body.events.map((e: { kind: string }) => e.kind);
    expect(kinds.filter((kind: string) => kind.startsWith('call.'))).toEqual(['call.joined', 'call.joined', 'call.left']);
    await Promise.all([camille.context.close(), hugo.context.close()]);
  });

  test('a person who refuses the camera and microphone is guided, joins anyway and receives the other’s video', { timeout: 120_000 }, async () => {
    const session = await paidSession(server.url);
    const camille = await personContext(browser, server.url, session.demandeur);
    const hugo = await personContext(promptingBrowser, server.url, session.prestataire);
    await joinCall(camille.page, session.meetSessionId);
    await hugo.page.goto(`/meet/${session.meetSessionId}`);
    await hugo.page.getByRole('alert').filter({ hasText: m.meet.denied }).waitFor();
    await hugo.page.getByRole('button', { name: m.meet.join }).click();
    const { before, after } = await framesRising(hugo.page);
    expect(after).toBeGreaterThan(before);
    // Nothing to send: the other side is connected and decodes no video from them.
    await expect.poll(async () => (await readCall(camille.page))?.connectionState, { timeout: 30_000 }).toBe('connected');
    expect((await readCall(camille.page))!.framesDecoded).toBe(0);
    await Promise.all([camille.context.close(), hugo.context.close()]);
  });

  test('with the microphone allowed and the camera not, the call is audio-only for that person', { timeout: 120_000 }, async () => {
    const session = await paidSession(server.url);
    const camille = await personContext(browser, server.url, session.demandeur);
    const hugo = await personContext(promptingBrowser, server.url, session.prestataire);
    await hugo.context.grantPermissions(['microphone'], { origin: server.url });
    await joinCall(camille.page, session.meetSessionId);
    await hugo.page.goto(`/meet/${session.meetSessionId}`);
    await hugo.page.getByText(m.meet.audioOnly).waitFor();
    await hugo.page.getByRole('button', { name: m.meet.join }).click();
    await waitForRemoteFrames(hugo.page);
    await expect.poll(() => inboundAudioBytes(camille.page), { timeout: 30_000 }).toBeGreaterThan(0);
    expect((await readCall(camille.page))!.framesDecoded).toBe(0);
    expect(await hugo.page.getByRole('button', { name: m.meet.cameraOff }).isDisabled()).toBe(true);
    await Promise.all([camille.context.close(), hugo.context.close()]);
  });
});

/** Bytes of the other person's sound received so far. */
function inboundAudioBytes(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const pc = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections.at(-1)!;
    const stats = [...(await pc.getStats()).values()] as Record<string, unknown>[];
    return stats.filter((s) => s.type === 'inbound-rtp' && s.kind === 'audio').reduce((sum, s) => sum + Number(s.bytesReceived ?? 0), 0);
  });
}
