import { Navigate, Outlet, useLocation } from 'react-router';
import { useMe } from '../hooks/useMe.ts';
import { ErrorMessage } from './ErrorMessage.tsx';
import { Loading } from './QueryView.tsx';

/** Screens for signed-in users; anyone else is sent to sign in, and brought back afterwards. */
export function RequireAuth() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorMessage error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Outlet />;
}
