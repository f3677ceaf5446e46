/**
 * Who may do what, as ONE table: every route × every role → the expected status, in the state
 * (open demande, or its offre accepted) the row names. The test builds a fresh demande for each
 * cell, so a cell's request never sees another's effects. A new route needs its rows here (the
 * test fails otherwise); a new state (paid session…) is a new `state` and its fixture step.
 */
export const ROLES = ['anonymous', 'demandeur', 'prestataire', 'otherPrestataire', 'stranger'] as const;
export type Role = (typeof ROLES)[number];

/**
 * `open`: a demande by the demandeur with a pending offre from the prestataire and one from the
 * other prestataire. `accepted`: the same, with the prestataire's offre accepted (so the other
 * one is rejected) and its meet session created. `paying`: the demandeur has started paying (a
 * sandbox payment `requires_payment`). `paid`: the sandbox's signed webhook said the payment
 * succeeded, the session is `ready`. `inCall`: paid, and the demandeur's page entered the call. `cancelled`: the accepted session called off by the demandeur
 * (used by the `/ws` half of the test).
 */
export type CellState = 'open' | 'accepted' | 'paying' | 'paid' | 'inCall' | 'cancelled';

/** The states the `/ws` half drives: the topic and call answers agree with HTTP in each. */
export const SOCKET_STATES: CellState[] = ['open', 'accepted', 'paying', 'paid', 'cancelled'];

/** What the HTTP read answer means on `/ws`: a subscription's verdict, a `meet.join`'s answer. */
export const SUBSCRIBE_ANSWER_OF_HTTP: Record<number, string> = { 200: 'subscribed', 404: 'TOPIC_NOT_FOUND' };
export const JOIN_ANSWER_OF_HTTP: Record<number, string> = { 200: 'meet.joined', 404: 'MEET_SESSION_NOT_FOUND', 409: 'MEET_SESSION_NOT_READY' };

export interface MatrixRow {
  route: string;
  state: CellState;
  /** What `:id` names when not the route's usual target: the other prestataire's offre. */
  target?: 'otherOffre';
  /** Statuses in ROLES order: anonymous, demandeur, prestataire, otherPrestataire, stranger. */
  expect: [number, number, number, number, number];
}

export const MATRIX: MatrixRow[] = [
  { route: 'GET /api/health', state: 'open', expect: [200, 200, 200, 200, 200] },
  { route: 'GET /api/ready', state: 'open', expect: [200, 200, 200, 200, 200] },
  // Prometheus', with METRICS_TOKEN; people's cookies open nothing (unset here: no such route).
  { route: 'GET /metrics', state: 'open', expect: [404, 404, 404, 404, 404] },
  { route: 'GET /api/openapi.json', state: 'open', expect: [200, 200, 200, 200, 200] },
  { route: 'GET /api/docs', state: 'open', expect: [200, 200, 200, 200, 200] },
  { route: 'GET /api/docs/swagger-ui.css', state: 'open', expect: [200, 200, 200, 200, 200] },
  { route: 'GET /api/docs/swagger-ui-bundle.js', state: 'open', expect: [200, 200, 200, 200, 200] },
  { route: 'GET /api/docs/docs.js', state: 'open', expect: [200, 200, 200, 200, 200] },
  { route: 'POST /api/auth/register', state: 'open', expect: [201, 201, 201, 201, 201] },
  { route: 'POST /api/auth/login', state: 'open', expect: [200, 200, 200, 200, 200] },
  { route: 'POST /api/auth/logout', state: 'open', expect: [204, 204, 204, 204, 204] },
  { route: 'GET /api/me', state: 'open', expect: [401, 200, 200, 200, 200] },
  { route: 'GET /api/me/offres', state: 'accepted', expect: [401, 200, 200, 200, 200] },
  { route: 'POST /api/demandes', state: 'open', expect: [401, 201, 201, 201, 201] },
  { route: 'GET /api/demandes', state: 'open', expect: [401, 200, 200, 200, 200] },
  { route: 'GET /api/demandes', state: 'accepted', expect: [401, 200, 200, 200, 200] },
  // An open demande is public to signed-in people; once accepted, only to those involved.
  { route: 'GET /api/demandes/:id', state: 'open', expect: [401, 200, 200, 200, 200] },
  { route: 'GET /api/demandes/:id', state: 'accepted', expect: [401, 200, 200, 200, 404] },
  { route: 'POST /api/demandes/:id/cancel', state: 'open', expect: [401, 200, 403, 403, 403] },
  { route: 'POST /api/demandes/:id/cancel', state: 'accepted', expect: [401, 409, 403, 403, 404] },
  { route: 'POST /api/demandes/:id/offres', state: 'open', expect: [401, 403, 409, 409, 201] },
  { route: 'POST /api/demandes/:id/offres', state: 'accepted', expect: [401, 403, 409, 409, 404] },
  // The creator sees every offre; anyone else only their own (an empty list for the stranger).
  { route: 'GET /api/demandes/:id/offres', state: 'open', expect: [401, 200, 200, 200, 200] },
  { route: 'GET /api/demandes/:id/offres', state: 'accepted', expect: [401, 200, 200, 200, 404] },
  // An offre exists only for its author and the demande's creator.
  { route: 'POST /api/offres/:id/accept', state: 'open', expect: [401, 200, 403, 404, 404] },
  { route: 'POST /api/offres/:id/accept', state: 'accepted', expect: [401, 200, 403, 404, 404] },
  { route: 'POST /api/offres/:id/accept', state: 'accepted', target: 'otherOffre', expect: [401, 409, 404, 403, 404] },
  { route: 'POST /api/offres/:id/reject', state: 'open', expect: [401, 200, 403, 404, 404] },
  { route: 'POST /api/offres/:id/reject', state: 'accepted', expect: [401, 409, 403, 404, 404] },
  { route: 'POST /api/offres/:id/withdraw', state: 'open', expect: [401, 403, 200, 404, 404] },
  { route: 'POST /api/offres/:id/withdraw', state: 'accepted', expect: [401, 403, 409, 404, 404] },
  { route: 'POST /api/offres/:id/withdraw', state: 'accepted', target: 'otherOffre', expect: [401, 403, 404, 409, 404] },
  // I3: a meet session exists only for its two participants.
  { route: 'GET /api/meet-sessions/:id', state: 'accepted', expect: [401, 200, 200, 404, 404] },
  { route: 'GET /api/meet-sessions/:id/timeline', state: 'accepted', expect: [401, 200, 200, 404, 404] },
  // Only the demandeur pays or calls the deal off; the prestataire sees the session but may not.
  { route: 'POST /api/meet-sessions/:id/payment', state: 'accepted', expect: [401, 200, 403, 404, 404] },
  { route: 'POST /api/meet-sessions/:id/payment', state: 'paying', expect: [401, 200, 403, 404, 404] },
  { route: 'POST /api/meet-sessions/:id/payment', state: 'paid', expect: [401, 200, 403, 404, 404] },
  { route: 'POST /api/meet-sessions/:id/cancel', state: 'accepted', expect: [401, 200, 403, 404, 404] },
  { route: 'POST /api/meet-sessions/:id/cancel', state: 'paid', expect: [401, 200, 403, 404, 404] },
  // Server to server: a cookie counts for nothing, an unsigned body is refused whoever sends it.
  { route: 'POST /api/payments/webhook/:provider', state: 'paying', expect: [400, 400, 400, 400, 400] },
  // The sandbox's checkout is the payer's alone (its id is no key: the prestataire sees it too).
  { route: 'GET /sandbox/checkout.css', state: 'open', expect: [200, 200, 200, 200, 200] },
  { route: 'GET /sandbox/checkout/:paymentId', state: 'paying', expect: [404, 200, 404, 404, 404] },
  { route: 'GET /sandbox/checkout/:paymentId', state: 'paid', expect: [404, 409, 404, 404, 404] },
  // An empty card form is answered with the form and its errors.
  { route: 'POST /sandbox/checkout/:paymentId', state: 'paying', expect: [404, 400, 404, 404, 404] },
  { route: 'POST /sandbox/checkout/:paymentId', state: 'paid', expect: [404, 409, 404, 404, 404] },
  // No decision is a refusal: back to the app (303), the failure going to the webhook.
  { route: 'POST /sandbox/checkout/:paymentId/confirm', state: 'paying', expect: [404, 303, 404, 404, 404] },
  { route: 'POST /sandbox/checkout/:paymentId/confirm', state: 'paid', expect: [404, 409, 404, 404, 404] },
  // The call opens once paid: ICE credentials and reviews are for the two participants of a ready session.
  { route: 'GET /api/meet-sessions/:id/ice', state: 'accepted', expect: [401, 409, 409, 404, 404] },
  { route: 'GET /api/meet-sessions/:id/ice', state: 'paid', expect: [401, 200, 200, 404, 404] },
  { route: 'GET /api/meet-sessions/:id/ice', state: 'inCall', expect: [401, 200, 200, 404, 404] },
  // A call is reviewed once it took place (someone joined it), not before.
  { route: 'POST /api/meet-sessions/:id/review', state: 'accepted', expect: [401, 409, 409, 404, 404] },
  { route: 'POST /api/meet-sessions/:id/review', state: 'paid', expect: [401, 409, 409, 404, 404] },
  { route: 'POST /api/meet-sessions/:id/review', state: 'inCall', expect: [401, 201, 201, 404, 404] },
  { route: 'GET /api/meet-sessions/:id/review', state: 'paid', expect: [401, 200, 200, 404, 404] },
  { route: 'GET /api/notifications', state: 'accepted', expect: [401, 200, 200, 200, 200] },
  // The target is the demandeur's notification of the prestataire's offre: nobody else's to read.
  { route: 'POST /api/notifications/:id/read', state: 'open', expect: [401, 200, 404, 404, 404] },
  { route: 'POST /api/notifications/read-all', state: 'accepted', expect: [401, 200, 200, 200, 200] },
  { route: 'GET /ws', state: 'open', expect: [401, 426, 426, 426, 426] },
];

/** A valid body for each route that takes one; `login` is the credentials of an account of the test's own. */
export const MATRIX_BODIES: Record<string, (login: { email: string; password: string }) => unknown> = {
  'POST /api/auth/register': () => ({ email: `matrix-${Math.random().toString(36).slice(2)}@test.accord`, password: 'correct horse battery', displayName: 'Matrix' }),
  'POST /api/auth/login': (login) => login,
  'POST /api/demandes': () => ({ title: 'Une demande', description: 'Un texte.' }),
  'POST /api/demandes/:id/offres': () => ({ priceCents: 1234, message: 'Une offre de plus.' }),
  'POST /api/meet-sessions/:id/review': () => ({ rating: 5 }),
};
