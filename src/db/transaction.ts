import type { Db, Tx } from './client.ts';
import { DEADLOCK_DETECTED, postgresError, SERIALIZATION_FAILURE, UNIQUE_VIOLATION } from './postgres-errors.ts';

export interface TransactionOptions {
  /**
   * Also retry on a unique violation: for idempotent operations whose second attempt reads the
   * row the racing winner committed (acceptance returns the winner's session).
   */
  retryOnUniqueViolation?: boolean;
  attempts?: number;
  /** A read-only snapshot: several reads that must agree with each other (a session and its payment). */
  snapshot?: boolean;
}

/**
 * Runs `work` in one transaction, retrying when PostgreSQL asks for it (serialization, deadlock).
 * The only maker of a `Tx`: what needs a transaction cannot be handed the pool by mistake.
 */
export async function inTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 5;
  const config = options.snapshot ? ({ isolationLevel: 'repeatable read', accessMode: 'read only' } as const) : undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction((tx) => work(tx as unknown as Tx), config);
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error, options)) throw error;
    }
  }
}

function isRetryable(error: unknown, options: TransactionOptions): boolean {
  const code = postgresError(error)?.code;
  if (code === SERIALIZATION_FAILURE || code === DEADLOCK_DETECTED) return true;
  return code === UNIQUE_VIOLATION && options.retryOnUniqueViolation === true;
}
