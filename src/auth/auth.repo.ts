import { and, count, eq, gt, lt, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { authSessions, loginFailures, users, type UserRow } from '../db/schema.ts';

export async function insertUser(tx: Tx, values: { email: string; passwordHash: string; displayName: string }): Promise<UserRow> {
  const [user] = await tx.insert(users).values(values).returning();
  return user!;
}

export async function findUserByEmail(tx: Tx, email: string): Promise<UserRow | undefined> {
  const [user] = await tx.select().from(users).where(eq(sql`lower(${users.email})`, email.toLowerCase()));
  return user;
}

export async function insertAuthSession(tx: Tx, values: { tokenHash: string; userId: string; expiresAt: Date }): Promise<void> {
  await tx.insert(authSessions).values(values);
}

export async function findUserBySessionToken(tx: Tx, tokenHash: string, now: Date): Promise<UserRow | undefined> {
  const [row] = await tx
    .select({ user: users })
    .from(authSessions)
    .innerJoin(users, eq(users.id, authSessions.userId))
    .where(and(eq(authSessions.tokenHash, tokenHash), gt(authSessions.expiresAt, now)));
  return row?.user;
}

export async function deleteAuthSession(tx: Tx, tokenHash: string): Promise<void> {
  await tx.delete(authSessions).where(eq(authSessions.tokenHash, tokenHash));
}

export async function recordLoginFailure(tx: Tx, accountKey: string, ip: string): Promise<void> {
  await tx.insert(loginFailures).values({ accountKey, ip });
}

export async function countLoginFailures(tx: Tx, since: Date, by: { accountKey: string } | { ip: string }): Promise<number> {
  const who = 'accountKey' in by ? eq(loginFailures.accountKey, by.accountKey) : eq(loginFailures.ip, by.ip);
  const [row] = await tx.select({ n: count() }).from(loginFailures).where(and(who, gt(loginFailures.at, since)));
  return row?.n ?? 0;
}

export async function clearLoginFailures(tx: Tx, accountKey: string): Promise<void> {
  await tx.delete(loginFailures).where(eq(loginFailures.accountKey, accountKey));
}

export async function purgeLoginFailuresBefore(tx: Tx, before: Date): Promise<void> {
  await tx.delete(loginFailures).where(lt(loginFailures.at, before));
}
