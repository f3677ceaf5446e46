import type { Actor } from '../auth/actor.ts';
import type { Db, Tx } from '../db/client.ts';
import type { MeetSessionRow, PaymentRow } from '../db/schema.ts';
import { inTransaction } from '../db/transaction.ts';
import { cancelDemandeOfCancelledSession, lockDemande } from '../demandes/demandes.service.ts';
import { rejectOffreOfCancelledSession } from '../offres/offres.service.ts';
import { settleWithProvider, type PaymentFlows } from '../payments/payments.flows.ts';
import { settleCancelledSession } from '../payments/payments.service.ts';
import { cancelLockedSession, getMeetSession, lockMeetSession } from '../sessions/sessions.service.ts';
import { getMeetSessionDetails, type MeetSessionDetails } from './meet.service.ts';

export interface Cancellation {
  session: MeetSessionRow;
  /** A succeeded payment still to give back through its provider. */
  toRefund: PaymentRow | undefined;
  /** An unpaid attempt just canceled here, whose checkout the provider should close too. */
  toClose: PaymentRow | undefined;
}

/**
 * The demandeur calls the deal off before the call started: the session is cancelled, its offre
 * rejected and its demande cancelled (a demande has one meet session for good: meet_sessions'
 * unique demande key), an unpaid attempt canceled. Repeating it only reports what is left to refund.
 */
export async function cancelSessionAndDeal(tx: Tx, actor: Actor, meetSessionId: string, now = new Date()): Promise<Cancellation> {
  const { session: seen } = await getMeetSession(tx, actor, meetSessionId, 'cancel');
  // The lock order of every decision on a demande: the demande row, then the session, then the payment.
  await lockDemande(tx, seen.demandeId);
  const locked = await lockMeetSession(tx, meetSessionId);
  const wasCancelled = locked.status === 'cancelled';
  const session = await cancelLockedSession(tx, actor, locked);
  if (!wasCancelled) {
    await rejectOffreOfCancelledSession(tx, actor, session, now);
    await cancelDemandeOfCancelledSession(tx, actor, session);
  }
  return { session, ...(await settleCancelledSession(tx, actor, meetSessionId)) };
}

/**
 * The session is cancelled first, in one transaction (from then on nobody can join it), then its
 * payment settled with the provider. If the refund fails, asking to cancel again retries it.
 */
export async function cancelMeetSession(flows: PaymentFlows & { db: Db }, actor: Actor, meetSessionId: string): Promise<MeetSessionDetails> {
  const cancellation = await inTransaction(flows.db, (tx) => cancelSessionAndDeal(tx, actor, meetSessionId));
  const { demandeId, offreId, callId } = cancellation.session;
  flows.log.info({ demandeId, offreId, meetSessionId, callId, refunding: cancellation.toRefund?.id ?? null }, 'meet session cancelled');
  await settleWithProvider(flows, actor, cancellation);
  return getMeetSessionDetails(flows.db, actor, meetSessionId);
}
