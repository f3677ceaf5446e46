import { hashToken, newSessionToken } from '../../src/auth/tokens.ts';
import type { Db } from '../../src/db/client.ts';
import { authSessions } from '../../src/db/schema.ts';

/** A new session cookie for an existing account, without a login: for tests that log it out. */
export async function throwawaySessionCookie(db: Db, userId: string): Promise<string> {
  const token = newSessionToken();
  await db.insert(authSessions).values({ tokenHash: hashToken(token), userId, expiresAt: new Date(Date.now() + 3600_000) });
  return `accord_session=${token}`;
}
