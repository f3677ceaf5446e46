/** Fixtures for the call: a meet session accepted and, unless told otherwise, paid through the sandbox. */
import type { FastifyInstance } from 'fastify';
import { demandeWithOffres, signUp, type Client } from './app.ts';
import { HttpClient } from './http.ts';
import { payThroughSandbox } from './payments.ts';
import { TestSocket } from './realtime.ts';

export interface CallFixture {
  demandeur: Client;
  prestataire: Client;
  /** Offered on the same demande, refused when the other offre was accepted. */
  rival: Client;
  stranger: Client;
  meetSessionId: string;
  callId: string;
}

/**
 * A demande, two offres, the first accepted; when `paid` (the default) the demandeur pays through
 * the sandbox, whose webhook reaches the app over HTTP: the app must be listening. When `joined`,
 * the demandeur's page then enters the call over `/ws` (the session is `in_call`).
 */
export async function callFixture(app: FastifyInstance, { paid = true, joined = false } = {}): Promise<CallFixture> {
  const demandeur = await signUp(app, 'Camille');
  const prestataire = await signUp(app, 'Hugo');
  const rival = await signUp(app, 'Léa');
  const stranger = await signUp(app, 'Stranger');
  const { offreIds } = await demandeWithOffres(demandeur, [prestataire, rival]);
  const accepted = await demandeur.post(`/api/offres/${offreIds[0]}/accept`);
  if (accepted.statusCode !== 200) throw new Error(`accept failed: ${accepted.body}`);
  const { meetSessionId, callId } = accepted.json();
  if (paid) await payThroughSandbox(HttpClient.of(listeningUrl(app), demandeur), meetSessionId);
  if (joined) {
    const socket = await TestSocket.open(listeningUrl(app), demandeur.cookie);
    socket.join(meetSessionId, 'fixture-page');
    await socket.nextCall((m) => m.type === 'meet.joined');
    socket.close();
  }
  return { demandeur, prestataire, rival, stranger, meetSessionId, callId };
}

function listeningUrl(app: FastifyInstance): string {
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('a paid callFixture needs the app listening (the sandbox posts its webhook to it): `await listen(app)` first');
  return `http://127.0.0.1:${address.port}`;
}
