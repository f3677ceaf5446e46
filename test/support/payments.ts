import type { FastifyInstance } from 'fastify';
import { SANDBOX_SIGNATURE_HEADER, type SandboxEvent } from '../../src/payments/sandbox/sandbox-event.ts';
import { signatureHeader } from '../../src/payments/sandbox/webhook-signature.ts';
import { newSandboxEvent } from '../../src/payments/sandbox/webhook-sender.ts';
import { demandeWithOffres, signUp, type Client } from './app.ts';

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

/** Posts a sandbox event to the webhook endpoint, signed as the sandbox signs it. */
export function postSandboxWebhook(app: FastifyInstance, event: SandboxEvent | string, { secret, timestamp }: SignOptions) {
  const body = typeof event === 'string' ? event : JSON.stringify(event);
  return app.inject({
    method: 'POST',
    url: '/api/payments/webhook/sandbox',
    headers: { 'content-type': 'application/json', [SANDBOX_SIGNATURE_HEADER]: signatureHeader(secret, body, timestamp) },
    payload: body,
  });
}

export const sandboxEvent = newSandboxEvent;

/** Polls until `check` returns a value (for asynchronous webhooks); fails with the last value after a generous time. */
export async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
