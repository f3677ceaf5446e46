export interface RealtimeLimits {
  /** A client message larger than this closes its socket (`messageTooLarge`). */
  maxMessageBytes: number;
  /** The transport's hard frame limit (`ws` maxPayload): it stops reading beyond it (1009). */
  maxFrameBytes: number;
  /** Per-socket token bucket: `burst` messages at once, then this many per second. */
  messagesPerSecond: number;
  burst: number;
  /** Past this many bytes queued for a client, it is closed to resync rather than queued more. */
  maxBufferedBytes: number;
  maxTopicsPerSocket: number;
  /** Open sockets per account on one instance (a browser holds one per tab); past it, `tooManySockets`. */
  maxSocketsPerAccount: number;
  /** Open sockets per client address on one instance (an office behind one NAT shares it). */
  maxSocketsPerAddress: number;
  /** Server heartbeat (ping frame + `heartbeat` message); a socket silent for two is dropped. */
  heartbeatMs: number;
}

export const DEFAULT_REALTIME_LIMITS: RealtimeLimits = {
  // A WebRTC offer with many candidates stays well under this.
  maxMessageBytes: 32 * 1024,
  maxFrameBytes: 64 * 1024,
  messagesPerSecond: 20,
  burst: 40,
  maxBufferedBytes: 1024 * 1024,
  maxTopicsPerSocket: 200,
  heartbeatMs: 25_000,
  maxSocketsPerAccount: 16,
  maxSocketsPerAddress: 64,
};
