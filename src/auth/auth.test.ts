import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_LIMITS } from './auth.service.ts';
import { anonymous, createTestApp, sessionCookieOf, signUp, type TestApp } from '../../test/support/app.ts';
import { DATABASE_KINDS } from '../../test/support/databases.ts';
import { openDatabase, type Database } from '../db/client.ts';
import { buildApp } from '../server/app.ts';

describe.each(DATABASE_KINDS)('accounts on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.close());

  it('registers, reads /api/me with the session cookie, logs out', async () => {
    const alice = await signUp(t.app, 'Alice');
    const me = await alice.get('/api/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({ user: alice.user });

    const out = await alice.post('/api/auth/logout');
    expect(out.statusCode).toBe(204);
    expect((await alice.get('/api/me')).statusCode).toBe(401);
  });

  it('sets an HttpOnly, SameSite=Lax session cookie and never returns the password hash', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { email: 'cookie@test.accord', password: 'long enough password', displayName: 'Cookie' },
    });
    expect(response.statusCode).toBe(201);
    const cookie = response.cookies.find((c) => c.name === 'accord_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(response.body).not.toMatch(/argon2|passwordHash/);
  });

  it('logs in case-insensitively and refuses a wrong password', async () => {
    await signUp(t.app, 'Bob');
    const email = 'Login.Case@Test.Accord';
    await t.app.inject({ method: 'POST', url: '/api/auth/register', payload: { email, password: 'correct horse battery', displayName: 'Case' } });
    const ok = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: email.toLowerCase(), password: 'correct horse battery' } });
    expect(ok.statusCode).toBe(200);
    expect(sessionCookieOf(ok)).toMatch(/^accord_session=/);
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: 'not the password' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('INVALID_CREDENTIALS');
  });

  it('refuses a second account with the same email, whatever its case', async () => {
    const payload = { email: 'twice@test.accord', password: 'correct horse battery', displayName: 'Twice' };
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/register', payload })).statusCode).toBe(201);
    const again = await t.app.inject({ method: 'POST', url: '/api/auth/register', payload: { ...payload, email: 'TWICE@test.accord' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('EMAIL_TAKEN');
  });

  it('names the invalid field', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/auth/register', payload: { email: 'nope', password: 'short', displayName: '' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'email' });
  });

  it('throttles one address’s guesses at one account, even its right password afterwards', async () => {
    const victim = await signUp(t.app, 'Victim');
    const attempt = (password: string) =>
      t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: victim.user.email, password } });
    for (let i = 0; i < LOGIN_LIMITS.perAccountAndAddress; i++) expect((await attempt('wrong password')).statusCode).toBe(401);
    const blocked = await attempt('correct horse battery');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('TOO_MANY_LOGIN_ATTEMPTS');
  });

  it('rate-limits failed logins per IP across accounts', async () => {
    const remoteAddress = '203.0.113.9';
    const attempt = (i: number) =>
      t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, payload: { email: `nobody-${i}@test.accord`, password: 'guess' } });
    for (let i = 0; i < LOGIN_LIMITS.perAddress; i++) expect((await attempt(i)).statusCode).toBe(401);
    expect((await attempt(-1)).statusCode).toBe(429);
    const otherIp = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'nobody@test.accord', password: 'guess' } });
    expect(otherIp.statusCode).toBe(401);
  });

  it('answers 401 to anonymous requests on signed-in routes', async () => {
    const response = await anonymous(t.app).get('/api/demandes');
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a state-changing request from another origin (CSRF) and accepts its own', async () => {
    const alice = await signUp(t.app, 'Origin');
    const payload = { title: 'Une demande', description: 'Texte' };
    const foreign = await t.app.inject({
      method: 'POST',
      url: '/api/demandes',
      payload,
      headers: { cookie: alice.cookie!, origin: 'https://evil.example' },
    });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error.code).toBe('ORIGIN_NOT_ALLOWED');
    const own = await t.app.inject({
      method: 'POST',
      url: '/api/demandes',
      payload,
      headers: { cookie: alice.cookie!, origin: t.config.PUBLIC_URL },
    });
    expect(own.statusCode).toBe(201);
  });
});

describe('session cookie flags in production', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite', { config: { NODE_ENV: 'production', PUBLIC_URL: 'https://accord.example' } });
  });
  afterAll(() => t.close());

  const sessionCookie = (response: { cookies: { name: string; secure?: boolean; httpOnly?: boolean; sameSite?: string; path?: string; expires?: Date }[] }) =>
    response.cookies.find((c) => c.name === 'accord_session')!;

  it('sets and clears the session cookie Secure, HttpOnly and SameSite=Lax', async () => {
    const credentials = { email: 'prod@test.accord', password: 'correct horse battery' };
    const registered = await t.app.inject({ method: 'POST', url: '/api/auth/register', payload: { ...credentials, displayName: 'Prod' } });
    const loggedIn = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: credentials });
    for (const response of [registered, loggedIn]) {
      expect(sessionCookie(response)).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax', path: '/' });
    }
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: sessionCookieOf(loggedIn) } });
    const cleared = sessionCookie(out);
    expect(cleared).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cleared.expires!.getTime()).toBeLessThanOrEqual(Date.now());
  });
});

describe('login rate limit across two instances on one PostgreSQL', () => {
  let a: TestApp;
  let b: Awaited<ReturnType<typeof buildApp>>;
  let bDatabase: Database;
  beforeAll(async () => {
    a = await createTestApp('postgres');
    bDatabase = await openDatabase({ databaseUrl: a.url, dataDir: 'unused', poolSize: 2 });
    b = await buildApp({ config: a.config, database: bDatabase });
  });
  afterAll(async () => {
    await b.close();
    await bDatabase.close();
    await a.close();
  });

  it('counts the failures made on either instance', async () => {
    const victim = await signUp(a.app, 'Shared');
    const attempt = (app: typeof b, password: string) => app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: victim.user.email, password } });
    for (let i = 0; i < LOGIN_LIMITS.perAccountAndAddress; i++) expect((await attempt(i % 2 ? a.app : b, 'wrong password')).statusCode).toBe(401);
    expect((await attempt(a.app, 'correct horse battery')).statusCode).toBe(429);
    expect((await attempt(b, 'correct horse battery')).statusCode).toBe(429);
  });
});
