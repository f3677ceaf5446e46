import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/useI18n.ts';
import { ErrorMessage } from './ErrorMessage.tsx';

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {t('app.loading')}
    </p>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

interface QueryViewProps<T> {
  query: UseQueryResult<T>;
  children(data: T): ReactNode;
  /** Shown instead of `children` when `isEmpty(data)`. */
  empty?: ReactNode;
  isEmpty?(data: T): boolean;
}

/** The loading, error, empty and loaded states of one query, the same way on every screen. */
export function QueryView<T>({ query, children, empty, isEmpty }: QueryViewProps<T>) {
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorMessage error={query.error} onRetry={() => void query.refetch()} />;
  if (empty !== undefined && isEmpty?.(query.data)) return <EmptyState>{empty}</EmptyState>;
  return <>{children(query.data)}</>;
}
