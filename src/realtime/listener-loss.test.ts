import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signUp, type TestApp } from '../../test/support/app.ts';
import { TestSocket } from '../../test/support/realtime.ts';

/** Ends this database's LISTENing connections, as a PostgreSQL restart or a network cut would. */
async function terminateListeners(url: string): Promise<number> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const { rowCount } = await admin.query(
      `select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query ilike 'listen %' and pid <> pg_backend_pid()`,
    );
    return rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

describe('an instance that loses its LISTEN connection', () => {
  let t: TestApp;
  let baseUrl: string;
  beforeAll(async () => {
    t = await createTestApp('postgres');
    baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => t.close());

  it('listens again, tells its sockets to resync, and delivers what commits afterwards', async () => {
    const person = await signUp(t.app, 'Listener');
    const socket = await TestSocket.open(baseUrl, person.cookie);
    expect(await socket.subscribe(`user:${person.user.id}`)).toBe('subscribed');

    // Both channels (events and direct messages) had a connection.
    expect(await terminateListeners(t.url!)).toBe(2);
    await socket.next((m) => m.type === 'resync');

    expect((await person.post('/api/demandes', { title: 'Après la coupure', description: 'Texte' })).statusCode).toBe(201);
    await socket.next((m) => m.type === 'changed' && m.kind === 'demande.created');
    socket.close();
  });
});
