import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInRequest {
  method: string;
  path: string;
  params: URLSearchParams;
  idempotencyKey: string | undefined;
  authorization: string | undefined;
}

export interface StripeStandIn {
  /** For STRIPE_API_BASE. */
  url: string;
  requests: StandInRequest[];
  /** Paths whose requests get their connection dropped, as when Stripe cannot be reached. */
  unreachable: Set<string>;
  close(): Promise<void>;
}

const read = async (request: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

const id = (prefix: string) => `${prefix}_test_${randomBytes(8).toString('hex')}`;

/**
 * A few of Stripe's API routes, answered locally so the official SDK is exercised offline. Like
 * Stripe, a request repeated with the same Idempotency-Key gets the first answer again.
 */
export async function startStripeStandIn(): Promise<StripeStandIn> {
  const requests: StandInRequest[] = [];
  const answered = new Map<string, { status: number; body: unknown }>();
  const unreachable = new Set<string>();

  function answer(method: string, path: string, params: URLSearchParams): { status: number; body: unknown } {
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      const sessionId = id('cs');
      return {
        status: 200,
        body: {
          id: sessionId,
          object: 'checkout.session',
          url: `https://checkout.stripe.test/c/pay/${sessionId}`,
          status: 'open',
          payment_status: 'unpaid',
          client_reference_id: params.get('client_reference_id'),
          amount_total: Number(params.get('line_items[0][price_data][unit_amount]')),
          currency: params.get('line_items[0][price_data][currency]'),
        },
      };
    }
    const expire = /^\/v1\/checkout\/sessions\/([\w-]+)\/expire$/.exec(path);
    if (method === 'POST' && expire) return { status: 200, body: { id: expire[1], object: 'checkout.session', status: 'expired' } };
    if (method === 'POST' && path === '/v1/refunds') {
      return { status: 200, body: { id: id('re'), object: 'refund', status: 'succeeded', payment_intent: params.get('payment_intent') } };
    }
    return { status: 404, body: { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path}).` } } };
  }

  const server = createServer(async (request, response) => {
    const params = new URLSearchParams(await read(request));
    const path = (request.url ?? '/').split('?')[0]!;
    const idempotencyKey = request.headers['idempotency-key'] as string | undefined;
    requests.push({ method: request.method ?? 'GET', path, params, idempotencyKey, authorization: request.headers.authorization });
    if (unreachable.has(path)) return void request.socket.destroy();
    const key = idempotencyKey && `${request.method} ${path} ${idempotencyKey}`;
    let result = key ? answered.get(key) : undefined;
    if (!result) {
      result = answer(request.method ?? 'GET', path, params);
      if (key) answered.set(key, result);
    }
    response.writeHead(result.status, { 'content-type': 'application/json', 'request-id': id('req') });
    response.end(JSON.stringify(result.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    unreachable,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
