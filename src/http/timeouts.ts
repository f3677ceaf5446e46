/**
 * How long a connection may take to send a request, and stay idle. Node's defaults let a client
 * trickle a body forever (requestTimeout 0): each such connection holds a socket and a parser.
 */
export interface HttpTimeouts {
  /** The whole request, headers and body (64 KiB at most), must have arrived within this. */
  requestTimeout: number;
  /** The headers must have arrived within this (at most `requestTimeout`). */
  headersTimeout: number;
  /** An idle kept-alive connection is closed after this: longer than a load balancer's usual 60 s, so it closes first. */
  keepAliveTimeout: number;
  /** A connection silent in both directions for this long is closed (a WebSocket has its own heartbeat). */
  connectionTimeout: number;
  /** How often Node checks the two request timeouts (its default, 30 s, would let one run twice as long). */
  checkInterval: number;
}

export const HTTP_TIMEOUTS: HttpTimeouts = {
  requestTimeout: 30_000,
  headersTimeout: 10_000,
  keepAliveTimeout: 65_000,
  connectionTimeout: 120_000,
  checkInterval: 2_000,
};
