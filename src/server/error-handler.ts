import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, constraintError } from './errors.ts';

/** Fastify's own refusals (body parsing, size, media type), named in the contract's style. */
const fastifyCodes: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'INVALID_CONTENT_LENGTH',
  FST_ERR_BAD_URL: 'BAD_URL',
  FST_ERR_MAX_PARAM_LENGTH: 'URI_TOO_LONG',
};

/** The one place where errors become HTTP answers; a 5xx never shows internals. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler(sendError);
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: 'ROUTE_NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0]}.` } }),
  );
}

/**
 * Fastify's option for what its router refuses before any route runs (a malformed or too long
 * URL), so those answers have the contract's shape too.
 */
export const frameworkErrors = sendError;

function sendError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const appError = error instanceof AppError ? error : constraintError(error) ?? clientError(error);
  if (appError) {
    const field = appError.details?.field;
    return reply.status(appError.status).send({
      error: { code: appError.code, message: appError.message, ...(typeof field === 'string' ? { field } : {}) },
    });
  }
  request.log.error({ err: error }, 'request failed');
  return reply.status(500).send({ error: { code: 'INTERNAL_ERROR', message: 'Something went wrong on our side.' } });
}

function clientError(error: FastifyError): AppError | undefined {
  const status = error.statusCode ?? 500;
  if (status < 400 || status >= 500) return undefined;
  const code = fastifyCodes[error.code] ?? (error.code?.replace(/^FST_ERR_/, '') || 'BAD_REQUEST');
  return new AppError(code, status, error.message);
}
