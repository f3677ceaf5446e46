import { lazy, Suspense } from 'react';
import { Loading } from '../components/QueryView.tsx';

/**
 * The notification list is a chunk of its own, shared by the header's panel and /notifications:
 * most screens only show the bell. The bell fetches it on hover or focus, before it is opened; a
 * failed fetch is left to the render, which tries again and shows the failure (RenderFailureBoundary).
 */
const loadList = () => import('./NotificationList.tsx');
const NotificationList = lazy(() => loadList().then((module) => ({ default: module.NotificationList })));
export const preloadNotificationList = () => void loadList().catch(() => {});

export function LazyNotificationList({ onFollow }: { onFollow?(): void }) {
  return (
    <Suspense fallback={<Loading />}>
      <NotificationList onFollow={onFollow} />
    </Suspense>
  );
}
