import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyBaseLogger } from 'fastify';
import { SANDBOX_SIGNATURE_HEADER, type SandboxEvent } from './sandbox-event.ts';
import { signatureHeader } from './webhook-signature.ts';

/** Like Stripe, a delivery that fails is tried again a few times, a little later each time. */
const RETRY_DELAYS_MS = [0, 250, 1_000, 3_000, 8_000];

export const newSandboxEvent = (type: SandboxEvent['type'], paymentId: string, failureCode?: string): SandboxEvent => ({
  id: `evt_${randomUUID()}`,
  type,
  created: Math.floor(Date.now() / 1000),
  data: failureCode ? { paymentId, failureCode } : { paymentId },
});

/**
 * The sandbox's outgoing side: after the payer submits the checkout, it posts the verdict to
 * Accord's own webhook endpoint over HTTP, signed, in the background, so the production path
 * (signature, raw body, replay protection) is the one exercised.
 */
export class SandboxWebhookSender {
  private readonly pending = new Set<Promise<void>>();
  private readonly stop = new AbortController();

  constructor(
    private readonly secret: string,
    /** Resolved at send time: the server's own listening address is known only once it listens. */
    private readonly webhookUrl: () => string,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Sends one payment's events in order, after the current request has been answered. */
  send(events: SandboxEvent[]): void {
    const delivery = (async () => {
      await sleep(0);
      for (const event of events) await this.deliver(event);
    })().finally(() => this.pending.delete(delivery));
    this.pending.add(delivery);
  }

  private async deliver(event: SandboxEvent): Promise<void> {
    const body = JSON.stringify(event);
    for (const delay of RETRY_DELAYS_MS) {
      try {
        if (delay > 0) await sleep(delay, undefined, { signal: this.stop.signal });
        const response = await fetch(this.webhookUrl(), {
          method: 'POST',
          headers: { 'content-type': 'application/json', [SANDBOX_SIGNATURE_HEADER]: signatureHeader(this.secret, body) },
          body,
          signal: this.stop.signal,
        });
        if (response.ok) return;
        this.log.warn({ eventId: event.id, status: response.status }, 'sandbox webhook refused');
      } catch (error) {
        if (this.stop.signal.aborted) return;
        this.log.warn({ eventId: event.id, err: error }, 'sandbox webhook delivery failed');
      }
    }
    this.log.error({ eventId: event.id, paymentId: event.data.paymentId }, 'sandbox webhook given up');
  }

  /** Stops retrying and waits for deliveries in flight (the server is closing). */
  async close(): Promise<void> {
    this.stop.abort();
    await Promise.allSettled([...this.pending]);
  }
}
