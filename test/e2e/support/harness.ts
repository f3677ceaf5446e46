import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { DatabaseKind } from '../../support/databases.ts';
import { launchBrowser } from './browser.ts';
import { startWebServer, type WebServer } from './server.ts';

/** A suite's server (on its own fresh database) and browser, started before its tests and stopped after. */
export function useServerAndBrowser(kind: DatabaseKind): { readonly server: WebServer; readonly browser: Browser } {
  let server: WebServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(kind), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get server() {
      return server!;
    },
    get browser() {
      return browser!;
    },
  };
}
