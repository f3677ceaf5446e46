import { meetServerMessage, type MeetServerMessage } from '../../shared/meet.ts';
import { PROTOCOL_VERSION } from '../../shared/realtime.ts';

const RETRY_DELAYS_MS = [250, 500, 1_000, 2_000, 4_000];

export interface SignalingSocketEvents {
  /** The socket is (again) open and ready: (re)join the call now. */
  onReady(): void;
  onMessage(message: MeetServerMessage): void;
  /** The socket dropped; it is being reopened. */
  onLost(): void;
}

/**
 * The call's link to `/ws`, reopened after every drop (with a growing delay) until closed. The
 * gateway answers `ready` first; the call's own messages are the `meet.*` ones, the rest is ignored.
 */
export class SignalingSocket {
  private socket: WebSocket | undefined;
  private attempt = 0;
  private closed = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly events: SignalingSocketEvents) {
    this.open();
  }

  send(message: { type: string } & Record<string, unknown>): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify({ v: PROTOCOL_VERSION, ...message }));
    return true;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.socket?.close(1000, 'left the call');
  }

  private open(): void {
    const url = new URL('/ws', window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.onmessage = (event) => {
      const data: unknown = JSON.parse(String(event.data));
      if ((data as { type?: unknown }).type === 'ready') {
        this.attempt = 0;
        this.events.onReady();
        return;
      }
      const parsed = meetServerMessage.safeParse(data);
      if (parsed.success) this.events.onMessage(parsed.data);
    };
    socket.onclose = () => {
      if (this.closed || this.socket !== socket) return;
      this.events.onLost();
      const delay = RETRY_DELAYS_MS[Math.min(this.attempt++, RETRY_DELAYS_MS.length - 1)];
      this.retryTimer = setTimeout(() => this.open(), delay);
    };
  }
}
