import type { Actor } from '../auth/actor.ts';
import type { Tx } from '../db/client.ts';
import type { MeetSessionRow } from '../db/schema.ts';
import { lockDemande, updateDemandeStatus } from '../demandes/demandes.repo.ts';
import { appendEvent } from '../events/events.repo.ts';
import { notifyPaymentSucceeded, notifySessionCancelled } from '../notifications/session-notifications.ts';
import { getMeetSession } from '../meet/meet.service.ts';
import { updateOffreStatus } from '../offres/offres.repo.ts';
import { conflict, forbidden } from '../server/errors.ts';
import { idSchema } from '../shared/schemas.ts';
import type { PaymentProviderName, PaymentStatus } from '../shared/payments.ts';
import { canMove, isPayable } from './payment-status.ts';
import type { PaymentRow } from './payments.schema.ts';
import type { PaymentUpdate } from './provider.ts';
import * as repo from './payments.repo.ts';

type Settled = Exclude<PaymentStatus, 'requires_payment'>;

const eventIds = (session: MeetSessionRow) => ({ demandeId: session.demandeId, offreId: session.offreId, meetSessionId: session.id });

const paymentData = (payment: PaymentRow) => ({
  paymentId: payment.id,
  attempt: payment.attempt,
  provider: payment.provider,
  amountCents: payment.amountCents,
  currency: payment.currency,
});

/** The session as its demandeur acts on it: a participant who is not the demandeur is refused. */
async function sessionOfDemandeur(tx: Tx, actor: Actor, meetSessionId: string, action: string): Promise<MeetSessionRow> {
  const { session } = await getMeetSession(tx, actor, meetSessionId);
  if (session.demandeurId !== actor.id) throw forbidden(`Only the demandeur can ${action} this meet session.`);
  return session;
}

export interface OpenedAttempt {
  payment: PaymentRow;
  session: MeetSessionRow;
  created: boolean;
}

/**
 * The session's live payment attempt, opened if there is none: the first, or a new one after a
 * failed or canceled attempt. The session row lock makes concurrent calls queue and find the same
 * attempt; the payments_one_live_per_session index backs it (I4).
 */
export async function openPaymentAttempt(tx: Tx, actor: Actor, meetSessionId: string, provider: PaymentProviderName): Promise<OpenedAttempt> {
  await sessionOfDemandeur(tx, actor, meetSessionId, 'pay for');
  const session = (await repo.lockMeetSession(tx, meetSessionId))!;
  if (session.status === 'cancelled') throw conflict('MEET_SESSION_CANCELLED', 'This meet session was cancelled.');

  const live = await repo.findLivePayment(tx, meetSessionId);
  if (live) return { payment: live, session, created: false };

  const payment = await repo.insertPayment(tx, {
    meetSessionId,
    attempt: (await repo.lastAttempt(tx, meetSessionId)) + 1,
    provider,
    amountCents: await repo.offrePrice(tx, session.offreId),
  });
  await appendEvent(tx, { kind: 'payment.created', actorId: actor.id, ...eventIds(session), data: paymentData(payment) });
  return { payment, session, created: true };
}

export const recordCheckout = repo.recordCheckout;

interface Move {
  actorId: string | null;
  providerPaymentId?: string | undefined;
  failureCode?: string | undefined;
  reason?: string;
}

/** Locks the payment's session, then the payment: the order every payment change takes, after the demande when it needs it. */
async function lockWithSession(tx: Tx, paymentId: string): Promise<{ session: MeetSessionRow; payment: PaymentRow }> {
  const found = (await repo.findPayment(tx, paymentId))!;
  const session = (await repo.lockMeetSession(tx, found.meetSessionId))!;
  return { session, payment: await repo.lockPayment(tx, paymentId) };
}

/**
 * Moves a payment forward, or leaves it when the move would go back (a late or replayed update).
 * A succeeded payment opens its session.
 */
async function movePayment(tx: Tx, paymentId: string, to: Settled, move: Move): Promise<{ payment: PaymentRow; moved: boolean }> {
  const { session, payment: current } = await lockWithSession(tx, paymentId);
  if (!canMove(current.status, to)) return { payment: current, moved: false };

  const payment = await repo.updatePaymentStatus(tx, paymentId, { status: to, providerPaymentId: move.providerPaymentId, failureCode: move.failureCode });
  const details = { ...(move.failureCode ? { failureCode: move.failureCode } : {}), ...(move.reason ? { reason: move.reason } : {}) };
  await appendEvent(tx, { kind: `payment.${to}`, actorId: move.actorId, ...eventIds(session), data: { ...paymentData(payment), from: current.status, ...details } });
  if (to === 'succeeded' && session.status === 'awaiting_payment') {
    await repo.updateMeetSessionStatus(tx, session.id, 'ready');
    await appendEvent(tx, { kind: 'meet_session.ready', actorId: null, ...eventIds(session), data: { paymentId } });
    await notifyPaymentSucceeded(tx, session);
  }
  return { payment, moved: true };
}

export interface WebhookResult {
  /** `refund_due`: paid at the provider for an attempt canceled here; nothing is recorded until the money is back. */
  outcome: 'applied' | 'stale' | 'duplicate' | 'ignored' | 'refund_due';
  payment: PaymentRow | undefined;
}

async function paymentOfUpdate(tx: Tx, provider: PaymentProviderName, { payment: target }: PaymentUpdate): Promise<PaymentRow | undefined> {
  if (!target) return undefined;
  const payment = 'id' in target ? await repo.findPayment(tx, target.id) : await repo.findPaymentByCheckout(tx, provider, target.checkoutId);
  return payment?.provider === provider ? payment : undefined;
}

const claim = (tx: Tx, provider: PaymentProviderName, update: PaymentUpdate, payment: PaymentRow | undefined) =>
  repo.claimWebhookEvent(tx, { provider, eventId: update.eventId, type: update.type, paymentId: payment?.id ?? null });

/**
 * Applies one verified provider event, once: its id is claimed in the same transaction as the
 * change, so a replay (or a concurrent duplicate) finds the claim and changes nothing.
 */
export async function applyPaymentUpdate(tx: Tx, provider: PaymentProviderName, update: PaymentUpdate): Promise<WebhookResult> {
  const ours = await paymentOfUpdate(tx, provider, update);
  if (ours && update.status === 'succeeded') {
    const { payment: current } = await lockWithSession(tx, ours.id);
    // Left unclaimed on purpose: should the refund fail, the provider's next delivery tries again.
    if (current.status === 'canceled') return { outcome: 'refund_due', payment: current };
  }
  if (!(await claim(tx, provider, update, ours))) return { outcome: 'duplicate', payment: ours };
  if (!ours || !update.status || update.status === 'requires_payment') return { outcome: 'ignored', payment: ours };
  const move = { actorId: null, providerPaymentId: update.providerPaymentId, failureCode: update.failureCode };
  const { payment: after, moved } = await movePayment(tx, ours.id, update.status, move);
  return { outcome: moved ? 'applied' : 'stale', payment: after };
}

/** Records the refund of money that arrived for a canceled attempt, and claims the event that brought it. */
export async function recordLateRefund(tx: Tx, provider: PaymentProviderName, update: PaymentUpdate, payment: PaymentRow): Promise<WebhookResult> {
  if (!(await claim(tx, provider, update, payment))) return { outcome: 'duplicate', payment };
  const move = { actorId: null, providerPaymentId: update.providerPaymentId, reason: 'paid_after_cancellation' };
  const { payment: after, moved } = await movePayment(tx, payment.id, 'refunded', move);
  return { outcome: moved ? 'applied' : 'stale', payment: after };
}

export async function markRefunded(tx: Tx, actor: Actor, payment: PaymentRow): Promise<void> {
  await movePayment(tx, payment.id, 'refunded', { actorId: actor.id });
}

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
export async function cancelSession(tx: Tx, actor: Actor, meetSessionId: string, now = new Date()): Promise<Cancellation> {
  const { demandeId, offreId } = await sessionOfDemandeur(tx, actor, meetSessionId, 'cancel');
  // The lock order of every decision on a demande: the demande row, then the session, then the payment.
  await lockDemande(tx, demandeId);
  const session = (await repo.lockMeetSession(tx, meetSessionId))!;
  const live = await repo.findLivePayment(tx, meetSessionId);
  const toRefund = live?.status === 'succeeded' ? live : undefined;
  if (session.status === 'cancelled') return { session, toRefund, toClose: undefined };
  if (await repo.callHasStarted(tx, meetSessionId)) {
    throw conflict('CALL_ALREADY_STARTED', 'The call has started; this meet session can no longer be cancelled.');
  }

  const reason = 'meet_session_cancelled';
  await repo.updateMeetSessionStatus(tx, meetSessionId, 'cancelled');
  await appendEvent(tx, { kind: 'meet_session.cancelled', actorId: actor.id, ...eventIds(session), data: { reason: 'cancelled_by_demandeur' } });
  await notifySessionCancelled(tx, session);
  await updateOffreStatus(tx, offreId, 'rejected', now);
  await appendEvent(tx, { kind: 'offre.rejected', actorId: actor.id, demandeId, offreId, data: { reason } });
  await updateDemandeStatus(tx, demandeId, 'cancelled');
  await appendEvent(tx, { kind: 'demande.cancelled', actorId: actor.id, demandeId, data: { reason, meetSessionId } });

  if (live && isPayable(live.status)) {
    const { payment } = await movePayment(tx, live.id, 'canceled', { actorId: actor.id });
    return { session, toRefund, toClose: payment };
  }
  return { session, toRefund, toClose: undefined };
}

/**
 * The payment behind a sandbox checkout page. Its unguessable id in the URL is the only key, as
 * with Stripe's checkout: the page shows an amount and takes test cards, nothing else.
 */
export async function sandboxPaymentForCheckout(tx: Tx, paymentId: string): Promise<PaymentRow | undefined> {
  if (!idSchema.safeParse(paymentId).success) return undefined;
  const payment = await repo.findPayment(tx, paymentId);
  return payment?.provider === 'sandbox' ? payment : undefined;
}
