/**
 * The HTTP API, one entry per route, in the shared Zod schemas: the OpenAPI document
 * (`/api/openapi.json`, src/http/openapi.ts) is generated from it, and the web app's calls
 * (src/web/api/endpoints.ts) read their answers' schemas here.
 */
import { z } from 'zod';
import { iceConfig, myReviewAnswer, reviewDto, reviewInput } from './meet.ts';
import { listNotificationsQuery, notificationDto, notificationsList } from './notifications.ts';
import { startPaymentResult } from './payments.ts';
import {
  acceptResult,
  createDemandeInput,
  demandeDto,
  eventDto,
  listDemandesQuery,
  listMyOffresQuery,
  loginInput,
  meetSessionDto,
  myOffreDto,
  offreDto,
  proposeOffreInput,
  registerInput,
  userDto,
} from './schemas.ts';
import { paymentProviders } from './statuses.ts';

export const userAnswer = z.object({ user: userDto });
export const demandeAnswer = z.object({ demande: demandeDto });
export const demandesAnswer = z.object({ demandes: z.array(demandeDto) });
export const offreAnswer = z.object({ offre: offreDto });
export const offresAnswer = z.object({ offres: z.array(offreDto) });
export const myOffresAnswer = z.object({ offres: z.array(myOffreDto) });
export const timelineAnswer = z.object({ events: z.array(eventDto) });
export const notificationAnswer = z.object({ notification: notificationDto });
export const markedAnswer = z.object({ marked: z.number() });
export const reviewAnswer = z.object({ review: reviewDto });
export const healthAnswer = z.object({ ok: z.literal(true), database: z.enum(['pglite', 'postgres']) });
/** 200 when ready; the same body with 503 when not (which of the two is down). */
export const readinessAnswer = z.object({ ready: z.boolean(), database: z.boolean(), listening: z.boolean() });
export const webhookReceipt = z.object({ received: z.literal(true), outcome: z.enum(['applied', 'stale', 'duplicate', 'ignored', 'refund_due']) });

/** Who may call: a signed-in person (session cookie), anyone, Prometheus (METRICS_TOKEN), a payment provider (signed body). */
export type Caller = 'person' | 'anyone' | 'prometheus' | 'provider';

export interface Operation {
  method: 'GET' | 'POST';
  /** Fastify's pattern, as registered (`:id` is a UUID; `:paymentId` too; `:provider` a provider's name). */
  path: string;
  summary: string;
  tag: 'accounts' | 'demandes' | 'offres' | 'meet sessions' | 'payments' | 'notifications' | 'sandbox checkout' | 'operations';
  caller: Caller;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The request body's media type when not JSON (the sandbox's card form). */
  bodyType?: 'application/x-www-form-urlencoded';
  /** The answer when it goes well: a JSON schema, or another media type (pages, assets, metrics, an upgrade). */
  ok: { status: number; json?: z.ZodType; type?: string };
  /** Refusals, each answered with `errorBody` (or, for the checkout's pages, a page). */
  errors: number[];
}

/** What every route may answer whatever it does: a malformed request (400), a body too large or of the wrong type. */
const session = [401] as const;
const lookup = [401, 404] as const;
const decision = [401, 403, 404, 409] as const;

export const API: Operation[] = [
  { method: 'GET', path: '/api/health', summary: 'Liveness: the process answers (the database is not asked)', tag: 'operations', caller: 'anyone', ok: { status: 200, json: healthAnswer }, errors: [] },
  { method: 'GET', path: '/api/ready', summary: 'Readiness: a query answers and LISTEN is up (503 with the same body when not)', tag: 'operations', caller: 'anyone', ok: { status: 200, json: readinessAnswer }, errors: [] },
  { method: 'GET', path: '/metrics', summary: 'Prometheus metrics (text format); absent without METRICS_TOKEN', tag: 'operations', caller: 'prometheus', ok: { status: 200, type: 'text/plain' }, errors: [401, 404] },
  { method: 'GET', path: '/api/openapi.json', summary: 'This document', tag: 'operations', caller: 'anyone', ok: { status: 200, type: 'application/json' }, errors: [] },
  { method: 'GET', path: '/api/docs', summary: 'This document, browsable (Swagger UI)', tag: 'operations', caller: 'anyone', ok: { status: 200, type: 'text/html' }, errors: [] },
  { method: 'GET', path: '/api/docs/swagger-ui.css', summary: 'Swagger UI’s stylesheet', tag: 'operations', caller: 'anyone', ok: { status: 200, type: 'text/css' }, errors: [] },
  { method: 'GET', path: '/api/docs/swagger-ui-bundle.js', summary: 'Swagger UI', tag: 'operations', caller: 'anyone', ok: { status: 200, type: 'text/javascript' }, errors: [] },
  { method: 'GET', path: '/api/docs/docs.js', summary: 'Starts Swagger UI on /api/openapi.json (a file: the CSP allows no inline script)', tag: 'operations', caller: 'anyone', ok: { status: 200, type: 'text/javascript' }, errors: [] },

  { method: 'POST', path: '/api/auth/register', summary: 'Create an account and sign in', tag: 'accounts', caller: 'anyone', body: registerInput, ok: { status: 201, json: userAnswer }, errors: [400, 409, 429] },
  { method: 'POST', path: '/api/auth/login', summary: 'Sign in (sets the session cookie)', tag: 'accounts', caller: 'anyone', body: loginInput, ok: { status: 200, json: userAnswer }, errors: [400, 401, 429] },
  { method: 'POST', path: '/api/auth/logout', summary: 'Sign out (ends the session and its sockets everywhere)', tag: 'accounts', caller: 'anyone', ok: { status: 204 }, errors: [] },
  { method: 'GET', path: '/api/me', summary: 'The signed-in account', tag: 'accounts', caller: 'person', ok: { status: 200, json: userAnswer }, errors: [...session] },
  { method: 'GET', path: '/api/me/offres', summary: 'My offres, with what they became', tag: 'offres', caller: 'person', query: listMyOffresQuery, ok: { status: 200, json: myOffresAnswer }, errors: [400, ...session] },

  { method: 'POST', path: '/api/demandes', summary: 'Post a demande', tag: 'demandes', caller: 'person', body: createDemandeInput, ok: { status: 201, json: demandeAnswer }, errors: [400, ...session, 422] },
  { method: 'GET', path: '/api/demandes', summary: 'Open demandes, or mine', tag: 'demandes', caller: 'person', query: listDemandesQuery, ok: { status: 200, json: demandesAnswer }, errors: [400, ...session] },
  { method: 'GET', path: '/api/demandes/:id', summary: 'A demande', tag: 'demandes', caller: 'person', ok: { status: 200, json: demandeAnswer }, errors: [...lookup] },
  { method: 'POST', path: '/api/demandes/:id/cancel', summary: 'Cancel my demande (rejects its pending offres)', tag: 'demandes', caller: 'person', ok: { status: 200, json: demandeAnswer }, errors: [...decision] },
  { method: 'POST', path: '/api/demandes/:id/offres', summary: 'Answer a demande with an offre', tag: 'offres', caller: 'person', body: proposeOffreInput, ok: { status: 201, json: offreAnswer }, errors: [400, ...decision, 422] },
  { method: 'GET', path: '/api/demandes/:id/offres', summary: 'A demande’s offres (all for its creator, one’s own otherwise)', tag: 'offres', caller: 'person', ok: { status: 200, json: offresAnswer }, errors: [...lookup] },
  { method: 'POST', path: '/api/offres/:id/accept', summary: 'Accept an offre: one meet session, the same on every repeat', tag: 'offres', caller: 'person', ok: { status: 200, json: acceptResult }, errors: [...decision] },
  { method: 'POST', path: '/api/offres/:id/reject', summary: 'Reject an offre', tag: 'offres', caller: 'person', ok: { status: 200, json: offreAnswer }, errors: [...decision] },
  { method: 'POST', path: '/api/offres/:id/withdraw', summary: 'Withdraw my offre', tag: 'offres', caller: 'person', ok: { status: 200, json: offreAnswer }, errors: [...decision] },

  { method: 'GET', path: '/api/meet-sessions/:id', summary: 'A meet session and its payment', tag: 'meet sessions', caller: 'person', ok: { status: 200, json: meetSessionDto }, errors: [...lookup] },
  { method: 'GET', path: '/api/meet-sessions/:id/timeline', summary: 'What happened to a meet session, its offre and demande', tag: 'meet sessions', caller: 'person', ok: { status: 200, json: timelineAnswer }, errors: [...lookup] },
  { method: 'POST', path: '/api/meet-sessions/:id/payment', summary: 'Start paying (or the live attempt again)', tag: 'payments', caller: 'person', ok: { status: 200, json: startPaymentResult }, errors: [...decision, 502] },
  { method: 'POST', path: '/api/meet-sessions/:id/cancel', summary: 'Call the deal off before the call (refunds a payment)', tag: 'meet sessions', caller: 'person', ok: { status: 200, json: meetSessionDto }, errors: [...decision, 502] },
  { method: 'GET', path: '/api/meet-sessions/:id/ice', summary: 'The call’s ICE servers and short-lived TURN credentials', tag: 'meet sessions', caller: 'person', ok: { status: 200, json: iceConfig }, errors: [...decision] },
  { method: 'POST', path: '/api/meet-sessions/:id/review', summary: 'Review the call', tag: 'meet sessions', caller: 'person', body: reviewInput, ok: { status: 201, json: reviewAnswer }, errors: [400, ...decision, 422] },
  { method: 'GET', path: '/api/meet-sessions/:id/review', summary: 'My review of the call, if any', tag: 'meet sessions', caller: 'person', ok: { status: 200, json: myReviewAnswer }, errors: [...decision] },

  { method: 'POST', path: '/api/payments/webhook/:provider', summary: 'A payment provider’s signed event', tag: 'payments', caller: 'provider', body: z.looseObject({}), ok: { status: 200, json: webhookReceipt }, errors: [400, 404] },
  { method: 'GET', path: '/sandbox/checkout.css', summary: 'The sandbox checkout’s stylesheet', tag: 'sandbox checkout', caller: 'anyone', ok: { status: 200, type: 'text/css' }, errors: [] },
  { method: 'GET', path: '/sandbox/checkout/:paymentId', summary: 'The sandbox’s hosted checkout page', tag: 'sandbox checkout', caller: 'anyone', query: z.object({ lang: z.enum(['fr', 'en']).optional() }), ok: { status: 200, type: 'text/html' }, errors: [404, 409] },
  { method: 'POST', path: '/sandbox/checkout/:paymentId', summary: 'Pay with a test card: back to the app (303), or a confirmation page', tag: 'sandbox checkout', caller: 'anyone', query: z.object({ lang: z.enum(['fr', 'en']).optional() }), body: z.object({ cardNumber: z.string(), expiry: z.string(), cvc: z.string() }), bodyType: 'application/x-www-form-urlencoded', ok: { status: 303 }, errors: [400, 404, 409] },
  { method: 'POST', path: '/sandbox/checkout/:paymentId/confirm', summary: 'Confirm or refuse an extra authentication: back to the app', tag: 'sandbox checkout', caller: 'anyone', query: z.object({ lang: z.enum(['fr', 'en']).optional() }), body: z.object({ decision: z.enum(['confirm', 'refuse']) }), bodyType: 'application/x-www-form-urlencoded', ok: { status: 303 }, errors: [404, 409] },

  { method: 'GET', path: '/api/notifications', summary: 'My notifications and how many are unread', tag: 'notifications', caller: 'person', query: listNotificationsQuery, ok: { status: 200, json: notificationsList }, errors: [400, ...session] },
  { method: 'POST', path: '/api/notifications/:id/read', summary: 'Mark a notification read', tag: 'notifications', caller: 'person', ok: { status: 200, json: notificationAnswer }, errors: [...lookup] },
  { method: 'POST', path: '/api/notifications/read-all', summary: 'Mark all my notifications read', tag: 'notifications', caller: 'person', ok: { status: 200, json: markedAnswer }, errors: [...session] },
  { method: 'GET', path: '/ws', summary: 'The live-updates and call-signaling WebSocket (messages: src/shared/realtime.ts, meet.ts); a plain GET is refused', tag: 'operations', caller: 'person', ok: { status: 101 }, errors: [401, 403, 426] },
];

/** `:provider` names a payment provider; every other path parameter is a UUID. */
export const pathParameter = (name: string): z.ZodType => (name === 'provider' ? z.enum(paymentProviders) : z.uuid());
