import type { ErrorCode } from '../shared/error-codes.ts';

/** The one mapping of error codes to HTTP statuses. */
const httpStatuses: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INVALID_CONTENT_LENGTH: 400,
  BAD_REQUEST: 400,
  BAD_URL: 400,
  URI_TOO_LONG: 414,
  HEADERS_TOO_LARGE: 431,
  REQUEST_TIMEOUT: 408,
  ROUTE_NOT_FOUND: 404,
  UPGRADE_REQUIRED: 426,
  ORIGIN_NOT_ALLOWED: 403,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  TOO_MANY_LOGIN_ATTEMPTS: 429,
  TOO_MANY_SIGN_UPS: 429,
  EMAIL_TAKEN: 409,
  FORBIDDEN: 403,
  DEMANDE_NOT_FOUND: 404,
  OFFRE_NOT_FOUND: 404,
  MEET_SESSION_NOT_FOUND: 404,
  NOTIFICATION_NOT_FOUND: 404,
  PAYMENT_PROVIDER_NOT_FOUND: 404,
  DEMANDE_NOT_OPEN: 409,
  DEMANDE_ALREADY_HAS_ACCEPTED_OFFRE: 409,
  OFFRE_ALREADY_PROPOSED: 409,
  OFFRE_NOT_PENDING: 409,
  OFFRE_EXPIRED: 409,
  MEET_SESSION_NOT_READY: 409,
  MEET_SESSION_CANCELLED: 409,
  CALL_ALREADY_STARTED: 409,
  CALL_WINDOW_CLOSED: 409,
  CALL_NOT_HELD: 409,
  TOO_MANY_CALL_PAGES: 429,
  REVIEW_ALREADY_SUBMITTED: 409,
  PAYMENT_PROVIDER_UNAVAILABLE: 502,
  WEBHOOK_PAYLOAD_INVALID: 400,
  WEBHOOK_SIGNATURE_INVALID: 400,
  IDEMPOTENCY_KEY_REUSED: 422,
  DATABASE_UNAVAILABLE: 503,
  INTERNAL_ERROR: 500,
};

/** A refusal the client can act on: a stable code, its HTTP status, a sentence for people. */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = httpStatuses[code];
  }
}

/** What can be unknown to a caller; each has its `<WHAT>_NOT_FOUND` code. */
export type Findable = 'demande' | 'offre' | 'meet_session' | 'notification' | 'payment_provider';

// The cast only spells out what toUpperCase does; AppError checks the result is a listed code.
const notFoundCode = (what: Findable) => `${what.toUpperCase()}_NOT_FOUND` as `${Uppercase<Findable>}_NOT_FOUND`;
export const notFound = (what: Findable) => new AppError(notFoundCode(what), `No such ${what.replace('_', ' ')}.`);
export const unauthenticated = () => new AppError('UNAUTHENTICATED', 'Sign in first.');
export const forbidden = (message: string) => new AppError('FORBIDDEN', message);
export const conflict = (code: ErrorCode, message: string) => new AppError(code, message);
