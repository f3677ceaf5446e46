import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { isApiError } from '../api/client.ts';
import { api } from '../api/endpoints.ts';
import { queryKeys } from '../api/query-keys.ts';
import type { UserDto } from '../../shared/schemas.ts';
import { useExclusiveMutation } from './useExclusiveMutation.ts';

/** The signed-in user; `null` when nobody is signed in. */
export function useMe() {
  return useQuery({
    queryKey: queryKeys.me,
    queryFn: signedInUser,
    staleTime: Infinity,
  });
}

/** Signing in or up starts from a clean cache: nothing of a previous account may show. */
function useSignedIn() {
  const queryClient = useQueryClient();
  return (user: UserDto) => {
    queryClient.clear();
    queryClient.setQueryData(queryKeys.me, user);
  };
}

export function useSignIn() {
  const signedIn = useSignedIn();
  return useExclusiveMutation({ mutationFn: api.login, onSuccess: signedIn });
}

export function useSignUp() {
  const signedIn = useSignedIn();
  return useExclusiveMutation({ mutationFn: api.register, onSuccess: signedIn });
}

/** The signed-in user, or `null` when the server says nobody is (any other failure throws). */
async function signedInUser(): Promise<UserDto | null> {
  try {
    return await api.me();
  } catch (error) {
    if (isApiError(error, 'UNAUTHENTICATED')) return null;
    throw error;
  }
}

/** Whether the session is over (signed out meanwhile, or expired); a network failure is not an answer. */
export const sessionEnded = (): Promise<boolean> => signedInUser().then((user) => user === null, () => false);

/**
 * Nothing of the account stays in the cache once it is signed out (here, or in another tab). `me`
 * is set rather than removed, so that what watches it (RequireAuth) hears of it and sends to sign-in.
 */
export function forgetAccount(queryClient: QueryClient): void {
  queryClient.setQueryData(queryKeys.me, null);
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== queryKeys.me[0] });
  queryClient.getMutationCache().clear();
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useExclusiveMutation({ mutationFn: api.logout, onSuccess: () => forgetAccount(queryClient) });
}
