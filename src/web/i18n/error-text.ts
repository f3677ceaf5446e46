import type { z } from 'zod';
import { isApiError } from '../api/client.ts';
import type { I18n } from './I18nProvider.tsx';
import { hasMessage, type MessageKey } from './messages.ts';

/** A server or network failure as a sentence in the UI's language; every API error code has one. */
export function errorText({ t, messages }: I18n, error: unknown): string {
  if (!isApiError(error)) return t('errors.generic', { code: 'CLIENT' });
  if (error.code === 'VALIDATION_FAILED' && error.field && hasMessage(messages, `fields.${error.field}`)) {
    return t('errors.VALIDATION_FAILED_FIELD', { field: t(`fields.${error.field}` as MessageKey) });
  }
  const key = `errors.${error.code}`;
  return hasMessage(messages, key) ? t(key as MessageKey) : t('errors.generic', { code: error.code });
}

/** A Zod issue of a shared input schema as a sentence in the UI's language. */
export function issueText({ t }: I18n, issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? t('validation.required') : t('validation.tooShort', { min: Number(issue.minimum) });
      return t('validation.positive');
    case 'too_big':
      return issue.origin === 'string' ? t('validation.tooLong', { max: Number(issue.maximum) }) : t('validation.tooHigh');
    case 'invalid_format':
      return issue.format === 'email' ? t('validation.email') : t('validation.invalid');
    case 'custom':
      return t('validation.forbiddenCharacter');
    default:
      return t('validation.invalid');
  }
}
