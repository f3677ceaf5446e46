/**
 * Browser tests fail on what a person would not see but a developer must: an uncaught error in a
 * page, or a `console.error`. Every context made by the shared helpers (`newPerson`,
 * `personContext`) is watched, every page of it included (tabs opened later too); after each test
 * what was seen must be nothing, unless the test allowed it, narrowly and saying why.
 *
 * The hooks below register on the test file that imports this module (through browser.ts or
 * call.ts); outside Vitest (`npm run bench` measures call setup with these helpers) there are none.
 */
import type { BrowserContext } from 'playwright-core';

interface Allowance {
  pattern: RegExp;
  why: string;
}

/** What every test may see: each a consequence of how the app is meant to work, not a fault. */
const ALWAYS_ALLOWED: Allowance[] = [
  {
    pattern: /^Failed to load resource: the server responded with a status of 401 \(Unauthorized\) \(at http:\/\/127\.0\.0\.1:\d+\/api\/me\)$/,
    why: 'the app asks GET /api/me who is signed in; signed out, the answer is 401 and Chromium logs every 4xx fetch as a failed resource load',
  },
];

let seen: string[] = [];
let allowances: Allowance[] = [];

/** Records the uncaught errors and the `console.error`s of every page of `context`. */
export function failOnPageProblems(context: BrowserContext): void {
  context.on('weberror', (webError) => {
    const error = webError.error();
    seen.push(`uncaught in ${webError.page()?.url() ?? 'a page'}: ${error.stack ?? error.message}`);
  });
  context.on('console', (message) => {
    if (message.type() !== 'error') return;
    const { url, lineNumber } = message.location();
    const text = `${message.text()} (at ${url}${lineNumber ? `:${lineNumber}` : ''})`;
    if ([...ALWAYS_ALLOWED, ...allowances].some(({ pattern }) => pattern.test(text))) return;
    seen.push(`console.error: ${text}`);
  });
}

/**
 * Allows, until the end of the current test, the `console.error`s matching `pattern` (matched
 * against "<text> (at <url>:<line>)"): for an error the test provokes on purpose, e.g. a request
 * the server refuses, which Chromium logs as a failed resource load. Uncaught errors are never allowed.
 */
export function allowConsoleError(pattern: RegExp, why: string): void {
  if (!why.trim()) throw new Error('say why this console.error is expected');
  allowances.push({ pattern, why });
}

function takeSeen(): string[] {
  const found = seen;
  seen = [];
  allowances = [];
  return found;
}

if (process.env.VITEST) {
  const { afterAll, afterEach, expect } = await import('vitest');
  const message = 'uncaught page errors and unexpected console.error in the browser';
  afterEach(() => {
    expect(takeSeen(), message).toEqual([]);
  });
  afterAll(() => {
    expect(takeSeen(), `${message} (after the last test)`).toEqual([]);
  });
}
