/** The notification centre's HTTP contract, shared by the server and the web app. */
import { z } from 'zod';

/**
 * What a notification is about. Each kind's `data` is listed beside it; the web app renders the
 * sentence from the kind and the data.
 */
export const notificationKinds = [
  /** To the demandeur: `{ demandeTitle, prestataireName, priceCents }`. */
  'offre.received',
  /** To the prestataire: `{ demandeTitle }`. */
  'offre.accepted',
  /** To the prestataire: `{ demandeTitle, reason: 'rejected_by_demandeur' | 'other_offre_accepted' | 'demande_cancelled' }`. */
  'offre.rejected',
  /** To both participants: `{}` (the meet session is ready). */
  'payment.succeeded',
  /** To the prestataire: `{}` (the demandeur cancelled the meet session). */
  'meet_session.cancelled',
  /** To the other participant of a call: `{ name }` joined, or left it. */
  'call.joined',
  'call.left',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export const notificationDto = z.object({
  id: z.string(),
  kind: z.string(),
  data: z.record(z.string(), z.unknown()),
  demandeId: z.string().nullable(),
  offreId: z.string().nullable(),
  meetSessionId: z.string().nullable(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
});
export type NotificationDto = z.infer<typeof notificationDto>;

export const listNotificationsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

export const notificationsList = z.object({ notifications: z.array(notificationDto), unreadCount: z.number() });

/** The `kind` of the `changed` message on `user:<id>` when that user's notifications change. */
export const NOTIFICATIONS_CHANGED = 'notifications.changed';
