/** Every API call the web app makes, typed by the shared schemas (their answers: src/shared/api.ts). */
import { z } from 'zod';
import {
  demandeAnswer,
  demandesAnswer,
  myOffresAnswer,
  notificationAnswer,
  offreAnswer,
  offresAnswer,
  timelineAnswer,
  userAnswer,
} from '../../shared/api.ts';
import { notificationsList } from '../../shared/notifications.ts';
import { startPaymentResult } from '../../shared/payments.ts';
import {
  acceptResult,
  type createDemandeInput,
  meetSessionDto,
  type loginInput,
  type proposeOffreInput,
  type registerInput,
} from '../../shared/schemas.ts';
import { apiRequest, newIdempotencyKey } from './client.ts';

const nothing = z.unknown();

const get = <S extends z.ZodType>(path: string, schema: S) => apiRequest('GET', path, schema);
const post = <S extends z.ZodType>(path: string, schema: S, body?: unknown) => apiRequest('POST', path, schema, body);
/** A POST that creates something: sent with a new Idempotency-Key, retried with it if the answer is lost. */
const create = <S extends z.ZodType>(path: string, schema: S, body: unknown) => apiRequest('POST', path, schema, body, { idempotencyKey: newIdempotencyKey() });
const segment = encodeURIComponent;

export const api = {
  me: async () => (await get('/api/me', userAnswer)).user,
  register: async (input: z.input<typeof registerInput>) => (await post('/api/auth/register', userAnswer, input)).user,
  login: async (input: z.input<typeof loginInput>) => (await post('/api/auth/login', userAnswer, input)).user,
  logout: async () => void (await post('/api/auth/logout', nothing)),

  demandes: async (scope: 'open' | 'mine') => (await get(`/api/demandes?scope=${scope}`, demandesAnswer)).demandes,
  demande: async (id: string) => (await get(`/api/demandes/${segment(id)}`, demandeAnswer)).demande,
  createDemande: async (input: z.input<typeof createDemandeInput>) => (await create('/api/demandes', demandeAnswer, input)).demande,

  offresOf: async (demandeId: string) => (await get(`/api/demandes/${segment(demandeId)}/offres`, offresAnswer)).offres,
  myOffres: async () => (await get('/api/me/offres', myOffresAnswer)).offres,
  proposeOffre: async (demandeId: string, input: z.input<typeof proposeOffreInput>) =>
    (await create(`/api/demandes/${segment(demandeId)}/offres`, offreAnswer, input)).offre,
  acceptOffre: (offreId: string) => post(`/api/offres/${segment(offreId)}/accept`, acceptResult),
  withdrawOffre: async (offreId: string) => (await post(`/api/offres/${segment(offreId)}/withdraw`, offreAnswer)).offre,

  meetSession: (id: string) => get(`/api/meet-sessions/${segment(id)}`, meetSessionDto),
  timeline: async (id: string) => (await get(`/api/meet-sessions/${segment(id)}/timeline`, timelineAnswer)).events,
  startPayment: (meetSessionId: string) => post(`/api/meet-sessions/${segment(meetSessionId)}/payment`, startPaymentResult),
  cancelMeetSession: (meetSessionId: string) => post(`/api/meet-sessions/${segment(meetSessionId)}/cancel`, meetSessionDto),

  notifications: () => get('/api/notifications', notificationsList),
  markNotificationRead: async (id: string) => (await post(`/api/notifications/${segment(id)}/read`, notificationAnswer)).notification,
  markAllNotificationsRead: () => post('/api/notifications/read-all', nothing),
};
