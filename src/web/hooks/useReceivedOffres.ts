import { useQueryClient } from '@tanstack/react-query';
import { api } from '../api/endpoints.ts';
import { queryKeys } from '../api/query-keys.ts';
import type { OffreDto } from '../../shared/schemas.ts';
import { useDemande } from './useDemandes.ts';
import { useMe } from './useMe.ts';
import { useDemandeOffres } from './useOffres.ts';
import { useOverlayParams } from './useOverlayParams.ts';
import { useExclusiveMutation } from './useExclusiveMutation.ts';

/**
 * THE one source of the received-offres screen, used by both the page and the modal (the seed's bug
 * came from two screens with two acceptance paths). One accept mutation; whatever screen accepts,
 * the answer's `meetSessionId` opens the same payment step. Accepting an already accepted offre
 * answers the same session (I2), so a stale screen lands in the same place.
 */
export function useReceivedOffres(demandeId: string) {
  const queryClient = useQueryClient();
  const me = useMe().data;
  const demande = useDemande(demandeId);
  const offres = useDemandeOffres(demandeId);
  const { showPayment } = useOverlayParams();

  const accept = useExclusiveMutation({
    mutationFn: (offre: OffreDto) => api.acceptOffre(offre.id),
    onSuccess: ({ meetSessionId }) => showPayment(meetSessionId),
    // Success or refusal (another offre won meanwhile), the screen shows the demande as it now is.
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.demande(demandeId) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.demandes }),
      ]),
  });

  const isCreator = me !== undefined && me !== null && demande.data?.creator.id === me.id;
  const hasAcceptedOffre = demande.data?.status === 'accepted' || (offres.data ?? []).some((offre) => offre.status === 'accepted');

  /** Hiding the button is UX only: the server refuses a second acceptance whatever the screen shows (I1, I4). */
  const canAccept = (offre: OffreDto) => isCreator && demande.data?.status === 'open' && !hasAcceptedOffre && offre.status === 'pending';

  return {
    demande,
    offres,
    isCreator,
    hasAcceptedOffre,
    canAccept,
    accept: (offre: OffreDto) => accept.mutate(offre),
    isAccepting: accept.isPending,
    acceptError: accept.error,
    showPayment,
  };
}
