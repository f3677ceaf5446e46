import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { DATABASE_KINDS } from '../../test/support/databases.ts';
import { HttpClient } from '../../test/support/http.ts';
import { callFixture } from '../../test/support/meet.ts';
import { payThroughSandbox } from '../../test/support/payments.ts';
import { TestSocket } from '../../test/support/realtime.ts';

const DEAL_KINDS = /^(payment|meet_session|call)\./;

/**
 * Security finding 8: a prestataire who lost the deal could follow the winner's payment, session
 * and call live on `demande:<id>`, while the API refused them the same (404).
 */
describe.each(DATABASE_KINDS)('what a losing prestataire hears of the deal on %s', (kind) => {
  let t: TestApp;
  let baseUrl: string;
  const sockets: TestSocket[] = [];
  beforeAll(async () => {
    t = await createTestApp(kind);
    baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t.close();
  });

  it('hears none of the winner’s payment, session or call events, which the winner hears', async () => {
    const f = await callFixture(t.app, { paid: false });
    const demandeId: string = (await f.demandeur.get(`/api/meet-sessions/${f.meetSessionId}`)).json().demandeId;
    const topic = `demande:${demandeId}`;
    const [winner, loser] = await Promise.all([TestSocket.open(baseUrl, f.prestataire.cookie), TestSocket.open(baseUrl, f.rival.cookie)]);
    sockets.push(winner, loser);
    expect(await winner.subscribe(topic)).toBe('subscribed');
    // Allowed: the loser offered on it and may still read the demande (GET answers 200)…
    expect(await loser.subscribe(topic)).toBe('subscribed');
    expect((await f.rival.get(`/api/demandes/${demandeId}`)).statusCode).toBe(200);
    expect((await f.rival.get(`/api/meet-sessions/${f.meetSessionId}`)).statusCode).toBe(404);

    await payThroughSandbox(HttpClient.of(baseUrl, f.demandeur), f.meetSessionId);
    const call = await TestSocket.open(baseUrl, f.prestataire.cookie);
    sockets.push(call);
    call.join(f.meetSessionId, 'hugo-page-1');
    await winner.next((m) => m.type === 'changed' && m.topic === topic && m.kind === 'call.joined');
    // The same fan-out reaches both sockets: an unsubscribe answered after it closes the window.
    loser.send({ v: 1, type: 'unsubscribe', topic });
    await loser.next((m) => m.type === 'unsubscribed' && m.topic === topic);

    const winnerHeard = winner.changes({ topic }).map((c) => c.kind);
    expect(winnerHeard).toEqual(expect.arrayContaining(['payment.created', 'payment.succeeded', 'meet_session.ready', 'call.joined']));
    // …but hears only what every reader of the demande may know of.
    expect(loser.changes({ topic }).map((c) => c.kind).filter((k) => DEAL_KINDS.test(k))).toEqual([]);
  });
});
