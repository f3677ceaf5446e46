import type { Db } from '../db/client.ts';
import { PROTOCOL_VERSION, subscribeMessage, topicPattern, unsubscribeMessage, type RealtimeErrorMessage } from '../shared/realtime.ts';
import type { LiveSocket } from './client-socket.ts';
import type { Realtime } from './realtime.ts';
import type { TopicHub } from './topic-hub.ts';
import { maySubscribe } from '../access/access.ts';

const refusal = (code: RealtimeErrorMessage['code'], message: string, topic: string): RealtimeErrorMessage => ({
  v: PROTOCOL_VERSION,
  type: 'error',
  code,
  message,
  topic,
});

/** The protocol's own messages: subscribe to a topic (once authorised) and unsubscribe. */
export function registerSubscriptions(realtime: Realtime, { db, hub, maxTopicsPerSocket }: { db: Db; hub: TopicHub; maxTopicsPerSocket: number }): void {
  realtime.onClientMessage('subscribe', subscribeMessage, async (socket, { topic }) => {
    const live = socket as LiveSocket;
    if (!topicPattern.test(topic)) return live.send(refusal('INVALID_TOPIC', 'Unknown topic.', topic));
    if (!live.topics.has(topic)) {
      if (live.topics.size >= maxTopicsPerSocket) return live.send(refusal('TOO_MANY_SUBSCRIPTIONS', `At most ${maxTopicsPerSocket} topics per connection.`, topic));
      if (!(await maySubscribe(db, live.actor, topic))) return live.send(refusal('TOPIC_NOT_FOUND', 'No such topic.', topic));
      // The socket may have closed while the right was being checked: then nothing to add.
      if (!live.isOpen) return;
      hub.add(live, topic);
    }
    live.send({ v: PROTOCOL_VERSION, type: 'subscribed', topic });
  });

  realtime.onClientMessage('unsubscribe', unsubscribeMessage, (socket, { topic }) => {
    hub.remove(socket as LiveSocket, topic);
    socket.send({ v: PROTOCOL_VERSION, type: 'unsubscribed', topic });
  });
}
