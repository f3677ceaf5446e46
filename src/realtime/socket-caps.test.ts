import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signUp, type TestApp } from '../../test/support/app.ts';
import { TestSocket } from '../../test/support/realtime.ts';
import { closeCodes } from '../shared/realtime.ts';

/** Opens a raw `/ws` connection and answers how it ended, or `ready` once the server greets it. */
function outcome(baseUrl: string, cookie: string): Promise<'ready' | { code: number; reason: string }> {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/ws`, { headers: { cookie } });
  return new Promise((resolve, reject) => {
    ws.once('message', () => {
      resolve('ready');
      ws.close();
    });
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    ws.once('error', reject);
  });
}

// Security finding 4: one account held 80 sockets, each under the per-socket rate, and slowed everyone's API.
describe('sockets per account and per address', () => {
  let t: TestApp;
  let baseUrl: string;
  const held: TestSocket[] = [];
  beforeAll(async () => {
    t = await createTestApp('pglite', { realtimeLimits: { maxSocketsPerAccount: 3, maxSocketsPerAddress: 5 } });
    baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    for (const socket of held) socket.close();
    await t.close();
  });

  const hold = async (cookie: string) => {
    const socket = await TestSocket.open(baseUrl, cookie);
    held.push(socket);
    return socket;
  };

  it('closes a socket past the account’s cap, or past the address’s, with tooManySockets; a closed one frees its place', async () => {
    const [greedy, other, late] = await Promise.all(['Greedy', 'Other', 'Late'].map((name) => signUp(t.app, name)));
    const greedySockets = [await hold(greedy!.cookie!), await hold(greedy!.cookie!), await hold(greedy!.cookie!)];
    expect(await outcome(baseUrl, greedy!.cookie!)).toEqual({ code: closeCodes.tooManySockets, reason: 'Too many connections for this account.' });
    // Another account still gets in, until the address (every socket here comes from 127.0.0.1) has its fill.
    await hold(other!.cookie!);
    await hold(other!.cookie!);
    expect(await outcome(baseUrl, late!.cookie!)).toEqual({ code: closeCodes.tooManySockets, reason: 'Too many connections from this address.' });

    greedySockets[0]!.close();
    await greedySockets[0]!.closed;
    await expect.poll(() => outcome(baseUrl, late!.cookie!), { timeout: 5_000 }).toBe('ready');
    // The refused sockets held nothing: the ones still open work as before.
    expect(await greedySockets[1]!.subscribe(`user:${greedy!.user.id}`)).toBe('subscribed');
  });
});
