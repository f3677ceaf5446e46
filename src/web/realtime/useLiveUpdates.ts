import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { keysForTopic } from '../api/query-keys.ts';
import { forgetAccount, sessionEnded } from '../hooks/useMe.ts';
import { liveTopics } from './live-topics.ts';
import { resetSharedRealtimeClient, sharedRealtimeClient } from './shared-client.ts';

/** Screens mount and unmount in bursts (a navigation): the topics are worked out once it settles. */
const SETTLE_MS = 50;

/**
 * Live updates for the whole app, mounted once (in Layout) while someone is signed in: keeps the
 * tab's subscriptions equal to `liveTopics` and, for each topic, invalidates `keysForTopic(topic)`
 * when the server says it `changed`, when it asks for a `resync`, and once the subscription is
 * confirmed (a fetch made before it may have missed a change). Screens need nothing of their own.
 */
export function useLiveUpdates(meId: string | undefined): void {
  const queryClient = useQueryClient();

  useEffect(() => {
    if (!meId) return;
    const client = sharedRealtimeClient();
    const queryCache = queryClient.getQueryCache();
    const subscriptions = new Map<string, () => void>();
    const refresh = (topic: string) => {
      for (const queryKey of keysForTopic(topic)) void queryClient.invalidateQueries({ queryKey });
    };

    const follow = (topic: string) => {
      let confirmed = false;
      return client.subscribe(topic, {
        changed: () => refresh(topic),
        resync: () => refresh(topic),
        subscribed: () => {
          if (!confirmed) refresh(topic);
          confirmed = true;
        },
      });
    };

    const sync = () => {
      const wanted: Set<string> = liveTopics(queryCache, meId);
      for (const [topic, stop] of subscriptions) {
        if (wanted.has(topic)) continue;
        stop();
        subscriptions.delete(topic);
      }
      for (const topic of wanted) if (!subscriptions.has(topic)) subscriptions.set(topic, follow(topic));
    };

    // Signed out in another tab of this browser: this tab signs out too, at once. A tab that was
    // asleep or offline then hears nothing, and its reconnection is refused with a bare 401 the
    // browser does not show: each attempt asks the API whether the session is still there.
    const stopFollowing = client.onStatusChange((status) => {
      if (status === 'signed-out') forgetAccount(queryClient);
      if (status === 'reconnecting') void sessionEnded().then((ended) => ended && forgetAccount(queryClient));
    });

    let timer: ReturnType<typeof setTimeout> | undefined;
    const stopWatching = queryCache.subscribe(() => {
      clearTimeout(timer);
      timer = setTimeout(sync, SETTLE_MS);
    });
    sync();
    return () => {
      clearTimeout(timer);
      stopWatching();
      stopFollowing();
      for (const stop of subscriptions.values()) stop();
      // The socket was opened with this user's cookie: the next user needs a socket of their own.
      resetSharedRealtimeClient();
    };
  }, [meId, queryClient]);
}
