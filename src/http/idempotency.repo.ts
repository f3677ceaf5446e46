import { and, eq, lt, ne, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { idempotencyKeys } from '../db/schema.ts';

/** How long a key's answer is kept (Stripe's window). */
const WINDOW = sql`interval '24 hours'`;

export interface KeyOf {
  accountId: string;
  key: string;
  fingerprint: string;
}

/**
 * Claims the key for this transaction: true when it is new (or its previous use expired). A
 * concurrent claim of the same key waits here until the first transaction ends.
 */
export async function claimKey(tx: Tx, { accountId, key, fingerprint }: KeyOf): Promise<boolean> {
  const claimed = await tx
    .insert(idempotencyKeys)
    .values({ accountId, key, fingerprint })
    .onConflictDoUpdate({
      target: [idempotencyKeys.accountId, idempotencyKeys.key],
      set: { fingerprint, statusCode: null, response: null, createdAt: sql`now()` },
      setWhere: lt(idempotencyKeys.createdAt, sql`now() - ${WINDOW}`),
    })
    .returning({ key: idempotencyKeys.key });
  return claimed.length > 0;
}

export async function findAnswer(db: Db, { accountId, key }: KeyOf) {
  const [row] = await db
    .select({ fingerprint: idempotencyKeys.fingerprint, statusCode: idempotencyKeys.statusCode, response: idempotencyKeys.response })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.accountId, accountId), eq(idempotencyKeys.key, key)));
  return row;
}

/** Stores the answer, and forgets this account's expired keys on the way (nothing else sweeps them). */
export async function storeAnswer(tx: Tx, { accountId, key }: KeyOf, answer: { status: number; body: unknown }): Promise<void> {
  await tx
    .update(idempotencyKeys)
    .set({ statusCode: answer.status, response: answer.body })
    .where(and(eq(idempotencyKeys.accountId, accountId), eq(idempotencyKeys.key, key)));
  await tx
    .delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.accountId, accountId), ne(idempotencyKeys.key, key), lt(idempotencyKeys.createdAt, sql`now() - ${WINDOW}`)));
}
