import type { Tx } from '../db/client.ts';
import type { MeetSessionRow } from '../db/schema.ts';
import { notify, notifyAll } from './notifications.service.ts';

type SessionRef = Pick<MeetSessionRow, 'id' | 'demandeId' | 'offreId' | 'demandeurId' | 'prestataireId'>;

const about = (session: SessionRef) => ({ meetSessionId: session.id, demandeId: session.demandeId, offreId: session.offreId });

/** Tells both participants the payment went through: the call is open to them. */
export async function notifyPaymentSucceeded(tx: Tx, session: SessionRef): Promise<void> {
  await notifyAll(
    tx,
    [session.demandeurId, session.prestataireId].map((userId) => ({ userId, kind: 'payment.succeeded', ...about(session) })),
  );
}

/** Tells the prestataire that the demandeur called the meeting off. */
export async function notifySessionCancelled(tx: Tx, session: SessionRef): Promise<void> {
  await notify(tx, { userId: session.prestataireId, kind: 'meet_session.cancelled', ...about(session) });
}
