import type { FastifyInstance } from 'fastify';
import { SANDBOX_SIGNATURE_HEADER, type SandboxEvent } from '../../src/payments/sandbox/sandbox-event.ts';
import { signatureHeader } from '../../src/payments/sandbox/webhook-signature.ts';
import { newSandboxEvent } from '../../src/payments/sandbox/webhook-sender.ts';
import { demandeWithOffres, signUp, type Client } from './app.ts';
import { HttpClient } from './http.ts';
import { waitUntil } from './wait.ts';

export interface AcceptedSession {
  demandeur: Client;
  prestataire: Client;
  stranger: Client;
  demandeId: string;
  offreId: string;
  meetSessionId: string;
}

/** A demandeur who accepted a prestataire's offre (5000 cents), and a third account with no part in it. */
export async function acceptedSession(app: FastifyInstance): Promise<AcceptedSession> {
  const demandeur = await signUp(app, 'Camille');
  const prestataire = await signUp(app, 'Hugo');
  const stranger = await signUp(app, 'Stranger');
  const { demandeId, offreIds } = await demandeWithOffres(demandeur, [prestataire]);
  const accepted = await demandeur.post(`/api/offres/${offreIds[0]}/accept`);
  if (accepted.statusCode !== 200) throw new Error(`accept failed: ${accepted.body}`);
  return { demandeur, prestataire, stranger, demandeId, offreId: offreIds[0]!, meetSessionId: accepted.json().meetSessionId };
}

export interface SignOptions {
  secret: string;
  /** Unix seconds; now by default. */
  timestamp?: number;
}

const signed = (event: SandboxEvent | string, { secret, timestamp }: SignOptions) => {
  const body = typeof event === 'string' ? event : JSON.stringify(event);
  return { body, headers: { 'content-type': 'application/json', [SANDBOX_SIGNATURE_HEADER]: signatureHeader(secret, body, timestamp) } };
};

export const SANDBOX_WEBHOOK_PATH = '/api/payments/webhook/sandbox';

/** Posts a sandbox event to the webhook endpoint, signed as the sandbox signs it (in process). */
export function postSandboxWebhook(app: FastifyInstance, event: SandboxEvent | string, options: SignOptions) {
  const { body, headers } = signed(event, options);
  return app.inject({ method: 'POST', url: SANDBOX_WEBHOOK_PATH, headers, payload: body });
}

/** The same, over HTTP to a listening server, as the sandbox's sender delivers it. */
export function deliverSandboxWebhook(to: HttpClient, event: SandboxEvent | string, options: SignOptions) {
  return to.send('POST', SANDBOX_WEBHOOK_PATH, signed(event, options));
}

export const sandboxEvent = newSandboxEvent;

export const SUCCESS_CARD = { cardNumber: '4242 4242 4242 4242', expiry: '12/34', cvc: '123' };

/**
 * Pays a meet session as its demandeur does: starts the payment, submits the sandbox's hosted
 * checkout with the success card, then waits for the sandbox's signed webhook (posted to the
 * server's own listening address) to make the session `ready`. The state is the real one: a
 * succeeded payment, its events, the session ready (what `npm run doctor` checks).
 */
export async function payThroughSandbox(demandeur: HttpClient, meetSessionId: string): Promise<{ paymentId: string }> {
  const started = await demandeur.post(`/api/meet-sessions/${meetSessionId}/payment`);
  if (started.status !== 200) throw new Error(`start payment failed: ${started.status} ${JSON.stringify(started.body)}`);
  const { paymentId, checkoutUrl } = started.body as { paymentId: string; checkoutUrl: string };
  // The checkout link is on PUBLIC_URL; the same path is asked of the server the client talks to.
  const submitted = await demandeur.submitForm(new URL(checkoutUrl).pathname, SUCCESS_CARD);
  if (submitted.status !== 303) throw new Error(`sandbox checkout answered ${submitted.status}: ${submitted.body}`);
  await waitUntil(
    `the sandbox webhook to make session ${meetSessionId} ready`,
    async () => ((await demandeur.get(`/api/meet-sessions/${meetSessionId}`)).body.status === 'ready' ? true : undefined),
    { timeoutMs: 30_000, intervalMs: 50 },
  );
  return { paymentId };
}
