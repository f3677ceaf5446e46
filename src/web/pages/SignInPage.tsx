import { Link, useLocation } from 'react-router';
import { loginInput } from '../../shared/schemas.ts';
import { AuthCard } from '../components/AuthCard.tsx';
import { AuthSubmit, useAuthForm } from '../components/AuthForm.tsx';
import { TextField } from '../components/TextField.tsx';
import { useSignIn } from '../hooks/useMe.ts';
import { useI18n } from '../i18n/useI18n.ts';

export function SignInPage() {
  const { t } = useI18n();
  const signIn = useSignIn();
  const { search } = useLocation();
  const { field, submit } = useAuthForm(loginInput, { email: '', password: '' }, signIn);

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
        <TextField label={t('auth.email')} type="email" autoComplete="email" {...field('email')} required />
        <TextField label={t('auth.password')} type="password" autoComplete="current-password" {...field('password')} required />
        <AuthSubmit mutation={signIn} label={t('auth.signInSubmit')} />
      </form>
    </AuthCard>
  );
}
