import { and, desc, eq, max, notInArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { paymentWebhookEvents, payments, type PaymentRow } from '../db/schema.ts';
import type { PaymentProviderName, PaymentStatus } from '../shared/statuses.ts';

/** The attempt that is neither failed nor canceled; the partial unique index allows one at most. */
export async function findLivePayment(tx: Db, meetSessionId: string): Promise<PaymentRow | undefined> {
  const [row] = await tx
    .select()
    .from(payments)
    .where(and(eq(payments.meetSessionId, meetSessionId), notInArray(payments.status, ['failed', 'canceled'])));
  return row;
}

export async function findLatestPayment(tx: Db, meetSessionId: string): Promise<PaymentRow | undefined> {
  const [row] = await tx.select().from(payments).where(eq(payments.meetSessionId, meetSessionId)).orderBy(desc(payments.attempt)).limit(1);
  return row;
}

export async function lastAttempt(tx: Db, meetSessionId: string): Promise<number> {
  const [row] = await tx.select({ last: max(payments.attempt) }).from(payments).where(eq(payments.meetSessionId, meetSessionId));
  return row?.last ?? 0;
}

export async function insertPayment(
  tx: Tx,
  values: { meetSessionId: string; attempt: number; provider: PaymentProviderName; amountCents: number },
): Promise<PaymentRow> {
  const [row] = await tx.insert(payments).values(values).returning();
  return row!;
}

export async function findPayment(tx: Db, id: string): Promise<PaymentRow | undefined> {
  const [row] = await tx.select().from(payments).where(eq(payments.id, id));
  return row;
}

export async function findPaymentByCheckout(tx: Db, provider: PaymentProviderName, checkoutId: string): Promise<PaymentRow | undefined> {
  const [row] = await tx
    .select()
    .from(payments)
    .where(and(eq(payments.provider, provider), eq(payments.providerCheckoutId, checkoutId)));
  return row;
}

export async function lockPayment(tx: Tx, id: string): Promise<PaymentRow> {
  const [row] = await tx.select().from(payments).where(eq(payments.id, id)).for('update');
  return row!;
}

/** Records the provider's checkout once; a racing second recording keeps the first. */
export async function recordCheckout(tx: Tx, id: string, checkout: { checkoutUrl: string; providerCheckoutId: string }): Promise<PaymentRow> {
  const [row] = await tx
    .update(payments)
    .set({
      checkoutUrl: sql`coalesce(${payments.checkoutUrl}, ${checkout.checkoutUrl})`,
      providerCheckoutId: sql`coalesce(${payments.providerCheckoutId}, ${checkout.providerCheckoutId})`,
    })
    .where(eq(payments.id, id))
    .returning();
  return row!;
}

export async function updatePaymentStatus(
  tx: Tx,
  id: string,
  change: { status: PaymentStatus; providerPaymentId?: string | undefined; failureCode?: string | undefined },
): Promise<PaymentRow> {
  const [row] = await tx
    .update(payments)
    .set({
      status: change.status,
      updatedAt: sql`now()`,
      ...(change.providerPaymentId ? { providerPaymentId: change.providerPaymentId } : {}),
      ...(change.failureCode ? { failureCode: change.failureCode } : {}),
    })
    .where(eq(payments.id, id))
    .returning();
  return row!;
}

/** Claims a provider event; false when it was already applied (a replayed delivery). */
export async function claimWebhookEvent(
  tx: Tx,
  event: { provider: PaymentProviderName; eventId: string; type: string; paymentId: string | null },
): Promise<boolean> {
  const inserted = await tx.insert(paymentWebhookEvents).values(event).onConflictDoNothing().returning({ eventId: paymentWebhookEvents.eventId });
  return inserted.length === 1;
}
