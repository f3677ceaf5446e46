import { createHmac } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { listen } from '../../test/support/http.ts';
import { DATABASE_KINDS } from '../../test/support/databases.ts';
import { callFixture, type CallFixture } from '../../test/support/meet.ts';
import { TestSocket } from '../../test/support/realtime.ts';
import { runDoctor } from '../doctor/doctor.ts';
import { turnCredentials } from './ice.ts';

const TURN = { TURN_URLS: ['turn:turn.example:3478?transport=udp', 'turns:turn.example:5349'], TURN_SECRET: 'a-shared-secret-of-coturn', TURN_TTL_SECONDS: 600, ICE_STUN_URLS: ['stun:stun.example:3478'] };

describe('TURN credentials (coturn use-auth-secret)', () => {
  it('are `expiry:userId` and base64 HMAC-SHA1 of it with the shared secret', () => {
    const now = Date.UTC(2026, 10, 25, 12, 0, 0);
    const { username, credential, expiresAt } = turnCredentials('s3cret', 'user-1', 600, now);
    expect(username).toBe(`${now / 1000 + 600}:user-1`);
    expect(credential).toBe(createHmac('sha1', 's3cret').update(username).digest('base64'));
    expect(expiresAt.toISOString()).toBe('2026-11-25T12:10:00.000Z');
  });
});

describe.each(DATABASE_KINDS)('call HTTP API on %s', (kind) => {
  let t: TestApp;
  let baseUrl: string;
  beforeAll(async () => {
    t = await createTestApp(kind, { config: TURN });
    // The paid fixture's sandbox posts its webhook to the listening app.
    baseUrl = await listen(t.app);
  });
  afterAll(() => t.close());

  it('pays the fixture through the sandbox: a session the doctor finds consistent', async () => {
    const f = await callFixture(t.app);
    expect((await f.demandeur.get(`/api/meet-sessions/${f.meetSessionId}`)).json()).toMatchObject({ status: 'ready', payment: { status: 'succeeded' } });
    const failing = (await runDoctor(t.database.db, kind)).checks.filter((check) => !check.ok).map((check) => check.id);
    expect(failing).toEqual([]);
  });

  it('gives each participant STUN and TURN servers with credentials of their own', async () => {
    const f = await callFixture(t.app);
    const before = Math.floor(Date.now() / 1000);
    const response = await f.prestataire.get(`/api/meet-sessions/${f.meetSessionId}/ice`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const ice = response.json();
    expect(ice.iceTransportPolicy).toBe('all');
    expect(ice.iceServers[0]).toEqual({ urls: TURN.ICE_STUN_URLS });
    const turn = ice.iceServers[1];
    expect(turn.urls).toEqual(TURN.TURN_URLS);
    const [expiry, userId] = turn.username.split(':');
    expect(userId).toBe(f.prestataire.user.id);
    expect(Number(expiry)).toBeGreaterThanOrEqual(before + 600);
    expect(Number(expiry)).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 600);
    expect(turn.credential).toBe(createHmac('sha1', TURN.TURN_SECRET).update(turn.username).digest('base64'));
    expect(ice.expiresAt).toBe(new Date(Number(expiry) * 1000).toISOString());
    const demandeurs = (await f.demandeur.get(`/api/meet-sessions/${f.meetSessionId}/ice`)).json();
    expect(demandeurs.iceServers[1].username).toContain(f.demandeur.user.id);
  });

  it('refuses the ICE servers to strangers (404) and before payment (409)', async () => {
    const f = await callFixture(t.app);
    const unpaid = await callFixture(t.app, { paid: false });
    for (const outsider of [f.stranger, f.rival]) {
      const response = await outsider.get(`/api/meet-sessions/${f.meetSessionId}/ice`);
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('MEET_SESSION_NOT_FOUND');
      expect(response.body).not.toContain('turn:');
    }
    const early = await unpaid.demandeur.get(`/api/meet-sessions/${unpaid.meetSessionId}/ice`);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('MEET_SESSION_NOT_READY');
    expect((await f.demandeur.get('/api/meet-sessions/not-a-uuid/ice')).statusCode).toBe(404);
  });

  it('stores one review per participant; a second is refused and the first kept', async () => {
    const f = await callFixture(t.app, { joined: true });
    const url = `/api/meet-sessions/${f.meetSessionId}/review`;
    expect((await f.demandeur.get(url)).json()).toEqual({ review: null });
    const first = await f.demandeur.post(url, { rating: 5, comment: '  Très clair, merci.  ' });
    expect(first.statusCode).toBe(201);
    expect(first.json().review).toMatchObject({ meetSessionId: f.meetSessionId, rating: 5, comment: 'Très clair, merci.' });
    const again = await f.demandeur.post(url, { rating: 1, comment: 'changed my mind' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('REVIEW_ALREADY_SUBMITTED');
    expect((await f.demandeur.get(url)).json().review).toMatchObject({ rating: 5, comment: 'Très clair, merci.' });
    expect((await f.prestataire.post(url, { rating: 4 })).statusCode).toBe(201);
    expect((await f.prestataire.get(url)).json().review).toMatchObject({ rating: 4, comment: '' });
  });

  // Security finding 11: a NUL in the comment answered 500, and a call nobody joined could be reviewed.
  it('refuses reviews out of range or holding a NUL, from strangers, and before anyone joined the call', async () => {
    const f = await callFixture(t.app, { joined: true });
    const unpaid = await callFixture(t.app, { paid: false });
    const notHeld = await callFixture(t.app);
    const url = `/api/meet-sessions/${f.meetSessionId}/review`;
    for (const body of [{ rating: 0 }, { rating: 6 }, { rating: 3.5 }, {}, { rating: 3, comment: 'x'.repeat(2_001) }, { rating: 3, comment: 'bien\u0000' }]) {
      const response = await f.demandeur.post(url, body);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await f.stranger.post(url, { rating: 5 })).statusCode).toBe(404);
    expect((await f.rival.get(url)).statusCode).toBe(404);
    expect((await unpaid.prestataire.post(`/api/meet-sessions/${unpaid.meetSessionId}/review`, { rating: 5 })).statusCode).toBe(409);
    const early = await notHeld.demandeur.post(`/api/meet-sessions/${notHeld.meetSessionId}/review`, { rating: 5 });
    expect(early.json().error.code).toBe('CALL_NOT_HELD');
  });

  // Security finding 10: a paid session stayed `ready` forever, and /ice handed out relay credentials long after its call.
  it('hands out TURN credentials only inside the call window, expiring with it, and refuses joining outside it', async () => {
    const age = (meetSessionId: string, kind: string, minutes: number) =>
      t.database.db.execute(sql`update events set created_at = created_at - make_interval(mins => ${minutes}) where meet_session_id = ${meetSessionId} and kind = ${kind}`);
    const ice = (f: CallFixture) => f.prestataire.get(`/api/meet-sessions/${f.meetSessionId}/ice`);
    const expiresIn = async (f: CallFixture) => (Date.parse((await ice(f)).json().expiresAt) - Date.now()) / 1000;

    const paid = await callFixture(t.app);
    // Paid 71 h 55 min ago: the 72 h window has 5 min left, and so have the credentials (not TURN_TTL_SECONDS, 10 min).
    await age(paid.meetSessionId, 'meet_session.ready', 72 * 60 - 5);
    const left = await expiresIn(paid);
    expect(left).toBeGreaterThan(5 * 60 - 30);
    expect(left).toBeLessThanOrEqual(5 * 60);
    await age(paid.meetSessionId, 'meet_session.ready', 6);
    expect((await ice(paid)).statusCode).toBe(409);
    expect((await ice(paid)).json().error.code).toBe('CALL_WINDOW_CLOSED');
    const socket = await TestSocket.open(baseUrl, paid.prestataire.cookie);
    socket.join(paid.meetSessionId, 'late-page');
    expect(await socket.nextCall((m) => m.type === 'meet.refused')).toMatchObject({ code: 'CALL_WINDOW_CLOSED' });
    socket.close();

    // Joined 5 h ago: the call has ended (4 h after its first entry), whatever the payment's window says.
    const held = await callFixture(t.app, { joined: true });
    expect((await ice(held)).statusCode).toBe(200);
    await age(held.meetSessionId, 'meet_session.in_call', 5 * 60);
    expect((await ice(held)).json().error.code).toBe('CALL_WINDOW_CLOSED');
    // A review of the call that took place is still welcome.
    expect((await held.demandeur.post(`/api/meet-sessions/${held.meetSessionId}/review`, { rating: 5 })).statusCode).toBe(201);
  });
});
