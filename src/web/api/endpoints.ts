/** Every API call the web app makes, typed by the shared schemas. */
import { z } from 'zod';
import {
  acceptResult,
  type createDemandeInput,
  demandeDto,
  eventDto,
  meetSessionDto,
  type loginInput,
  myOffreDto,
  offreDto,
  type proposeOffreInput,
  type registerInput,
  userDto,
} from '../../shared/schemas.ts';
import { notificationDto, notificationsList } from '../../shared/notifications.ts';
import { startPaymentResult } from '../../shared/payments.ts';
import { apiRequest, newIdempotencyKey } from './client.ts';

const userAnswer = z.object({ user: userDto });
const demandeAnswer = z.object({ demande: demandeDto });
const demandesAnswer = z.object({ demandes: z.array(demandeDto) });
const offreAnswer = z.object({ offre: offreDto });
const offresAnswer = z.object({ offres: z.array(offreDto) });
const myOffresAnswer = z.object({ offres: z.array(myOffreDto) });
const timelineAnswer = z.object({ events: z.array(eventDto) });
const notificationAnswer = z.object({ notification: notificationDto });
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
