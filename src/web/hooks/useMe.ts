import { useQuery, useQueryClient } from '@tanstack/react-query';
import { isApiError } from '../api/client.ts';
import { api } from '../api/endpoints.ts';
import { queryKeys } from '../api/query-keys.ts';
import type { UserDto } from '../../shared/schemas.ts';
import { useExclusiveMutation } from './useExclusiveMutation.ts';

/** The signed-in user; `null` when nobody is signed in. */
export function useMe() {
  return useQuery({
    queryKey: queryKeys.me,
    queryFn: async (): Promise<UserDto | null> => {
      try {
        return await api.me();
      } catch (error) {
        if (isApiError(error, 'UNAUTHENTICATED')) return null;
        throw error;
      }
    },
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

export function useSignOut() {
  const queryClient = useQueryClient();
  return useExclusiveMutation({
    mutationFn: api.logout,
    onSuccess: () => {
      queryClient.clear();
      queryClient.setQueryData(queryKeys.me, null);
    },
  });
}
