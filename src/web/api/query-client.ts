import { QueryClient } from '@tanstack/react-query';
import { isApiError } from './client.ts';

/** A refusal (4xx) will not change by asking again; a network or server failure may. */
const isWorthRetrying = (error: unknown) => !isApiError(error) || error.status === 0 || error.status >= 500;

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Data is fresh until a mutation or a live update says otherwise; a screen that mounts refetches.
        staleTime: 0,
        refetchOnWindowFocus: false,
        retry: (failureCount, error) => failureCount < 2 && isWorthRetrying(error),
      },
      mutations: { retry: false },
    },
  });
}
