import type { z } from 'zod';
import { errorBody } from '../../shared/schemas.ts';

/** Codes the web app itself gives to failures that never reached a server answer. */
export const CLIENT_ERROR_CODES = { network: 'NETWORK_ERROR', invalidResponse: 'INVALID_RESPONSE' } as const;

/** A refusal from the API (`{error:{code,message,field?}}`) or a failure to reach it. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly field?: string,
    /** The server's id for the failed request, for a report (absent when no server answered). */
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Method = 'GET' | 'POST';

export interface RequestOptions {
  /**
   * Sent as `Idempotency-Key` on a creating POST: the server creates at most once per key, so the
   * request is retried (same key) when the answer was lost or the server was briefly away.
   */
  idempotencyKey?: string;
}

/** Answers worth retrying with the same key: the proxy lost its instance, or the database was away. */
const RETRYABLE_STATUSES = new Set([502, 503, 504]);
const RETRY_DELAYS_MS = [300, 1_000, 2_500];

/**
 * One JSON request to the API, with the session cookie. The answer is checked against the shared
 * Zod schema, so a contract drift shows up as an error rather than as a broken screen.
 */
export async function apiRequest<S extends z.ZodType>(method: Method, path: string, schema: S, body?: unknown, options: RequestOptions = {}): Promise<z.output<S>> {
  const response = options.idempotencyKey === undefined ? await send(method, path, body) : await sendWithRetries(method, path, body, options.idempotencyKey);
  const payload: unknown = response.status === 204 ? {} : await response.json().catch(() => undefined);
  if (!response.ok) throw toApiError(response.status, payload);
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new ApiError(CLIENT_ERROR_CODES.invalidResponse, response.status, `Unexpected answer from ${path}`);
  return parsed.data;
}

/** A keyed request is safe to send again: on a network failure or a retryable answer, it is, a few times. */
async function sendWithRetries(method: Method, path: string, body: unknown, idempotencyKey: string): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const delay = RETRY_DELAYS_MS[attempt];
    try {
      const response = await send(method, path, body, { 'idempotency-key': idempotencyKey });
      if (delay === undefined || !RETRYABLE_STATUSES.has(response.status)) return response;
    } catch (error) {
      if (delay === undefined) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** A fresh key for one creation (the same for its retries). */
export const newIdempotencyKey = (): string => crypto.randomUUID();

async function send(method: Method, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  try {
    return await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(CLIENT_ERROR_CODES.network, 0, 'The server could not be reached.');
  }
}

function toApiError(status: number, payload: unknown): ApiError {
  const parsed = errorBody.safeParse(payload);
  if (!parsed.success) return new ApiError(status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST', status, `HTTP ${status}`);
  const { code, message, field, requestId } = parsed.data.error;
  return new ApiError(code, status, message, field, requestId);
}

export const isApiError = (error: unknown, code?: string): error is ApiError =>
  error instanceof ApiError && (code === undefined || error.code === code);
