import type { z } from 'zod';
import type { I18n } from '../i18n/I18nProvider.tsx';
import { issueText } from '../i18n/error-text.ts';

export type FieldErrors = Partial<Record<string, string>>;
export type Validated<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

/** Checks a form against the shared input schema, with the first problem of each field in the UI's language. */
export function validateForm<S extends z.ZodType>(i18n: I18n, schema: S, input: unknown): Validated<z.output<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? '');
    errors[field] ??= issueText(i18n, issue);
  }
  return { ok: false, errors };
}

/**
 * An amount typed in euros (`12`, `12,5`, `12.50`, `1 250,00`) in cents; `null` when left empty,
 * `'invalid'` when it is no amount.
 */
export function eurosToCents(text: string): number | null | 'invalid' {
  const compact = text.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
  if (compact === '') return null;
  if (!/^\d+(\.\d{1,2})?$/.test(compact)) return 'invalid';
  return Math.round(Number(compact) * 100);
}
