/**
 * Which `/ws` topics the tab listens to: the user's own, always, and those of what is on screen,
 * read from the query cache (a query with an observer is a query some mounted screen shows).
 */
import type { Query } from '@tanstack/react-query';
import { topicOf, type Topic } from '../../shared/realtime.ts';

/** The part of TanStack's query cache this reads (a real `QueryCache` in the app and tests). */
export interface QueriesSource {
  getAll(): Query[];
}

const isShown = (query: Query) => query.getObserversCount() > 0 && query.state.data !== undefined;

/**
 * `user:<me>`, and the topic of every session and demande shown. Loaded means readable, and the
 * server's one access policy lets whoever may read a thing hear its topic (it also decides which
 * of its events each listener hears), so the tab needs no rule of its own.
 */
export function liveTopics(queries: QueriesSource, meId: string): Set<Topic> {
  const topics = new Set<Topic>([topicOf.user(meId)]);
  for (const query of queries.getAll()) {
    if (!isShown(query)) continue;
    const [resource, id, ...rest] = query.queryKey;
    if (typeof id !== 'string' || rest.length > 0) continue;
    if (resource === 'meet-session') topics.add(topicOf.meet(id));
    if (resource === 'demande') topics.add(topicOf.demande(id));
  }
  return topics;
}
