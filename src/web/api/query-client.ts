import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from './client.ts';
import { queryKeys } from './query-keys.ts';

/** A refusal (4xx) will not change by asking again; a network or server failure may. */
const isWorthRetrying = (error: unknown) => !isApiError(error) || error.status === 0 || error.status >= 500;

export function createQueryClient(): QueryClient {
  // A session that expired while a screen was open: forget the user, the guard sends them to sign in.
  const onError = (error: unknown) => {
    if (isApiError(error, 'UNAUTHENTICATED')) queryClient.setQueryData(queryKeys.me, null);
  };
  const queryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
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
  return queryClient;
}
