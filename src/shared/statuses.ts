/**
 * Every status list of the domain, declared once: the Drizzle schema, its SQL checks (and a test
 * holding the migrations to them) and the shared Zod schemas all read these.
 *
 * Spelling: `cancelled` for what people cancel (a demande, a meet session); a payment keeps
 * Stripe's `canceled`, the word of the provider's API it mirrors.
 */
export const demandeStatuses = ['open', 'accepted', 'cancelled'] as const;
export type DemandeStatus = (typeof demandeStatuses)[number];

export const offreStatuses = ['pending', 'accepted', 'rejected', 'withdrawn', 'expired'] as const;
export type OffreStatus = (typeof offreStatuses)[number];

/** The meet session's lifecycle; its moves are in src/sessions/session-lifecycle.ts. */
export const meetSessionStatuses = ['awaiting_payment', 'ready', 'in_call', 'cancelled'] as const;
export type MeetSessionStatus = (typeof meetSessionStatuses)[number];

/** Modelled on Stripe's PaymentIntent; `refunded` once a succeeded payment was given back. */
export const paymentStatuses = ['requires_payment', 'processing', 'succeeded', 'failed', 'canceled', 'refunded'] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];

export const paymentProviders = ['sandbox', 'stripe'] as const;
export type PaymentProviderName = (typeof paymentProviders)[number];
