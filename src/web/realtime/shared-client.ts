import { RealtimeClient, type RealtimeClientOptions } from './realtime-client.ts';

/** `/ws` on the page's own origin (the session cookie and the Origin check both need it). */
export const realtimeUrl = ({ protocol, host }: Pick<Location, 'protocol' | 'host'>): string =>
  `${protocol === 'https:' ? 'wss' : 'ws'}://${host}/ws`;

let shared: RealtimeClient | undefined;

/**
 * The tab's one connection, opened on first use; every screen subscribes through it. `onResync`
 * is best set here once, e.g. to invalidate the queries of each topic.
 */
export function sharedRealtimeClient(options: Omit<RealtimeClientOptions, 'url'> = {}): RealtimeClient {
  shared ??= new RealtimeClient({ ...options, url: realtimeUrl(window.location) });
  return shared;
}

/** Closes the tab's connection (after a sign-out: it was authenticated as the previous user). */
export function resetSharedRealtimeClient(): void {
  shared?.close();
  shared = undefined;
}
