import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../api/endpoints.ts';
import { queryKeys } from '../api/query-keys.ts';
import type { OffreDto, proposeOffreInput } from '../../shared/schemas.ts';
import { useExclusiveMutation } from './useExclusiveMutation.ts';

/** A demande's offres: all of them for its creator, one's own for anyone else. */
export function useDemandeOffres(demandeId: string) {
  return useQuery({ queryKey: queryKeys.demandeOffres(demandeId), queryFn: () => api.offresOf(demandeId) });
}

export function useMyOffres() {
  return useQuery({ queryKey: queryKeys.myOffres, queryFn: api.myOffres });
}

/** After a prestataire's own change: the demande's offres and their own list. */
function useRefreshAfterOwnOffre() {
  const queryClient = useQueryClient();
  return (demandeId: string) =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.demande(demandeId) }),
      queryClient.invalidateQueries({ queryKey: queryKeys.myOffres }),
    ]);
}

export function useProposeOffre(demandeId: string) {
  const refresh = useRefreshAfterOwnOffre();
  return useExclusiveMutation({
    mutationFn: (input: z.input<typeof proposeOffreInput>) => api.proposeOffre(demandeId, input),
    onSettled: () => refresh(demandeId),
  });
}

export function useWithdrawOffre() {
  const refresh = useRefreshAfterOwnOffre();
  return useExclusiveMutation({
    mutationFn: (offre: OffreDto) => api.withdrawOffre(offre.id),
    onSettled: (_result, _error, offre) => refresh(offre.demandeId),
  });
}
