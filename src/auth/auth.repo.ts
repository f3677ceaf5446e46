import { and, count, eq, gt, lt, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { authSessions, loginFailures, signUps, users, type UserRow } from '../db/schema.ts';

export async function insertUser(tx: Tx, values: { email: string; passwordHash: string; displayName: string }): Promise<UserRow> {
  const [user] = await tx.insert(users).values(values).returning();
  return user!;
}

export async function findUserByEmail(tx: Db, email: string): Promise<UserRow | undefined> {
  const [user] = await tx.select().from(users).where(eq(sql`lower(${users.email})`, email.toLowerCase()));
  return user;
}

export async function insertAuthSession(tx: Tx, values: { tokenHash: string; userId: string; expiresAt: Date }): Promise<void> {
  await tx.insert(authSessions).values(values);
}

/** What a request knows of its signed-in account (never the password hash). */
export type SessionAccount = Pick<UserRow, 'id' | 'email' | 'displayName'>;

const prepareAccountLookup = (db: Db) =>
  db
    .select({ id: users.id, email: users.email, displayName: users.displayName })
    .from(authSessions)
    .innerJoin(users, eq(users.id, authSessions.userId))
    .where(and(eq(authSessions.tokenHash, sql.placeholder('tokenHash')), gt(authSessions.expiresAt, sql`now()`)))
    .prepare('account_by_session_token');
const accountLookups = new WeakMap<Db, ReturnType<typeof prepareAccountLookup>>();

/**
 * The account of a live session. Every request runs it, so it is prepared once per database: its
 * SQL is built once and, on PostgreSQL, parsed and planned once per connection. It runs on `db`
 * itself, never inside a transaction.
 */
export async function findAccountBySessionToken(db: Db, tokenHash: string): Promise<SessionAccount | undefined> {
  let lookup = accountLookups.get(db);
  if (!lookup) accountLookups.set(db, (lookup = prepareAccountLookup(db)));
  const [account] = await lookup.execute({ tokenHash });
  return account;
}

export async function deleteAuthSession(tx: Tx, tokenHash: string): Promise<void> {
  await tx.delete(authSessions).where(eq(authSessions.tokenHash, tokenHash));
}

export async function recordLoginFailure(tx: Tx, accountKey: string, ip: string): Promise<void> {
  await tx.insert(loginFailures).values({ accountKey, ip });
}

/** Failures since `since` of an account, an address, or the pair. */
export async function countLoginFailures(tx: Tx, since: Date, by: { accountKey?: string; ip?: string }): Promise<number> {
  const who = and(
    by.accountKey === undefined ? undefined : eq(loginFailures.accountKey, by.accountKey),
    by.ip === undefined ? undefined : eq(loginFailures.ip, by.ip),
  );
  const [row] = await tx.select({ n: count() }).from(loginFailures).where(and(who, gt(loginFailures.at, since)));
  return row?.n ?? 0;
}

/** The pair's failures: a right password forgives its own address's guesses, not the others'. */
export async function clearLoginFailures(tx: Tx, accountKey: string, ip: string): Promise<void> {
  await tx.delete(loginFailures).where(and(eq(loginFailures.accountKey, accountKey), eq(loginFailures.ip, ip)));
}

export async function purgeLoginFailuresBefore(tx: Tx, before: Date): Promise<void> {
  await tx.delete(loginFailures).where(lt(loginFailures.at, before));
}

/**
 * Transaction-scoped advisory locks, one per key, taken in the order given: counting and recording
 * an attempt of the same key happen one transaction at a time, on every instance.
 */
export async function lockRateKeys(tx: Tx, keys: string[]): Promise<void> {
  for (const key of keys) await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}

export async function countSignUps(tx: Tx, ip: string, since: Date): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(signUps).where(and(eq(signUps.ip, ip), gt(signUps.at, since)));
  return row?.n ?? 0;
}

export async function recordSignUp(tx: Tx, ip: string): Promise<void> {
  await tx.insert(signUps).values({ ip });
  await tx.delete(signUps).where(lt(signUps.at, new Date(Date.now() - 24 * 3600_000)));
}
