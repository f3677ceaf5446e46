import { useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useMe, useSignOut } from '../hooks/useMe.ts';
import { useOverlayParams } from '../hooks/useOverlayParams.ts';
import { useI18n } from '../i18n/useI18n.ts';
import { NotificationBell } from '../notifications/NotificationBell.tsx';
import { useLiveUpdates } from '../realtime/useLiveUpdates.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { PaymentStatusModal } from './PaymentStatusModal.tsx';
import { RenderFailureBoundary } from './RenderFailureBoundary.tsx';

export function Layout() {
  const { t } = useI18n();
  const me = useMe().data;
  const signOut = useSignOut();
  const navigate = useNavigate();
  const { paymentSessionId, paymentReturn, closeOverlay } = useOverlayParams();
  const { pathname } = useLocation();
  useFocusOnNavigation();
  useLiveUpdates(me?.id);

  return (
    <>
      <a className="skip-link" href="#content">
        {t('app.skipToContent')}
      </a>
      <header className="site-header">
        <div className="site-header-inner">
          <Link className="brand" to="/">
            {t('app.name')}
          </Link>
          {me && (
            <nav aria-label={t('nav.label')}>
              <ul>
                <li>
                  <NavLink to="/demandes" end>
                    {t('nav.openDemandes')}
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/my/demandes">{t('nav.myDemandes')}</NavLink>
                </li>
                <li>
                  <NavLink to="/my/offres">{t('nav.myOffres')}</NavLink>
                </li>
              </ul>
            </nav>
          )}
          <div className="header-tools">
            <LanguageSwitch />
            {me && (
              <>
                <NotificationBell />
                <span className="signed-in-as" title={t('nav.signedInAs', { name: me.displayName })}>
                  {me.displayName}
                </span>
                <button
                  type="button"
                  className="button ghost small"
                  disabled={signOut.isPending}
                  onClick={() => signOut.mutate(undefined, { onSuccess: () => navigate('/sign-in') })}
                >
                  {t('nav.signOut')}
                </button>
              </>
            )}
          </div>
        </div>
      </header>
      <main id="content" tabIndex={-1}>
        <RenderFailureBoundary resetKey={pathname}>
          <Outlet />
        </RenderFailureBoundary>
      </main>
      {me && paymentSessionId && <PaymentStatusModal meetSessionId={paymentSessionId} returned={paymentReturn} onClose={closeOverlay} />}
    </>
  );
}

/**
 * After a client-side navigation, focus moves to the new screen's content, as a page load would
 * put it at the top: keyboard and screen-reader users start from the new screen, not the old link.
 */
function useFocusOnNavigation(): void {
  const { pathname } = useLocation();
  const firstScreen = useRef(true);
  useEffect(() => {
    if (firstScreen.current) {
      firstScreen.current = false;
      return;
    }
    document.getElementById('content')?.focus();
  }, [pathname]);
}
