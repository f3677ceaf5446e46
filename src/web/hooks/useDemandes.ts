import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/endpoints.ts';
import { queryKeys } from '../api/query-keys.ts';
import { useExclusiveMutation } from './useExclusiveMutation.ts';

export function useDemandeList(scope: 'open' | 'mine') {
  return useQuery({ queryKey: queryKeys.demandeList(scope), queryFn: () => api.demandes(scope) });
}

export function useDemande(id: string) {
  return useQuery({ queryKey: queryKeys.demande(id), queryFn: () => api.demande(id) });
}

export function useCreateDemande() {
  const queryClient = useQueryClient();
  return useExclusiveMutation({
    mutationFn: api.createDemande,
    onSuccess: (demande) => {
      queryClient.setQueryData(queryKeys.demande(demande.id), demande);
      return queryClient.invalidateQueries({ queryKey: queryKeys.demandes });
    },
  });
}
