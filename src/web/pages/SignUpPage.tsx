import { Link, useLocation } from 'react-router';
import { registerInput } from '../../shared/schemas.ts';
import { AuthCard } from '../components/AuthCard.tsx';
import { AuthSubmit, useAuthForm } from '../components/AuthForm.tsx';
import { TextField } from '../components/TextField.tsx';
import { useSignUp } from '../hooks/useMe.ts';
import { useI18n } from '../i18n/useI18n.ts';

export function SignUpPage() {
  const { t } = useI18n();
  const signUp = useSignUp();
  const { search } = useLocation();
  const { field, submit } = useAuthForm(registerInput, { displayName: '', email: '', password: '' }, signUp);

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
        <TextField label={t('auth.displayName')} autoComplete="name" {...field('displayName')} required />
        <TextField label={t('auth.email')} type="email" autoComplete="email" {...field('email')} required />
        <TextField label={t('auth.password')} type="password" autoComplete="new-password" hint={t('auth.passwordHint')} {...field('password')} required />
        <AuthSubmit mutation={signUp} label={t('auth.signUpSubmit')} />
      </form>
    </AuthCard>
  );
}
