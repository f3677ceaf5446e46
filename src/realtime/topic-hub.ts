import type { FastifyBaseLogger } from 'fastify';
import { hearsLive } from '../access/access.ts';
import { PROTOCOL_VERSION, type ChangedMessage } from '../shared/realtime.ts';
import { eventDelivery, type Bus } from '../bus/bus.ts';
import type { LiveSocket } from './client-socket.ts';

/**
 * This instance's subscriptions: one bus subscription per topic that at least one local socket
 * listens to, fanned out to those sockets.
 */
export class TopicHub {
  private readonly topics = new Map<string, { sockets: Set<LiveSocket>; stop: () => void }>();

  constructor(
    private readonly bus: Bus,
    private readonly log: FastifyBaseLogger,
  ) {}

  add(socket: LiveSocket, topic: string): void {
    let entry = this.topics.get(topic);
    if (!entry) {
      const sockets = new Set<LiveSocket>();
      entry = { sockets, stop: this.bus.subscribe(topic, (payload) => this.fanOut(topic, sockets, payload)) };
      this.topics.set(topic, entry);
    }
    entry.sockets.add(socket);
    socket.topics.add(topic);
  }

  remove(socket: LiveSocket, topic: string): void {
    socket.topics.delete(topic);
    const entry = this.topics.get(topic);
    if (!entry) return;
    entry.sockets.delete(socket);
    if (entry.sockets.size > 0) return;
    entry.stop();
    this.topics.delete(topic);
  }

  removeAll(socket: LiveSocket): void {
    for (const topic of [...socket.topics]) this.remove(socket, topic);
  }

  private fanOut(topic: string, sockets: Set<LiveSocket>, payload: unknown): void {
    const delivery = eventDelivery.safeParse(payload);
    if (!delivery.success) {
      this.log.warn({ topic }, 'ignored a topic message without a kind');
      return;
    }
    const message: ChangedMessage = { v: PROTOCOL_VERSION, type: 'changed', topic, kind: delivery.data.kind };
    const text = JSON.stringify(message);
    for (const socket of sockets) if (hearsLive(topic, socket.actor.id, delivery.data)) socket.sendText(text);
  }
}
