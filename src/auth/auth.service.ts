import { hash, verify } from '@node-rs/argon2';
import type { Db, Tx } from '../db/client.ts';
import type { UserRow } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import type { loginInput, registerInput } from '../shared/schemas.ts';
import type { z } from 'zod';
import { publishMessage } from '../bus/bus.ts';
import * as repo from './auth.repo.ts';
import { hashToken, newSessionToken } from './tokens.ts';

export const SESSION_TTL_MS = 30 * 24 * 3600_000;
const FAILURE_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_IP = 30;

// argon2id with the library's defaults (OWASP's minimum: m=19 MiB, t=2, p=1).
const hashPassword = (password: string) => hash(password);
// Compared against when the email is unknown, so both cases take the same time.
const decoyHash = hash('decoy password that matches nothing');

export interface SignedIn {
  user: UserRow;
  token: string;
  expiresAt: Date;
}

export async function register(tx: Tx, input: z.output<typeof registerInput>): Promise<SignedIn> {
  const user = await repo.insertUser(tx, {
    email: input.email,
    passwordHash: await hashPassword(input.password),
    displayName: input.displayName,
  });
  return openSession(tx, user);
}

const tooManyAttempts = () =>
  new AppError('TOO_MANY_LOGIN_ATTEMPTS', 'Too many failed sign-in attempts. Wait a few minutes and try again.');

export const invalidCredentials = () => new AppError('INVALID_CREDENTIALS', 'Wrong email or password.');

/**
 * Checks the password; failed attempts are counted per account and per IP (rate limit).
 * A wrong password resolves to `undefined` rather than throwing, so the failure it recorded is
 * committed with the transaction; the caller refuses after the commit.
 */
export async function login(tx: Tx, input: z.output<typeof loginInput>, ip: string, now = new Date()): Promise<SignedIn | undefined> {
  const since = new Date(now.getTime() - FAILURE_WINDOW_MS);
  const accountKey = input.email;
  const [byAccount, byIp] = await Promise.all([
    repo.countLoginFailures(tx, since, { accountKey }),
    repo.countLoginFailures(tx, since, { ip }),
  ]);
  if (byAccount >= MAX_FAILURES_PER_ACCOUNT || byIp >= MAX_FAILURES_PER_IP) throw tooManyAttempts();

  const user = await repo.findUserByEmail(tx, input.email);
  const valid = await verify(user?.passwordHash ?? (await decoyHash), input.password);
  if (!user || !valid) {
    await repo.recordLoginFailure(tx, accountKey, ip);
    await repo.purgeLoginFailuresBefore(tx, since);
    return undefined;
  }
  await repo.clearLoginFailures(tx, accountKey);
  return openSession(tx, user);
}

/** Where an ended session is announced: every instance closes the sockets it had opened. */
export const SESSION_ENDED_CHANNEL = 'auth:session-ended';

export async function logout(tx: Tx, token: string): Promise<void> {
  const tokenHash = hashToken(token);
  await repo.deleteAuthSession(tx, tokenHash);
  await publishMessage(tx, SESSION_ENDED_CHANNEL, { tokenHash });
}

/** The account signed in with `token`, if its session is still live (outside any transaction). */
export async function accountForToken(db: Db, token: string): Promise<repo.SessionAccount | undefined> {
  return repo.findAccountBySessionToken(db, hashToken(token));
}

async function openSession(tx: Tx, user: UserRow): Promise<SignedIn> {
  const token = newSessionToken();
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await repo.insertAuthSession(tx, { tokenHash: hashToken(token), userId: user.id, expiresAt });
  return { user, token, expiresAt };
}
