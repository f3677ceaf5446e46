import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/endpoints.ts';
import { queryKeys } from '../api/query-keys.ts';
import { useExclusiveMutation } from './useExclusiveMutation.ts';

export function useMeetSession(id: string) {
  return useQuery({ queryKey: queryKeys.meetSession(id), queryFn: () => api.meetSession(id) });
}

export function useTimeline(meetSessionId: string) {
  return useQuery({ queryKey: queryKeys.meetSessionTimeline(meetSessionId), queryFn: () => api.timeline(meetSessionId) });
}

/** Starts (or resumes: the call is idempotent) the session's payment; a retry after a failure is the same call. */
export function useStartPayment(meetSessionId: string) {
  const queryClient = useQueryClient();
  return useExclusiveMutation({
    mutationFn: () => api.startPayment(meetSessionId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.meetSession(meetSessionId) }),
  });
}

/** The demandeur calls the deal off before the call: the session, its demande and the lists change. */
export function useCancelMeetSession(meetSessionId: string) {
  const queryClient = useQueryClient();
  return useExclusiveMutation({
    mutationFn: () => api.cancelMeetSession(meetSessionId),
    onSuccess: (session) => queryClient.setQueryData(queryKeys.meetSession(meetSessionId), session),
    onSettled: (session) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.meetSession(meetSessionId) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.demandes }),
        queryClient.invalidateQueries({ queryKey: queryKeys.myOffres }),
        session && queryClient.invalidateQueries({ queryKey: queryKeys.demande(session.demandeId) }),
      ]),
  });
}
