import { useCallback } from 'react';
import { useLocation, useMatch, useNavigate, useSearchParams } from 'react-router';
import { asPaymentReturn } from '../api/payment.ts';

const SESSION_PARAM = 'session';
const OFFRES_PARAM = 'offres';
/** Set by the checkout when it sends the payer back to `/meet/<id>?payment=done|failed|cancelled`. */
const PAYMENT_RETURN_PARAM = 'payment';
/** History state of an entry this app pushed to open an overlay: closing it is then going back. */
const OPENED_HERE = { openedOverlay: true };

/**
 * The overlays of a screen live in its URL (`?offres=<demandeId>`, `?session=<meetSessionId>`),
 * so a reload keeps them open and the back button closes them. The checkout's return
 * (`/meet/<id>?payment=…`) opens the payment step of that session over the call page, until paid.
 */
export function useOverlayParams() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const openedHere = (useLocation().state as typeof OPENED_HERE | null)?.openedOverlay === true;
  const meetSessionId = useMatch('/meet/:sessionId')?.params.sessionId;
  const paymentReturn = meetSessionId ? asPaymentReturn(params.get(PAYMENT_RETURN_PARAM)) : undefined;

  const show = useCallback(
    (name: string, value: string | null, replace: boolean) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          next.delete(OFFRES_PARAM);
          next.delete(SESSION_PARAM);
          next.delete(PAYMENT_RETURN_PARAM);
          if (value) next.set(name, value);
          return next;
        },
        { replace, state: value ? OPENED_HERE : null },
      ),
    [setParams],
  );

  return {
    receivedOffresOf: params.get(OFFRES_PARAM),
    paymentSessionId: params.get(SESSION_PARAM) ?? (paymentReturn ? meetSessionId! : null),
    paymentReturn,
    showReceivedOffres: (demandeId: string) => show(OFFRES_PARAM, demandeId, false),
    /** The payment step of a just-accepted offre takes the place of the received-offres modal. */
    showPayment: (meetSessionId: string) => show(SESSION_PARAM, meetSessionId, params.has(OFFRES_PARAM)),
    /** Back to the screen under the overlay; an overlay reached by a link has no such entry to go back to. */
    closeOverlay: () => (openedHere ? navigate(-1) : show(SESSION_PARAM, null, true)),
  };
}
