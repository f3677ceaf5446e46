import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, signUp, type TestApp } from '../../test/support/app.ts';
import { DATABASE_KINDS } from '../../test/support/databases.ts';
import { LOGIN_LIMITS } from './auth.service.ts';

/**
 * Whether the database was free while argon2 ran: on PGlite, a transaction holds the one
 * connection, so a query asked for meanwhile waits for it (`held`).
 */
const probe = vi.hoisted(() => ({ query: undefined as (() => Promise<unknown>) | undefined, seen: [] as string[] }));
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof import('@node-rs/argon2')>();
  const check = async (what: string) => {
    if (!probe.query) return;
    const held = new Promise<string>((resolve) => setTimeout(() => resolve('held'), 2_000));
    probe.seen.push(`${what}: ${await Promise.race([probe.query().then(() => 'free'), held])}`);
  };
  return {
    ...real,
    hash: async (...args: Parameters<typeof real.hash>) => (await check('hash'), real.hash(...args)),
    verify: async (...args: Parameters<typeof real.verify>) => (await check('verify'), real.verify(...args)),
  };
});

const PASSWORD = 'correct horse battery';
const cookieOf = (response: LightMyRequestResponse, name: string) => `${name}=${response.cookies.find((c) => c.name === name)!.value}`;

describe.each(DATABASE_KINDS)('sign-in and sign-up limits on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind, { config: { SIGN_UPS_PER_ADDRESS_PER_HOUR: 3 } });
  });
  afterAll(() => t.close());

  const login = (email: string, password: string, remoteAddress: string, cookie?: string) =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, payload: { email, password }, headers: cookie ? { cookie } : {} });
  const register = (email: string, remoteAddress: string) =>
    t.app.inject({ method: 'POST', url: '/api/auth/register', remoteAddress, payload: { email, password: PASSWORD, displayName: 'Limited' } });

  // Security finding 2: five wrong passwords from anywhere locked the owner out for 15 minutes.
  it('throttles a stranger’s guesses, never the owner signing in from elsewhere', async () => {
    const owner = await signUp(t.app, 'Owner');
    for (let i = 0; i < LOGIN_LIMITS.perAccountAndAddress; i++) expect((await login(owner.user.email, 'wrong guess', '203.0.113.7')).statusCode).toBe(401);
    expect((await login(owner.user.email, PASSWORD, '203.0.113.7')).json().error.code).toBe('TOO_MANY_LOGIN_ATTEMPTS');
    expect((await login(owner.user.email, PASSWORD, '198.51.100.20')).statusCode).toBe(200);
  });

  it('locks an account under a distributed attack to unknown browsers only: the owner’s own still signs in', async () => {
    const registered = await register(`distributed-${kind}@test.accord`, '198.51.100.30');
    expect(registered.statusCode).toBe(201);
    const device = cookieOf(registered, 'accord_device');
    const { email } = registered.json().user;
    const addresses = Math.ceil(LOGIN_LIMITS.perAccount / LOGIN_LIMITS.perAccountAndAddress);
    for (let a = 0; a < addresses; a++) {
      for (let i = 0; i < LOGIN_LIMITS.perAccountAndAddress; i++) expect((await login(email, 'wrong guess', `192.0.2.${a + 1}`)).statusCode).toBe(401);
    }
    expect((await login(email, PASSWORD, '198.51.100.31')).json().error.code).toBe('TOO_MANY_LOGIN_ATTEMPTS');
    expect((await login(email, PASSWORD, '198.51.100.31', device)).statusCode).toBe(200);
    expect((await login(email, PASSWORD, '198.51.100.31', 'accord_device=forged')).statusCode).toBe(429);
  });

  it('limits sign-ups per address, every attempt counted', async () => {
    for (let i = 0; i < 3; i++) expect((await register(`many-${kind}-${i}@test.accord`, '203.0.113.50')).statusCode).toBe(201);
    const refused = await register(`many-${kind}-3@test.accord`, '203.0.113.50');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('TOO_MANY_SIGN_UPS');
    expect((await register(`many-${kind}-4@test.accord`, '203.0.113.51')).statusCode).toBe(201);
  });

  // Security finding 3: argon2 ran inside the transaction; on PGlite every query waited behind it.
  it.runIf(kind === 'pglite')('hashes and checks passwords with no transaction open', async () => {
    probe.seen = [];
    probe.query = () => t.database.db.execute(sql`select 1`);
    try {
      const registered = await register(`probe-${kind}@test.accord`, '198.51.100.40');
      expect(registered.statusCode).toBe(201);
      expect((await login(registered.json().user.email, PASSWORD, '198.51.100.40')).statusCode).toBe(200);
      expect((await login(registered.json().user.email, 'wrong guess', '198.51.100.40')).statusCode).toBe(401);
    } finally {
      probe.query = undefined;
    }
    expect(probe.seen).toEqual(['hash: free', 'verify: free', 'verify: free']);
  });

  // Security finding 6: in one burst of 30, 20–22 passwords were checked instead of 5, and the right one (13th) signed in.
  it.runIf(kind === 'postgres')('checks no more passwords than the limit in a concurrent burst from one address', async () => {
    const owner = await signUp(t.app, 'Burst');
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => login(owner.user.email, i === 12 ? PASSWORD : `wrong guess ${i}`, '203.0.113.99')),
    );
    const checked = answers.filter((a) => a.statusCode !== 429);
    expect(checked.length).toBeLessThanOrEqual(LOGIN_LIMITS.perAccountAndAddress);
    expect(answers.filter((a) => a.statusCode === 429).length).toBeGreaterThanOrEqual(30 - LOGIN_LIMITS.perAccountAndAddress);
    const rows = await t.database.db.execute(sql`select count(*)::int as n from login_failures where ip = '203.0.113.99'`);
    expect(Number((rows as unknown as { rows: { n: number }[] }).rows[0]!.n)).toBeLessThanOrEqual(LOGIN_LIMITS.perAccountAndAddress);
  });
});
