/**
 * Fixtures for the call: a meet session made `ready` directly in SQL (the payment flow lives on
 * its own branch; here only its outcome matters), and a `/ws` client speaking the call protocol.
 */
import { sql } from 'drizzle-orm';
import WebSocket from 'ws';
import type { Db } from '../../src/db/client.ts';
import type { MeetServerMessage } from '../../src/shared/meet.ts';
import { PROTOCOL_VERSION } from '../../src/shared/realtime.ts';
import type { FastifyInstance } from 'fastify';
import { demandeWithOffres, signUp, type Client } from './app.ts';
import { waitUntil } from './wait.ts';

export interface CallFixture {
  demandeur: Client;
  prestataire: Client;
  /** Offered on the same demande, refused when the other offre was accepted. */
  rival: Client;
  stranger: Client;
  meetSessionId: string;
  callId: string;
}

/** A demande, two offres, the first accepted; the session is paid when `paid` (the default). */
export async function callFixture(app: FastifyInstance, db: Db, { paid = true } = {}): Promise<CallFixture> {
  const demandeur = await signUp(app, 'Camille');
  const prestataire = await signUp(app, 'Hugo');
  const rival = await signUp(app, 'Léa');
  const stranger = await signUp(app, 'Stranger');
  const { offreIds } = await demandeWithOffres(demandeur, [prestataire, rival]);
  const accepted = await demandeur.post(`/api/offres/${offreIds[0]}/accept`);
  if (accepted.statusCode !== 200) throw new Error(`accept failed: ${accepted.body}`);
  const { meetSessionId, callId } = accepted.json();
  if (paid) await markSessionPaid(db, meetSessionId);
  return { demandeur, prestataire, rival, stranger, meetSessionId, callId };
}

/** What a succeeded payment does to the session (see the payments branch). */
export async function markSessionPaid(db: Db, meetSessionId: string): Promise<void> {
  await db.execute(sql`update meet_sessions set status = 'ready' where id = ${meetSessionId}`);
}

type Message = MeetServerMessage | { type: string; [key: string]: unknown };

/** One `/ws` connection used for the call protocol, recording every message it receives. */
export class CallSocket {
  readonly received: Message[] = [];

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => this.received.push(JSON.parse(data.toString()) as Message));
  }

  static async open(baseUrl: string, cookie: string): Promise<CallSocket> {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/ws`, { headers: { cookie } });
    const socket = new CallSocket(ws);
    await socket.next((m) => m.type === 'ready');
    return socket;
  }

  join(meetSessionId: string, peerId: string): void {
    this.send({ type: 'meet.join', meetSessionId, peerId });
  }

  send(message: object): void {
    this.ws.send(JSON.stringify({ v: PROTOCOL_VERSION, ...message }));
  }

  /** The first message (received so far or later) that `accept`s. */
  next(accept: (message: Message) => boolean, timeoutMs = 15_000): Promise<Message> {
    return waitUntil(`a matching message among ${this.received.length}+ received`, () => this.received.find(accept), timeoutMs);
  }

  /** Every call message received (the `/ws` housekeeping left out). */
  callMessages(): Message[] {
    return this.received.filter((m) => m.type.startsWith('meet.'));
  }

  close(): void {
    this.ws.close();
  }
}
