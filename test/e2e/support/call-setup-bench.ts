/**
 * Call setup time for `npm run bench`: from the second participant's click on "Rejoindre" to the
 * first remote video frame decoded in both pages (the later of the two: the call is up for both),
 * on loopback, in headless Chromium with fake devices, the first participant already waiting.
 */
import type { Page } from 'playwright-core';
import type { DatabaseKind } from '../../support/databases.ts';
import { launchCallBrowser, paidSession, personContext } from './call.ts';
import { texts } from './flows.ts';
import { startWebServer } from './server.ts';

const { m, t } = texts('fr');

/** Date.now() in the page once a remote video frame is decoded (the pages share the machine's clock). */
function firstRemoteFrameAt(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const made = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
    for (;;) {
      for (const pc of made) {
        const stats = [...(await pc.getStats()).values()] as Record<string, unknown>[];
        if (stats.some((s) => s.type === 'inbound-rtp' && s.kind === 'video' && Number(s.framesDecoded ?? 0) > 0)) return Date.now();
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  });
}

export interface CallSetupMeasurement {
  samplesMs: number[];
  medianMs: number;
}

export async function measureCallSetup({ runs = 10, kind = 'pglite' as DatabaseKind } = {}): Promise<CallSetupMeasurement> {
  const [server, browser] = await Promise.all([startWebServer(kind), launchCallBrowser()]);
  const samplesMs: number[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      const session = await paidSession(server.url);
      const camille = await personContext(browser, server.url, session.demandeur);
      const hugo = await personContext(browser, server.url, session.prestataire);
      await camille.page.goto(`/meet/${session.meetSessionId}`);
      await camille.page.getByRole('button', { name: m.meet.join }).click();
      await camille.page.getByText(t('meet.waitingFor', { name: 'Hugo' })).waitFor();
      await hugo.page.goto(`/meet/${session.meetSessionId}`);
      const join = hugo.page.getByRole('button', { name: m.meet.join });
      await join.waitFor();
      await hugo.page.waitForFunction((button) => !(button as HTMLButtonElement).disabled, await join.elementHandle());

      const framesAt = [firstRemoteFrameAt(camille.page), firstRemoteFrameAt(hugo.page)];
      const joinedAt = await join.evaluate((button: HTMLButtonElement) => {
        const at = Date.now();
        button.click();
        return at;
      });
      samplesMs.push(Math.max(...(await Promise.all(framesAt))) - joinedAt);
      await Promise.all([camille.context.close(), hugo.context.close()]);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const medianMs = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { samplesMs, medianMs };
}
