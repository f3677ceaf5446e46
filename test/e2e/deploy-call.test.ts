/**
 * Accord deployed (the repository's nginx configuration, real nginx, two server processes on
 * PostgreSQL), in two browsers: the seed's flow through nginx ends in one call, and when the
 * instance of one tab's socket is SIGKILLed mid-call, the media continues and signaling recovers
 * through the other instance (a tab reloaded after the kill gets its call back).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Nginx } from '../deploy/nginx.ts';
import { createPostgresDatabase } from '../support/databases.ts';
import { freePort, testServerProcess, type ServerProcess } from '../support/server-process.ts';
import { waitUntil } from '../support/wait.ts';
import { framesRising, launchCallBrowser, paidSession, startCall, waitForRemoteFrames } from './support/call.ts';
import { texts } from './support/flows.ts';
import { allowConsoleError } from './support/page-problems.ts';

const { t } = texts('fr');

describe('deployed behind nginx, in two browsers (postgres)', () => {
  let database: { url: string; drop(): Promise<void> };
  let servers: ServerProcess[] = [];
  let nginx: Nginx;
  let browser: Browser;

  beforeAll(async () => {
    database = await createPostgresDatabase();
    const nginxPort = await freePort();
    const env = { DATABASE_URL: database.url, DATABASE_POOL_SIZE: '6', PUBLIC_URL: `http://127.0.0.1:${nginxPort}`, TRUST_PROXY: '127.0.0.1' };
    servers = [await testServerProcess(env), await testServerProcess(env)];
    [browser] = await Promise.all([launchCallBrowser(), ...servers.map((server) => server.start())]);
    nginx = await Nginx.start(servers.map((server) => new URL(server.url).host) as [string, string], nginxPort);
  });
  afterAll(async () => {
    await browser?.close();
    await nginx?.stop();
    await Promise.all(servers.map((server) => server.stop()));
    await database?.drop();
  });

  test('the seed’s flow through nginx, one call; an instance SIGKILLed mid-call: media continues, signaling recovers', { timeout: 400_000 }, async () => {
    const session = await paidSession(nginx.url);
    const { camille, hugo } = await startCall(browser, session, { demandeur: nginx.url, prestataire: nginx.url });
    for (const { page } of [camille, hugo]) await page.getByText(t('meet.callId', { callId: session.callId })).waitFor();

    allowConsoleError(/WebSocket/, 'the test kills the instance holding a socket: Chromium logs the cut and the reconnection attempts');
    // Each instance in turn, so that one of the kills surely cuts a tab's socket (nginx decides where each went).
    for (const server of servers) {
      await server.kill('SIGKILL');
      // The media flows between the browsers, not through Accord.
      for (const { page } of [camille, hugo]) {
        const { before, after, reading } = await framesRising(page);
        expect(reading.connectionState).toBe('connected');
        expect(after).toBeGreaterThan(before);
      }
      // Signaling goes through the surviving instance: a reloaded tab rejoins and negotiates its call again.
      await hugo.page.reload();
      for (const { page } of [camille, hugo]) await waitForRemoteFrames(page, 60_000);
      await server.start();
      await waitUntil('the restarted instance to be ready', async () => ((await fetch(`${server.url}/api/ready`)).status === 200 ? true : undefined), 60_000);
      // nginx uses it again after its fail_timeout (2 s, deploy/nginx/accord.conf): only then may the other fail.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
    }
    for (const { context } of [camille, hugo]) await context.close();
  });
});
