/**
 * SIGTERM on a real server process (PostgreSQL): requests in flight are answered, sockets are told
 * to reconnect at once (1012), the process exits 0 having closed its pool; a request stuck past
 * SHUTDOWN_TIMEOUT_MS has its connection cut and the process still exits.
 */
import { once } from 'node:events';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { closeCodes } from '../../src/shared/realtime.ts';
import { createPostgresDatabase } from '../support/databases.ts';
import { HttpClient } from '../support/http.ts';
import { TestSocket } from '../support/realtime.ts';
import { testServerProcess, type ServerProcess } from '../support/server-process.ts';
import { waitUntil } from '../support/wait.ts';

describe('graceful shutdown on SIGTERM', () => {
  let server: ServerProcess | undefined;
  let drop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await server?.kill();
    await drop?.();
  });

  async function start(env: Record<string, string> = {}) {
    const database = await createPostgresDatabase();
    drop = database.drop;
    server = await testServerProcess({ DATABASE_URL: database.url, DATABASE_POOL_SIZE: '6', ...env });
    await server.start();
    return { server, url: database.url };
  }

  it('answers the requests in flight, hands sockets over with 1012, stops accepting, exits 0', async () => {
    // A deadline far longer than the test waits: the exit must come from the requests finishing.
    const { server, url } = await start({ SHUTDOWN_TIMEOUT_MS: '60000' });
    const person = await HttpClient.signUp(server.url, 'Leaving');
    const socket = await TestSocket.open(server.url, person.cookie);
    // A lock held elsewhere keeps the creations waiting on their insert: surely in flight at the
    // signal. (Not sign-ins: those from one address queue one at a time on the sign-in limit's lock.)
    const blocker = new pg.Client({ connectionString: url });
    await blocker.connect();
    await blocker.query('begin');
    await blocker.query('lock table demandes in access exclusive mode');
    const inFlight = Array.from({ length: 5 }, (_, i) =>
      fetch(`${server.url}/api/demandes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: person.cookie! },
        body: JSON.stringify({ title: `En vol ${i}`, description: 'Pendant l’arrêt.' }),
      }).then((response) => `${response.status} ${response.headers.get('connection')}`),
    );
    await waitUntil('the creations to wait on the lock', async () => {
      const { rows } = await blocker.query("select count(*)::int as n from pg_locks where not granted and relation = 'demandes'::regclass");
      return rows[0].n === 5 ? true : undefined;
    });
    const exited = once(server.child, 'exit');
    server.child.kill('SIGTERM');
    expect((await socket.closed).code).toBe(closeCodes.restarting);
    await waitUntil('the listening socket to close', () => fetch(`${server.url}/api/health`).then(() => undefined, () => true));
    await blocker.end();
    const released = Date.now();
    // Answered, and on connections that close: kept alive, they would hold the exit for 72 s.
    expect(await Promise.all(inFlight)).toEqual(Array(5).fill('201 close'));
    const [code] = await exited;
    expect(code, server.log).toBe(0);
    expect(Date.now() - released).toBeLessThan(10_000);
  });

  it('cuts a request stuck past SHUTDOWN_TIMEOUT_MS and exits all the same', async () => {
    const { server, url } = await start({ SHUTDOWN_TIMEOUT_MS: '1000' });
    const person = await HttpClient.signUp(server.url, 'Stuck');
    // A lock held elsewhere keeps the demande's insert waiting for as long as this test wants.
    const blocker = new pg.Client({ connectionString: url });
    await blocker.connect();
    try {
      await blocker.query('begin');
      await blocker.query('lock table demandes in access exclusive mode');
      const stuck = person.post('/api/demandes', { title: 'Bloquée', description: 'Par un verrou.' }).then(
        () => 'answered',
        () => 'cut',
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      const started = Date.now();
      const exited = once(server.child, 'exit');
      server.child.kill('SIGTERM');
      await exited;
      expect(Date.now() - started).toBeLessThan(9_000);
      expect(await stuck).toBe('cut');
    } finally {
      await blocker.end();
    }
  });
});
