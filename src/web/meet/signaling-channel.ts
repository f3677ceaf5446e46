import { meetServerMessage, type MeetServerMessage } from '../../shared/meet.ts';
import { sharedRealtimeClient } from '../realtime/shared-client.ts';

const MEET_MESSAGE_TYPES: MeetServerMessage['type'][] = ['meet.joined', 'meet.peer', 'meet.signal', 'meet.refused', 'meet.replaced'];

export interface SignalingEvents {
  /** The tab's `/ws` is (again) open and ready: (re)join the call now. */
  onReady(): void;
  onMessage(message: MeetServerMessage): void;
  /** The socket dropped; the realtime client is reopening it. */
  onLost(): void;
}

/**
 * The call's signaling over the tab's one `/ws` connection (the realtime client, which reconnects
 * with backoff): the `meet.*` messages, and the connection's ups and downs.
 */
export class SignalingChannel {
  private readonly client = sharedRealtimeClient();
  private readonly stops: (() => void)[];

  constructor(events: SignalingEvents) {
    this.stops = [
      ...MEET_MESSAGE_TYPES.map((type) =>
        this.client.on(type, (raw) => {
          const parsed = meetServerMessage.safeParse(raw);
          if (parsed.success) events.onMessage(parsed.data);
        }),
      ),
      this.client.onStatusChange((status) => {
        if (status === 'open') events.onReady();
        else if (status === 'reconnecting') events.onLost();
      }),
    ];
    // Already open (the app's live updates opened it): ready as soon as the caller is set up.
    if (this.client.status === 'open') queueMicrotask(() => events.onReady());
  }

  /** False when the connection is down (nothing is queued by the client). */
  send(message: { type: string } & Record<string, unknown>): boolean {
    return this.client.send(message);
  }

  /** Stops listening; the tab's connection stays open for the rest of the app. */
  close(): void {
    for (const stop of this.stops) stop();
  }
}
