/**
 * Which `/ws` topics the tab listens to: the user's own, always, and those of what is on screen,
 * read from the query cache (a query with an observer is a query some mounted screen shows).
 */
import type { Query } from '@tanstack/react-query';
import type { DemandeDto, OffreDto } from '../../shared/schemas.ts';
import { topicOf, type Topic } from '../../shared/realtime.ts';
import { queryKeys } from '../api/query-keys.ts';

/** The part of TanStack's query cache this reads (a real `QueryCache` in the app and tests). */
export interface QueriesSource {
  getAll(): Query[];
  find(filters: { queryKey: readonly unknown[]; exact: true }): Query | undefined;
}

const isShown = (query: Query) => query.getObserversCount() > 0 && query.state.data !== undefined;

/**
 * `user:<me>`; `meet:<id>` for every session shown (only its participants can have loaded it);
 * `demande:<id>` for every demande shown that is the user's, or that the user offered on (the
 * server lets only those hear a demande: another one would only be refused).
 */
export function liveTopics(queries: QueriesSource, meId: string): Set<Topic> {
  const topics = new Set<Topic>([topicOf.user(meId)]);
  const offered = (demandeId: string, key: readonly unknown[]) =>
    ((queries.find({ queryKey: key, exact: true })?.state.data as OffreDto[] | undefined) ?? []).some(
      (offre) => offre.demandeId === demandeId && offre.prestataire.id === meId,
    );
  for (const query of queries.getAll()) {
    if (!isShown(query)) continue;
    const [resource, id, ...rest] = query.queryKey;
    if (typeof id !== 'string' || rest.length > 0) continue;
    if (resource === 'meet-session') topics.add(topicOf.meet(id));
    if (resource === 'demande') {
      const demande = query.state.data as DemandeDto;
      if (demande.creator.id === meId || offered(id, queryKeys.demandeOffres(id)) || offered(id, queryKeys.myOffres)) topics.add(topicOf.demande(id));
    }
  }
  return topics;
}
