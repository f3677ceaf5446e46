import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.ts';
import { constraintError } from '../errors/constraint-errors.ts';
import { isConnectionLost } from '../db/postgres-errors.ts';
import type { ErrorCode } from '../shared/error-codes.ts';

/** Fastify's own refusals (body parsing, size, media type), named in the contract's style. */
const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'INVALID_CONTENT_LENGTH',
  FST_ERR_BAD_URL: 'BAD_URL',
  FST_ERR_MAX_PARAM_LENGTH: 'URI_TOO_LONG',
};

/**
 * The one place where errors become HTTP answers; a 5xx never shows internals. Each carries the
 * request's id, which a person can quote and which finds the request's log lines.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler(sendError);
  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send({ error: { code: 'ROUTE_NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0]}.`, requestId: request.id } }),
  );
}

/**
 * Fastify's option for what its router refuses before any route runs (a malformed or too long
 * URL), so those answers have the contract's shape too.
 */
export const frameworkErrors = sendError;

/** Seconds a client waits before retrying while the database is unreachable (a restart or failover takes a few). */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

function sendError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const databaseLost = isConnectionLost(error);
  if (databaseLost) {
    // Nothing of the request committed unless the link broke during COMMIT itself: creating
    // requests carry an Idempotency-Key for that case, the others are idempotent.
    request.log.warn({ err: error }, 'database unavailable');
    reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
  }
  const refusal = databaseLost
    ? new AppError('DATABASE_UNAVAILABLE', 'The database is unavailable; retry in a moment.')
    : error instanceof AppError ? error : constraintError(error) ?? clientError(error);
  if (refusal) {
    const field = refusal.details?.field;
    return reply.status(refusal.status).send({
      error: { code: refusal.code, message: refusal.message, ...(typeof field === 'string' ? { field } : {}), requestId: request.id },
    });
  }
  request.log.error({ err: error }, 'request failed');
  return reply.status(500).send({ error: { code: 'INTERNAL_ERROR', message: 'Something went wrong on our side.', requestId: request.id } });
}

interface Refusal {
  code: ErrorCode;
  status: number;
  message: string;
  details?: Record<string, unknown>;
}

/** Fastify's own 4xx: its status kept, its code one of ours (BAD_REQUEST when it has no name of ours). */
function clientError(error: FastifyError): Refusal | undefined {
  const status = error.statusCode ?? 500;
  if (status < 400 || status >= 500) return undefined;
  return { code: fastifyCodes[error.code] ?? 'BAD_REQUEST', status, message: error.message };
}
