import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { registerInput } from '../../shared/schemas.ts';
import { AuthCard, useNextPath } from '../components/AuthCard.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { validateForm, type FieldErrors } from '../components/form.ts';
import { TextField } from '../components/TextField.tsx';
import { useSignUp } from '../hooks/useMe.ts';
import { useI18n } from '../i18n/useI18n.ts';

export function SignUpPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const signUp = useSignUp();
  const navigate = useNavigate();
  const next = useNextPath();
  const { search } = useLocation();
  const [values, setValues] = useState({ displayName: '', email: '', password: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = (field: keyof typeof values) => (value: string) => setValues((current) => ({ ...current, [field]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = validateForm(i18n, registerInput, values);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    signUp.mutate(checked.data, { onSuccess: () => navigate(next, { replace: true }) });
  };

  return (
    <AuthCard
      title={t('auth.signUpTitle')}
      intro={t('auth.signUpIntro')}
      footer={
        <>
          {t('auth.haveAccount')} <Link to={`/sign-in${search}`}>{t('auth.toSignIn')}</Link>
        </>
      }
    >
      <form className="form" onSubmit={submit} noValidate>
        <TextField label={t('auth.displayName')} name="displayName" autoComplete="name" value={values.displayName} onChange={set('displayName')} error={errors.displayName} required />
        <TextField label={t('auth.email')} name="email" type="email" autoComplete="email" value={values.email} onChange={set('email')} error={errors.email} required />
        <TextField
          label={t('auth.password')}
          name="password"
          type="password"
          autoComplete="new-password"
          hint={t('auth.passwordHint')}
          value={values.password}
          onChange={set('password')}
          error={errors.password}
          required
        />
        {signUp.error && <ErrorMessage error={signUp.error} />}
        <button type="submit" className="button primary wide" disabled={signUp.isPending}>
          {signUp.isPending ? t('auth.submitting') : t('auth.signUpSubmit')}
        </button>
      </form>
    </AuthCard>
  );
}
