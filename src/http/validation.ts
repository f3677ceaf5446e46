import type { z } from 'zod';
import { idSchema } from '../shared/schemas.ts';
import { AppError, notFound, type Findable } from '../errors/app-error.ts';

/** Parses client input; the first problem is reported with the field it concerns. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') || undefined;
  const message = issue ? (field ? `${field}: ${issue.message}` : issue.message) : 'Invalid input.';
  throw new AppError('VALIDATION_FAILED', message, field ? { field } : undefined);
}

/** A path id that is not even a UUID names nothing: it is answered like any unknown id. */
export function parseId(value: unknown, what: Findable): string {
  const result = idSchema.safeParse(value);
  if (!result.success) throw notFound(what);
  return result.data;
}
