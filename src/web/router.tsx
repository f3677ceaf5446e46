import { lazy, Suspense } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
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

export const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { path: '/', element: <Navigate to="/demandes" replace /> },
      { path: '/sign-in', element: <SignInPage /> },
      { path: '/sign-up', element: <SignUpPage /> },
      {
        element: <RequireAuth />,
        children: [
          { path: '/demandes', element: <OpenDemandesPage /> },
          { path: '/demandes/:demandeId', element: <DemandePage /> },
          { path: '/my/demandes', element: <MyDemandesPage /> },
          { path: '/my/offres', element: <MyOffresPage /> },
          { path: '/sessions/:sessionId', element: <SessionPage /> },
          { path: '/notifications', element: <NotificationsPage /> },
          {
            path: '/meet/:sessionId',
            element: (
              <Suspense fallback={<Loading />}>
                <MeetPage />
              </Suspense>
            ),
          },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
