/**
 * Every TanStack Query key of the web app, by resource. Keys nest, so invalidating a prefix
 * refreshes everything under it: `['demande', id]` also refreshes `['demande', id, 'offres']`, and
 * `['meet-session', id]` also refreshes its timeline.
 *
 * | key                                  | holds                                   | API                                   |
 * |--------------------------------------|-----------------------------------------|---------------------------------------|
 * | ['me']                               | the signed-in user, or null             | GET /api/me                           |
 * | ['demandes', 'open']                 | open demandes                           | GET /api/demandes?scope=open          |
 * | ['demandes', 'mine']                 | the user's own demandes                 | GET /api/demandes?scope=mine          |
 * | ['demande', id]                      | one demande                             | GET /api/demandes/:id                 |
 * | ['demande', id, 'offres']            | its offres (all for the creator)        | GET /api/demandes/:id/offres          |
 * | ['my-offres']                        | the user's offres, with their demandes  | GET /api/me/offres                    |
 * | ['meet-session', id]                 | a meet session and its payment          | GET /api/meet-sessions/:id            |
 * | ['meet-session', id, 'timeline']     | the session's events                    | GET /api/meet-sessions/:id/timeline   |
 * | ['notifications']                    | the user's notifications, unread count  | GET /api/notifications                |
 *
 * Nothing polls. Mutations invalidate what they change (see hooks/), and live updates map each
 * server topic to the keys to invalidate with `keysForTopic`.
 */
export const queryKeys = {
  me: ['me'] as const,
  demandes: ['demandes'] as const,
  demandeList: (scope: 'open' | 'mine') => ['demandes', scope] as const,
  demande: (id: string) => ['demande', id] as const,
  demandeOffres: (id: string) => ['demande', id, 'offres'] as const,
  myOffres: ['my-offres'] as const,
  meetSession: (id: string) => ['meet-session', id] as const,
  meetSessionTimeline: (id: string) => ['meet-session', id, 'timeline'] as const,
  notifications: ['notifications'] as const,
};

export type QueryKey = readonly unknown[];

/**
 * The keys a live-update topic (`demande:<id>`, `user:<id>`, `meet:<sessionId>`) makes stale:
 * `queryClient.invalidateQueries({queryKey})` for each.
 */
export function keysForTopic(topic: string): QueryKey[] {
  const separator = topic.indexOf(':');
  const kind = topic.slice(0, separator);
  const id = topic.slice(separator + 1);
  if (separator < 1 || !id) return [];
  switch (kind) {
    // A demande changed (an offre proposed, accepted, rejected…): it, its offres, the lists showing it.
    case 'demande':
      return [queryKeys.demande(id), queryKeys.demandes, queryKeys.myOffres];
    // Something of the user's own changed (an event about them, or their notifications): their lists and the bell.
    case 'user':
      return [queryKeys.demandes, queryKeys.myOffres, queryKeys.notifications];
    // The session changed (payment, join, leave): it and its timeline.
    case 'meet':
      return [queryKeys.meetSession(id)];
    default:
      return [];
  }
}
