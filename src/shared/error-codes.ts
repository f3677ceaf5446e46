/**
 * Every error code the API answers with (`{ error: { code, message } }`), in one list: the server
 * can throw no other (AppError takes an ErrorCode), and the web app has a sentence for each.
 */
export const errorCodes = [
  // The request itself.
  'VALIDATION_FAILED',
  'INVALID_JSON',
  'BODY_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'INVALID_CONTENT_LENGTH',
  'BAD_REQUEST',
  'BAD_URL',
  'URI_TOO_LONG',
  'HEADERS_TOO_LARGE',
  'REQUEST_TIMEOUT',
  'ROUTE_NOT_FOUND',
  'UPGRADE_REQUIRED',
  'ORIGIN_NOT_ALLOWED',
  // Accounts.
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'TOO_MANY_LOGIN_ATTEMPTS',
  'TOO_MANY_SIGN_UPS',
  'EMAIL_TAKEN',
  'FORBIDDEN',
  // What does not exist, or is not the caller's to know of (the same answer, I9).
  'DEMANDE_NOT_FOUND',
  'OFFRE_NOT_FOUND',
  'MEET_SESSION_NOT_FOUND',
  'NOTIFICATION_NOT_FOUND',
  'PAYMENT_PROVIDER_NOT_FOUND',
  // The deal's rules.
  'DEMANDE_NOT_OPEN',
  'DEMANDE_ALREADY_HAS_ACCEPTED_OFFRE',
  'OFFRE_ALREADY_PROPOSED',
  'OFFRE_NOT_PENDING',
  'OFFRE_EXPIRED',
  'MEET_SESSION_NOT_READY',
  'MEET_SESSION_CANCELLED',
  'CALL_ALREADY_STARTED',
  'CALL_WINDOW_CLOSED',
  'CALL_NOT_HELD',
  'TOO_MANY_CALL_PAGES',
  'REVIEW_ALREADY_SUBMITTED',
  // Payments.
  'PAYMENT_PROVIDER_UNAVAILABLE',
  'WEBHOOK_PAYLOAD_INVALID',
  'WEBHOOK_SIGNATURE_INVALID',
  // Retries: an Idempotency-Key already used for another request.
  'IDEMPOTENCY_KEY_REUSED',
  // Ours.
  'DATABASE_UNAVAILABLE',
  'INTERNAL_ERROR',
] as const;

export type ErrorCode = (typeof errorCodes)[number];
