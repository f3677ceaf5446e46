import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config.ts';
import { AppError } from '../errors/app-error.ts';
import { securityHeaders } from './security-headers.ts';

/** What Node's HTTP parser refuses before any route runs, named in the contract's words. */
function refusalOf(error: NodeJS.ErrnoException): AppError {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new AppError('REQUEST_TIMEOUT', 'The request took too long to arrive.');
    case 'HPE_HEADER_OVERFLOW':
      return new AppError('HEADERS_TOO_LARGE', 'The request’s address or headers are too large.');
    default:
      return new AppError('BAD_REQUEST', 'The request could not be read.');
  }
}

/**
 * Fastify's `clientErrorHandler`: a request Node's parser refuses (headers or URL over its limit,
 * a malformed request line, a request too slow to arrive) gets the JSON error shape and the
 * security headers every other answer has, then the connection is closed.
 */
export function clientErrorHandler(config: Config) {
  const headerLines = Object.entries(securityHeaders(config))
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return function onClientError(this: FastifyInstance, error: NodeJS.ErrnoException, socket: Socket): void {
    // Nobody left to answer (the client went away).
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const refusal = refusalOf(error);
    this.log.info({ err: error, code: refusal.code }, 'request refused by the HTTP parser');
    // An answer already under way (a timeout while responding) cannot be followed by another.
    const answering = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
    if (socket.writable && !answering) {
      const body = JSON.stringify({ error: { code: refusal.code, message: refusal.message } });
      socket.write(
        `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status]}\r\ncontent-type: application/json; charset=utf-8\r\n` +
          `content-length: ${Buffer.byteLength(body)}\r\ncache-control: no-store\r\n${headerLines}connection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy();
  };
}
