/**
 * Two people in one call, in real Chromium with fake camera and microphone: accounts and a paid
 * session made over HTTP, one browser context per person, and readings of each page's
 * RTCPeerConnection (recorded by an init script, so the app carries no test hook).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { HttpClient } from '../../support/http.ts';
import { payThroughSandbox } from '../../support/payments.ts';
import { waitUntil } from '../../support/wait.ts';
import { CHROMIUM_ARGS } from './browser.ts';
import { failOnPageProblems } from './page-problems.ts';
import { texts } from './flows.ts';

export const CALL_CHROMIUM_ARGS = [
  ...CHROMIUM_ARGS,
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
];

/**
 * Chromium with fake camera and microphone. With `permissionPrompts`, the permission prompt is not
 * auto-accepted: a context gets only what `grantPermissions` gives it (the rest is refused).
 */
export const launchCallBrowser = ({ permissionPrompts = false } = {}): Promise<Browser> =>
  chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: permissionPrompts ? CALL_CHROMIUM_ARGS.filter((arg) => arg !== '--use-fake-ui-for-media-stream') : CALL_CHROMIUM_ARGS,
  });

export interface PaidSession {
  demandeur: HttpClient;
  prestataire: HttpClient;
  meetSessionId: string;
  callId: string;
}

let sessions = 0;

/** Two accounts, a demande, an offre accepted, and (unless `paid: false`) the session paid through the sandbox. */
export async function paidSession(baseUrl: string, { paid = true } = {}): Promise<PaidSession> {
  const n = ++sessions;
  const demandeur = await HttpClient.signUp(baseUrl, `Camille Martin ${n}`);
  const prestataire = await HttpClient.signUp(baseUrl, `Hugo Lefèvre ${n}`);
  const demande = await demandeur.post('/api/demandes', { title: 'Cours de guitare', description: 'Une heure en visio.', budgetCents: 4000 });
  const offre = await prestataire.post(`/api/demandes/${demande.body.demande.id}/offres`, { priceCents: 3500, message: 'Disponible jeudi.' });
  const accepted = await demandeur.post(`/api/offres/${offre.body.offre.id}/accept`);
  if (accepted.status !== 200) throw new Error(`accept failed: ${JSON.stringify(accepted.body)}`);
  const { meetSessionId, callId } = accepted.body as { meetSessionId: string; callId: string };
  if (paid) await payThroughSandbox(demandeur, meetSessionId);
  return { demandeur, prestataire, meetSessionId, callId };
}

/** Records every RTCPeerConnection the page makes, in `window.__peerConnections`. */
function recordPeerConnections(): void {
  const Native = window.RTCPeerConnection;
  const made: RTCPeerConnection[] = [];
  (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections = made;
  window.RTCPeerConnection = class extends Native {
    constructor(configuration?: RTCConfiguration) {
      super(configuration);
      made.push(this);
    }
  } as typeof RTCPeerConnection;
}

/** A signed-in person's browser context (their session cookie), on `baseUrl`. */
export async function personContext(browser: Browser, baseUrl: string, person: HttpClient): Promise<Person> {
  const context = await browser.newContext({ baseURL: baseUrl, locale: 'fr-FR', viewport: { width: 1100, height: 800 } });
  failOnPageProblems(context);
  const [name, value] = person.cookie!.split('=') as [string, string];
  await context.addCookies([{ name, value, url: baseUrl }]);
  await context.addInitScript(recordPeerConnections);
  return { context, page: await context.newPage() };
}

export interface CallReading {
  connectionState: RTCPeerConnectionState;
  /** Video frames of the other person decoded so far (all inbound video streams). */
  framesDecoded: number;
  /** How many of the other person's video streams are decoding (camera, then a shared screen). */
  videoStreamsDecoding: number;
  /** Candidate types of the selected pair, e.g. `['relay', 'relay']`. */
  selectedPair: string[];
}

/** The page's current (last made, not closed) RTCPeerConnection, read through getStats. */
export function readCall(page: Page): Promise<CallReading | null> {
  return page.evaluate(async () => {
    const all = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
    const pc = [...all].reverse().find((p) => p.connectionState !== 'closed');
    if (!pc) return null;
    const stats = [...(await pc.getStats()).values()] as Record<string, unknown>[];
    const inboundVideo = stats.filter((s) => s.type === 'inbound-rtp' && s.kind === 'video');
    const framesDecoded = inboundVideo.reduce((sum, s) => sum + Number(s.framesDecoded ?? 0), 0);
    const videoStreamsDecoding = inboundVideo.filter((s) => Number(s.framesDecoded ?? 0) > 0).length;
    const transport = stats.find((s) => s.type === 'transport');
    const pair = stats.find((s) => s.type === 'candidate-pair' && s.id === transport?.selectedCandidatePairId);
    const typeOf = (id: unknown) => String(stats.find((s) => s.id === id)?.candidateType);
    return { connectionState: pc.connectionState, framesDecoded, videoStreamsDecoding, selectedPair: pair ? [typeOf(pair.localCandidateId), typeOf(pair.remoteCandidateId)] : [] };
  });
}

/** Waits until the page's connection is `connected` and remote frames are being decoded. */
export async function waitForRemoteFrames(page: Page, timeoutMs = 45_000): Promise<CallReading> {
  let last: CallReading | null = null;
  return waitUntil(
    () => `remote frames; last reading ${JSON.stringify(last)}`,
    async () => {
      last = await readCall(page);
      return last?.connectionState === 'connected' && last.framesDecoded > 0 ? last : undefined;
    },
    { timeoutMs, intervalMs: 100 },
  );
}

/**
 * Frames keep coming: a count read later is higher than the one read now. After a path change
 * the video resumes with the next key frame, so the rise is waited for (up to `timeoutMs`); the
 * last reading is answered either way, for the test to compare.
 */
export async function framesRising(page: Page, timeoutMs = 20_000): Promise<{ before: number; after: number; reading: CallReading }> {
  const before = (await waitForRemoteFrames(page)).framesDecoded;
  const deadline = Date.now() + timeoutMs;
  const reading = await waitUntil(
    'remote frames to keep coming',
    async () => {
      const now = (await readCall(page))!;
      return now.framesDecoded > before || Date.now() > deadline ? now : undefined;
    },
    { timeoutMs: timeoutMs + 10_000, intervalMs: 500 },
  );
  return { before, after: reading.framesDecoded, reading };
}

/** Opens the call page and joins from the lobby. */
export async function joinCall(page: Page, meetSessionId: string): Promise<void> {
  await page.goto(`/meet/${meetSessionId}`);
  await page.getByRole('button', { name: texts('fr').m.meet.join }).click();
}

export interface Person {
  context: BrowserContext;
  page: Page;
}

/** The demandeur, then the prestataire, join (each on their own server URL); both decode the other's video. */
export async function startCall(browser: Browser, session: PaidSession, urls: { demandeur: string; prestataire: string }): Promise<{ camille: Person; hugo: Person }> {
  const camille = await personContext(browser, urls.demandeur, session.demandeur);
  const hugo = await personContext(browser, urls.prestataire, session.prestataire);
  for (const { page } of [camille, hugo]) await joinCall(page, session.meetSessionId);
  for (const { page } of [camille, hugo]) await waitForRemoteFrames(page);
  return { camille, hugo };
}
