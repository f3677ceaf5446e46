import { useCallback } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';

const SESSION_PARAM = 'session';
const OFFRES_PARAM = 'offres';
/** History state of an entry this app pushed to open an overlay: closing it is then going back. */
const OPENED_HERE = { openedOverlay: true };

/**
 * The overlays of a screen live in its URL (`?offres=<demandeId>`, `?session=<meetSessionId>`),
 * so a reload keeps them open and the back button closes them.
 */
export function useOverlayParams() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const openedHere = (useLocation().state as typeof OPENED_HERE | null)?.openedOverlay === true;

  const show = useCallback(
    (name: string, value: string | null, replace: boolean) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          next.delete(OFFRES_PARAM);
          next.delete(SESSION_PARAM);
          if (value) next.set(name, value);
          return next;
        },
        { replace, state: value ? OPENED_HERE : null },
      ),
    [setParams],
  );

  return {
    receivedOffresOf: params.get(OFFRES_PARAM),
    paymentSessionId: params.get(SESSION_PARAM),
    showReceivedOffres: (demandeId: string) => show(OFFRES_PARAM, demandeId, false),
    /** The payment step of a just-accepted offre takes the place of the received-offres modal. */
    showPayment: (meetSessionId: string) => show(SESSION_PARAM, meetSessionId, params.has(OFFRES_PARAM)),
    /** Back to the screen under the overlay; an overlay reached by a link has no such entry to go back to. */
    closeOverlay: () => (openedHere ? navigate(-1) : show(SESSION_PARAM, null, true)),
  };
}
