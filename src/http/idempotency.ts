import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db, Tx } from '../db/client.ts';
import { inTransaction } from '../db/transaction.ts';
import { AppError } from '../errors/app-error.ts';
import { claimKey, findAnswer, storeAnswer, type KeyOf } from './idempotency.repo.ts';

/** What a creating route answers: a status and a JSON body. */
export interface Answer {
  status: number;
  body: unknown;
}

const KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * The request's `Idempotency-Key` (none: the request runs as it is), scoped to the account, with
 * what makes two requests "the same": method, path and body.
 */
export function idempotencyKeyOf(request: FastifyRequest, accountId: string): KeyOf | undefined {
  const key = request.headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || !KEY.test(key)) {
    throw new AppError('VALIDATION_FAILED', 'Idempotency-Key: 1 to 255 visible ASCII characters.', { field: 'Idempotency-Key' });
  }
  const fingerprint = createHash('sha256').update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`).digest('hex');
  return { accountId, key, fingerprint };
}

/**
 * Runs a creation at most once per key: the key is claimed, the thing created and its answer
 * stored in one transaction, so a retry (after a 502, a lost connection, a double send) gets the
 * first answer, and a concurrent retry waits for the first and gets it too. A refused creation
 * (4xx) rolls back with its key: fixing the request and sending it again with the key is allowed.
 */
export async function createOnce(db: Db, key: KeyOf | undefined, create: (tx: Tx) => Promise<Answer>): Promise<Answer & { replayed: boolean }> {
  return inTransaction(db, async (tx) => {
    if (key === undefined || (await claimKey(tx, key))) {
      const answer = await create(tx);
      if (key) await storeAnswer(tx, key, answer);
      return { ...answer, replayed: false };
    }
    const stored = await findAnswer(tx, key);
    if (!stored || stored.fingerprint !== key.fingerprint || stored.statusCode === null) {
      throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for another request.');
    }
    return { status: stored.statusCode, body: stored.response, replayed: true };
  });
}

/** Sends a creation's answer; a replay says so (`Idempotent-Replayed`, as Stripe). */
export function sendAnswer(reply: FastifyReply, answer: Answer & { replayed: boolean }): FastifyReply {
  if (answer.replayed) reply.header('idempotent-replayed', 'true');
  return reply.status(answer.status).send(answer.body);
}
