import type { ReactNode } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { useMe } from '../hooks/useMe.ts';
import { usePageTitle } from '../hooks/usePageTitle.ts';

/** Where to go after signing in: the screen that asked for it, never another site. */
export function useNextPath(): string {
  const next = useSearchParams()[0].get('next');
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/demandes';
}

/** The frame of the sign-in and sign-up screens; a signed-in user goes on to where they were heading. */
export function AuthCard({ title, intro, footer, children }: { title: string; intro: string; footer: ReactNode; children: ReactNode }) {
  usePageTitle(title);
  const me = useMe().data;
  const next = useNextPath();
  if (me) return <Navigate to={next} replace />;
  return (
    <section className="auth card" aria-labelledby="auth-title">
      <h1 id="auth-title">{title}</h1>
      <p className="lead">{intro}</p>
      {children}
      <p className="auth-footer">{footer}</p>
    </section>
  );
}
