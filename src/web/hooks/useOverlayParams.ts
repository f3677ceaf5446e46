import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

const SESSION_PARAM = 'session';
const OFFRES_PARAM = 'offres';

/**
 * The overlays of a screen live in its URL (`?offres=<demandeId>`, `?session=<meetSessionId>`),
 * so a reload keeps them open and the back button closes them.
 */
export function useOverlayParams() {
  const [params, setParams] = useSearchParams();

  const show = useCallback(
    (name: string, value: string | null, { replace = false } = {}) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          next.delete(OFFRES_PARAM);
          next.delete(SESSION_PARAM);
          if (value) next.set(name, value);
          return next;
        },
        { replace },
      ),
    [setParams],
  );

  return {
    receivedOffresOf: params.get(OFFRES_PARAM),
    paymentSessionId: params.get(SESSION_PARAM),
    showReceivedOffres: (demandeId: string) => show(OFFRES_PARAM, demandeId),
    /** The payment step of a just-accepted offre replaces the received-offres overlay. */
    showPayment: (meetSessionId: string) => show(SESSION_PARAM, meetSessionId, { replace: params.has(OFFRES_PARAM) }),
    closeOverlay: () => show(SESSION_PARAM, null, { replace: true }),
  };
}
