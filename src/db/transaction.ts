import { DEADLOCK_DETECTED, postgresError, SERIALIZATION_FAILURE, UNIQUE_VIOLATION } from '../server/errors.ts';
import type { Db, Tx } from './client.ts';

export interface TransactionOptions {
  /**
   * Also retry on a unique violation: for idempotent operations whose second attempt reads the
   * row the racing winner committed (acceptance returns the winner's session).
   */
  retryOnUniqueViolation?: boolean;
  attempts?: number;
}

/** Runs `work` in one transaction, retrying when PostgreSQL asks for it (serialization, deadlock). */
export async function inTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(work);
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
