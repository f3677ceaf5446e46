import { mayOnMeetSession } from '../access/access.ts';
import type { Actor } from '../auth/actor.ts';
import type { Db, Tx } from '../db/client.ts';
import type { MeetSessionRow, PaymentRow } from '../db/schema.ts';
import { conflict } from '../errors/app-error.ts';
import { appendEvent, type EventKind } from '../events/events.repo.ts';
import { offrePriceCents } from '../offres/offres.repo.ts';
import { getMeetSession, lockMeetSession, markSessionPaid } from '../sessions/sessions.service.ts';
import { idSchema } from '../shared/schemas.ts';
import type { PaymentProviderName, PaymentStatus } from '../shared/statuses.ts';
import { canMove, isPayable } from './payment-status.ts';
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
  await getMeetSession(tx, actor, meetSessionId, 'pay');
  const session = await lockMeetSession(tx, meetSessionId);
  if (session.status === 'cancelled') throw conflict('MEET_SESSION_CANCELLED', 'This meet session was cancelled.');

  const live = await repo.findLivePayment(tx, meetSessionId);
  if (live) return { payment: live, session, created: false };

  const payment = await repo.insertPayment(tx, {
    meetSessionId,
    attempt: (await repo.lastAttempt(tx, meetSessionId)) + 1,
    provider,
    amountCents: await offrePriceCents(tx, session.offreId),
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
  const session = await lockMeetSession(tx, found.meetSessionId);
  return { session, payment: await repo.lockPayment(tx, paymentId) };
}

/**
 * Moves a payment forward, or leaves it when the move would go back (a late or replayed update).
 * A succeeded payment is reported to its session, which opens.
 */
async function movePayment(tx: Tx, paymentId: string, to: Settled, move: Move): Promise<{ payment: PaymentRow; moved: boolean }> {
  const { session, payment: current } = await lockWithSession(tx, paymentId);
  if (!canMove(current.status, to)) return { payment: current, moved: false };

  const payment = await repo.updatePaymentStatus(tx, paymentId, { status: to, providerPaymentId: move.providerPaymentId, failureCode: move.failureCode });
  const details = { ...(move.failureCode ? { failureCode: move.failureCode } : {}), ...(move.reason ? { reason: move.reason } : {}) };
  await appendEvent(tx, { kind: `payment.${to}` satisfies EventKind, actorId: move.actorId, ...eventIds(session), data: { ...paymentData(payment), from: current.status, ...details } });
  if (to === 'succeeded') await markSessionPaid(tx, session, paymentId);
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

/**
 * The session was just cancelled (under its lock): its unpaid attempt is canceled here (the caller
 * closes the provider's checkout), and a succeeded one is answered, to be refunded.
 */
export async function settleCancelledSession(tx: Tx, actor: Actor, meetSessionId: string): Promise<{ toRefund: PaymentRow | undefined; toClose: PaymentRow | undefined }> {
  const live = await repo.findLivePayment(tx, meetSessionId);
  const toRefund = live?.status === 'succeeded' ? live : undefined;
  if (!live || !isPayable(live.status)) return { toRefund, toClose: undefined };
  const { payment } = await movePayment(tx, live.id, 'canceled', { actorId: actor.id });
  return { toRefund, toClose: payment };
}

/**
 * The payment behind a sandbox checkout page. Its unguessable id in the URL is the only key, as
 * with Stripe's checkout: the page shows an amount and takes test cards, nothing else.
 */
export async function sandboxPaymentForCheckout(tx: Db, payer: Actor | undefined, paymentId: string): Promise<PaymentRow | undefined> {
  if (!idSchema.safeParse(paymentId).success) return undefined;
  const payment = await repo.findPayment(tx, paymentId);
  if (payment?.provider !== 'sandbox') return undefined;
  // The payment's id is no key: the prestataire sees it too. Only the payer's own account pays.
  return (await mayOnMeetSession(tx, payer, payment.meetSessionId, 'pay')) ? payment : undefined;
}

/** The session's latest payment attempt, whatever its status. */
export const latestPaymentOf = repo.findLatestPayment;
