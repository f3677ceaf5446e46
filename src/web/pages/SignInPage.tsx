import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { loginInput } from '../../shared/schemas.ts';
import { AuthCard, useNextPath } from '../components/AuthCard.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { validateForm, type FieldErrors } from '../components/form.ts';
import { TextField } from '../components/TextField.tsx';
import { useSignIn } from '../hooks/useMe.ts';
import { useI18n } from '../i18n/useI18n.ts';

export function SignInPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const signIn = useSignIn();
  const navigate = useNavigate();
  const next = useNextPath();
  const { search } = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = validateForm(i18n, loginInput, { email, password });
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    signIn.mutate(checked.data, { onSuccess: () => navigate(next, { replace: true }) });
  };

  return (
    <AuthCard
      title={t('auth.signInTitle')}
      intro={t('auth.signInIntro')}
      footer={
        <>
          {t('auth.noAccount')} <Link to={`/sign-up${search}`}>{t('auth.toSignUp')}</Link>
        </>
      }
    >
      <form className="form" onSubmit={submit} noValidate>
        <TextField label={t('auth.email')} name="email" type="email" autoComplete="email" value={email} onChange={setEmail} error={errors.email} required />
        <TextField
          label={t('auth.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
          error={errors.password}
          required
        />
        {signIn.error && <ErrorMessage error={signIn.error} />}
        <button type="submit" className="button primary wide" disabled={signIn.isPending}>
          {signIn.isPending ? t('auth.submitting') : t('auth.signInSubmit')}
        </button>
      </form>
    </AuthCard>
  );
}
