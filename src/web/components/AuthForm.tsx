import { useState, type FormEvent, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import type { z } from 'zod';
import { useI18n } from '../i18n/useI18n.ts';
import { useNextPath } from './AuthCard.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';
import { validateForm, type FieldErrors } from './form.ts';

interface AuthMutation<T> {
  mutate(data: T, options: { onSuccess: () => void }): void;
  error: Error | null;
  isPending: boolean;
}

/**
 * The sign-in and sign-up forms: fields checked against `schema`, one request at a time, then on
 * to where the person was heading. `field(name)` gives a TextField its value, setter and error.
 */
export function useAuthForm<S extends z.ZodType<unknown, Record<string, string>>>(schema: S, initial: z.input<S>, mutation: AuthMutation<z.output<S>>) {
  const i18n = useI18n();
  const navigate = useNavigate();
  const next = useNextPath();
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});

  const field = (name: keyof z.input<S> & string) => ({
    name,
    value: values[name]!,
    onChange: (value: string) => setValues((current) => ({ ...current, [name]: value })),
    error: errors[name],
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = validateForm(i18n, schema, values);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    mutation.mutate(checked.data, { onSuccess: () => navigate(next, { replace: true }) });
  };
  return { field, submit };
}

/** The form's end: the server's refusal, if any, and the submit button (busy while sending). */
export function AuthSubmit({ mutation, label }: { mutation: AuthMutation<never>; label: string }): ReactNode {
  const { t } = useI18n();
  return (
    <>
      {mutation.error && <ErrorMessage error={mutation.error} />}
      <button type="submit" className="button primary wide" disabled={mutation.isPending}>
        {mutation.isPending ? t('auth.submitting') : label}
      </button>
    </>
  );
}
