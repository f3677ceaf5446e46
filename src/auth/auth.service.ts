import { createHmac, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Db, Tx } from '../db/client.ts';
import type { UserRow } from '../db/schema.ts';
import { inTransaction } from '../db/transaction.ts';
import { AppError } from '../errors/app-error.ts';
import type { loginInput, registerInput } from '../shared/schemas.ts';
import type { z } from 'zod';
import { publishMessage } from '../bus/bus.ts';
import * as repo from './auth.repo.ts';
import { hashToken, newSessionToken } from './tokens.ts';

export const SESSION_TTL_MS = 30 * 24 * 3600_000;

/**
 * Sign-in limits, after OWASP's authentication guidance: failures are counted per (account,
 * address) pair and per address, so a stranger's guesses throttle the stranger, never the owner
 * signing in from elsewhere. Only evidence of a distributed attack (more failures on one account
 * than one address may make, so from several) locks the account, and then only for browsers that
 * never signed in to it: the owner's own browser carries a device proof and still gets in.
 */
export const LOGIN_LIMITS = {
  windowMs: 15 * 60_000,
  /** Guesses one address may make at one account. */
  perAccountAndAddress: 5,
  /** Guesses one address may make at all accounts (credential stuffing). */
  perAddress: 30,
  /** Failures on one account, from any number of addresses, that lock it to unknown browsers. */
  perAccount: 20,
};

export const SIGN_UP_WINDOW_MS = 3600_000;

// argon2id with the library's defaults (OWASP's minimum: m=19 MiB, t=2, p=1). Tens of ms of CPU:
// never inside a transaction, which would hold a connection (PGlite's only one) meanwhile.
export const hashPassword = (password: string) => hash(password);
// Compared against when the email is unknown, so both cases take the same time.
const decoyHash = hash('decoy password that matches nothing');

export interface SignedIn {
  user: UserRow;
  token: string;
  expiresAt: Date;
  /** Proves later that this browser signed in to this account (the device cookie). */
  deviceProof: string;
}

/** Where a request comes from: its address, and the device proof its browser holds, if any. */
export interface LoginClient {
  ip: string;
  deviceProof?: string | undefined;
}

/**
 * OWASP's "device cookie": an HMAC keyed by the account's password hash, which only the server
 * holds; it changes with the password, and needs no table.
 */
const deviceProofOf = (user: UserRow) => createHmac('sha256', user.passwordHash).update(`accord-device:${user.id}`).digest('base64url');

function isDeviceOf(user: UserRow | undefined, proof: string | undefined): boolean {
  if (!user || !proof) return false;
  const expected = Buffer.from(deviceProofOf(user));
  const given = Buffer.from(proof);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const tooManyAttempts = () =>
  new AppError('TOO_MANY_LOGIN_ATTEMPTS', 'Too many failed sign-in attempts. Wait a few minutes and try again.');

export const invalidCredentials = () => new AppError('INVALID_CREDENTIALS', 'Wrong email or password.');

/** Registers an account from `ip`, at most `perHour` from one address (each attempt counts). */
export async function register(db: Db, input: z.output<typeof registerInput>, { ip, perHour }: { ip: string; perHour: number }, now = new Date()): Promise<SignedIn> {
  await inTransaction(db, async (tx) => {
    await repo.lockRateKeys(tx, [`sign-up:${ip}`]);
    if ((await repo.countSignUps(tx, ip, new Date(now.getTime() - SIGN_UP_WINDOW_MS))) >= perHour) {
      throw new AppError('TOO_MANY_SIGN_UPS', 'Too many accounts were created from this address. Try again later.');
    }
    await repo.recordSignUp(tx, ip);
  });
  const passwordHash = await hashPassword(input.password);
  return inTransaction(db, (tx) => createAccount(tx, input, passwordHash));
}

/** A new account and its first session, its password hashed beforehand (`hashPassword`, outside any transaction). */
export async function createAccount(tx: Tx, input: { email: string; displayName: string }, passwordHash: string): Promise<SignedIn> {
  return openSession(tx, await repo.insertUser(tx, { email: input.email, passwordHash, displayName: input.displayName }));
}

/**
 * Checks the password, within the limits. The attempt is claimed (counted as a failure) in one
 * short transaction under the locks of its address and account before the password is checked,
 * so a burst checks no more passwords than the limits allow; a right password then takes the
 * claim back.
 */
export async function login(db: Db, input: z.output<typeof loginInput>, client: LoginClient, now = new Date()): Promise<SignedIn> {
  const accountKey = input.email;
  const user = await repo.findUserByEmail(db, input.email);
  const knownDevice = isDeviceOf(user, client.deviceProof);
  await inTransaction(db, (tx) => claimLoginAttempt(tx, accountKey, client.ip, knownDevice, now));
  const valid = await verify(user?.passwordHash ?? (await decoyHash), input.password);
  // The claimed attempt stays: it is this failure.
  if (!user || !valid) throw invalidCredentials();
  return inTransaction(db, async (tx) => {
    await repo.clearLoginFailures(tx, accountKey, client.ip);
    return openSession(tx, user);
  });
}

async function claimLoginAttempt(tx: Tx, accountKey: string, ip: string, knownDevice: boolean, now: Date): Promise<void> {
  const since = new Date(now.getTime() - LOGIN_LIMITS.windowMs);
  // Always the address first, then the account: two attempts never wait on each other in a cycle.
  await repo.lockRateKeys(tx, [`login-address:${ip}`, `login-account:${accountKey}`]);
  const pair = await repo.countLoginFailures(tx, since, { accountKey, ip });
  const address = await repo.countLoginFailures(tx, since, { ip });
  if (pair >= LOGIN_LIMITS.perAccountAndAddress || address >= LOGIN_LIMITS.perAddress) throw tooManyAttempts();
  if (!knownDevice && (await repo.countLoginFailures(tx, since, { accountKey })) >= LOGIN_LIMITS.perAccount) throw tooManyAttempts();
  await repo.recordLoginFailure(tx, accountKey, ip);
  await repo.purgeLoginFailuresBefore(tx, since);
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
  return { user, token, expiresAt, deviceProof: deviceProofOf(user) };
}
