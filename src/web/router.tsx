import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { Layout } from './components/Layout.tsx';
import { Loading } from './components/QueryView.tsx';
import { RequireAuth } from './components/RequireAuth.tsx';
import { DemandePage } from './pages/DemandePage.tsx';
import { MyDemandesPage } from './pages/MyDemandesPage.tsx';
import { MyOffresPage } from './pages/MyOffresPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { NotificationsPage } from './pages/NotificationsPage.tsx';
import { OpenDemandesPage } from './pages/OpenDemandesPage.tsx';
import { SessionPage } from './pages/SessionPage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { SignUpPage } from './pages/SignUpPage.tsx';

/** The call screen is a chunk of its own, fetched when someone opens a /meet link. */
const MeetPage = lazy(() => import('./meet/MeetPage.tsx'));

/**
 * The screens, as declarative routes inside `<BrowserRouter>` (main.tsx). No screen loads data
 * through the router (TanStack Query does), so the data router (`createBrowserRouter`: loaders,
 * actions, fetchers) would only add about 15 KB of gzip to the initial download.
 */
export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route path="/" element={<Navigate to="/demandes" replace />} />
        <Route path="/sign-in" element={<SignInPage />} />
        <Route path="/sign-up" element={<SignUpPage />} />
        <Route element={<RequireAuth />}>
          <Route path="/demandes" element={<OpenDemandesPage />} />
          <Route path="/demandes/:demandeId" element={<DemandePage />} />
          <Route path="/my/demandes" element={<MyDemandesPage />} />
          <Route path="/my/offres" element={<MyOffresPage />} />
          <Route path="/sessions/:sessionId" element={<SessionPage />} />
          <Route path="/notifications" element={<NotificationsPage />} />
          <Route
            path="/meet/:sessionId"
            element={
              <Suspense fallback={<Loading />}>
                <MeetPage />
              </Suspense>
            }
          />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
