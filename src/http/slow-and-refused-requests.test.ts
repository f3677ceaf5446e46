import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.ts';

/** Writes `head` on a raw connection, then `trickle` one byte every `everyMs`; answers what came back and when the server closed. */
function rawRequest(port: number, head: string, trickle = 0, everyMs = 100): Promise<{ answer: string; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let sent = 0;
    const drip = setInterval(() => {
      if (sent++ < trickle && socket.writable) socket.write('x');
    }, everyMs);
    socket.on('connect', () => socket.write(head));
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(drip);
      resolve({ answer, closedAfterMs: performance.now() - started });
    });
    setTimeout(() => {
      clearInterval(drip);
      socket.destroy();
      reject(new Error(`the server still held the connection after 20 s; it had answered ${JSON.stringify(answer)}`));
    }, 20_000);
  });
}

const jsonOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));

describe('requests the HTTP parser refuses, and slow ones', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp('pglite', { httpTimeouts: { requestTimeout: 1_500, headersTimeout: 1_000, checkInterval: 200 } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as { port: number }).port;
  });
  afterAll(() => t.close());

  // Security finding 5: 40 connections trickling a body stayed open for 320 s.
  it('closes a connection that trickles its body past the request timeout, answering 408 in the JSON shape', async () => {
    const head = 'POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n';
    const { answer, closedAfterMs } = await rawRequest(port, head, 1000, 100);
    expect(closedAfterMs).toBeLessThan(5_000);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(jsonOf(answer)).toEqual({ error: { code: 'REQUEST_TIMEOUT', message: 'The request took too long to arrive.' } });
  });

  it('closes a connection whose headers never end, past the headers timeout', async () => {
    const { answer, closedAfterMs } = await rawRequest(port, 'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ', 1000, 100);
    expect(closedAfterMs).toBeLessThan(5_000);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  // Security finding 12: the parser's own refusals answered 431/400 with an empty body.
  it('answers headers over the parser’s limit with 431, and a malformed request with 400, in the JSON shape with the security headers', async () => {
    const big = await rawRequest(port, `GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(big.answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(big.answer).toMatch(/\r\nx-content-type-options: nosniff\r\n/);
    expect(big.answer).toMatch(/\r\ncontent-type: application\/json; charset=utf-8\r\n/);
    expect(jsonOf(big.answer)).toEqual({ error: { code: 'HEADERS_TOO_LARGE', message: 'The request’s address or headers are too large.' } });
    const longUrl = await rawRequest(port, `GET /api/${'a'.repeat(20_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    expect(jsonOf(longUrl.answer).error.code).toBe('HEADERS_TOO_LARGE');
    const malformed = await rawRequest(port, 'NOT AN HTTP REQUEST\r\n\r\n');
    expect(malformed.answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(jsonOf(malformed.answer)).toEqual({ error: { code: 'BAD_REQUEST', message: 'The request could not be read.' } });
  });
});
