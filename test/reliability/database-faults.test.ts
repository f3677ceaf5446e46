/**
 * PostgreSQL faults against a real server process: backends terminated while concurrent requests
 * hold transactions. The process stays up, each request is answered (a lost connection with 503
 * DATABASE_UNAVAILABLE and Retry-After), later requests succeed, LISTEN comes back (readiness),
 * and no SQL parameter reaches the log.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, TEST_DATABASE_URL, terminateBackends } from '../support/databases.ts';
import { HttpClient, TEST_PASSWORD } from '../support/http.ts';
import { testServerProcess, type ServerProcess } from '../support/server-process.ts';
import { waitUntil } from '../support/wait.ts';

const ROUNDS = Number(process.env.DB_FAULT_ROUNDS ?? 3);
const CONCURRENCY = 12;

interface Answer {
  status: number;
  code?: string;
  retryAfter: string | null;
}

async function answerOf(url: string, init: RequestInit): Promise<Answer> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  const body = (await response.json().catch(() => ({}))) as { error?: { code?: string } };
  return { status: response.status, ...(body.error?.code ? { code: body.error.code } : {}), retryAfter: response.headers.get('retry-after') };
}

describe('PostgreSQL faults', () => {
  let server: ServerProcess;
  let database: { url: string; drop(): Promise<void> };
  let name: string;

  beforeAll(async () => {
    database = await createPostgresDatabase();
    name = new URL(database.url).pathname.slice(1);
    server = await testServerProcess({ DATABASE_URL: database.url, DATABASE_POOL_SIZE: '8', LOG_LEVEL: 'info' });
    await server.start();
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('terminated backends mid-transaction: the process stays up, requests get 503 with Retry-After or succeed, later ones succeed', async () => {
    const people = await Promise.all(Array.from({ length: 4 }, (_, i) => HttpClient.signUp(server.url, `Fault ${i}`)));
    const answers: Answer[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Sign-ins hold a transaction across the password check: the terminations land inside them.
      const burst = Array.from({ length: CONCURRENCY }, (_, i) => {
        const person = people[i % people.length]!;
        return i % 3 === 0
          ? answerOf(`${server.url}/api/demandes`, {
              method: 'POST',
              headers: { cookie: person.cookie!, 'content-type': 'application/json' },
              body: JSON.stringify({ title: `Panne ${round}-${i}`, description: 'Pendant une coupure de la base.' }),
            })
          : answerOf(`${server.url}/api/auth/login`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ email: person.user.email, password: TEST_PASSWORD }),
            });
      });
      await new Promise((resolve) => setTimeout(resolve, 40));
      const terminated = await terminateBackends(name);
      expect(terminated).toBeGreaterThan(0);
      answers.push(...(await Promise.all(burst)));
      expect(server.child.exitCode, server.log).toBeNull();
    }
    // Some requests lost their connection (else this test proves nothing), and each was answered.
    expect(answers.filter((answer) => answer.status === 503).length).toBeGreaterThan(0);
    for (const answer of answers) {
      expect([200, 201, 503]).toContain(answer.status);
      if (answer.status === 503) expect(answer).toEqual({ status: 503, code: 'DATABASE_UNAVAILABLE', retryAfter: '2' });
    }
    // Ready again once a query answers and both LISTEN connections are back.
    await waitUntil('readiness after the terminations', async () => ((await fetch(`${server.url}/api/ready`)).status === 200 ? true : undefined), 15_000);
    for (const person of people) expect((await person.get('/api/me')).status).toBe(200);
    expect(server.child.exitCode).toBeNull();

    // The failed statements' parameters (emails, a session token's hash) never reach the log.
    expect(server.log).not.toMatch(/params:/);
    for (const person of people) expect(server.log).not.toContain(person.user.email);
  });

  it('answers readiness 503 while the database is unreachable, and liveness 200 all along', async () => {
    // Refusing new connections to this database stands in for a server that is down.
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    try {
      await admin.query(`alter database ${name} with allow_connections false`);
      await terminateBackends(name);
      const ready = await answerOf(`${server.url}/api/ready`, {});
      expect(ready.status).toBe(503);
      expect((await answerOf(`${server.url}/api/health`, {})).status).toBe(200);
      const refused = await answerOf(`${server.url}/api/demandes?scope=open`, { headers: { cookie: 'accord_session=x' } });
      expect(refused).toEqual({ status: 503, code: 'DATABASE_UNAVAILABLE', retryAfter: '2' });
    } finally {
      await admin.query(`alter database ${name} with allow_connections true`);
      await admin.end();
    }
    await waitUntil('readiness once connections are allowed again', async () => ((await fetch(`${server.url}/api/ready`)).status === 200 ? true : undefined), 15_000);
    expect(server.child.exitCode).toBeNull();
  });
});
