import { stdSerializers } from 'pino';

/**
 * Drizzle's failed-query error carries the statement's parameters in its message, its stack and a
 * `params` field, and PostgreSQL's `detail` quotes the values of a violated key: a session token's
 * hash, an email, a message. Logs keep the statement and the SQLSTATE, never the values.
 */
const PARAMETERS_IN_TEXT = /\nparams: [\s\S]*?(?=\n {4}at |$)/g;
const VALUE_FIELDS = new Set(['params', 'parameters', 'detail']);

const scrubText = (text: string) => text.replace(PARAMETERS_IN_TEXT, '');

function scrub(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
  return scrubFields(value, depth);
}

function scrubFields(value: object, depth: number): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !VALUE_FIELDS.has(key))
      .map(([key, item]) => [key, scrub(item, depth + 1)]),
  );
}

/** pino's error serializer (causes included), without any SQL parameter. */
export function errorWithoutParameters(error: Error) {
  const serialized = stdSerializers.errWithCause(error);
  return { ...scrubFields(serialized, 0), type: serialized.type, message: scrubText(serialized.message), stack: scrubText(serialized.stack) };
}
