import type { FastifyInstance } from 'fastify';
import type { Client } from './app.ts';

export interface HttpAnswer {
  status: number;
  body: any;
}

/** Sends a real HTTP request over its own socket to a listening app (for concurrency tests). */
export function httpClient(baseUrl: string, client: Client) {
  return async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<HttpAnswer> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        cookie: client.cookie ?? '',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
}

export async function listen(app: FastifyInstance): Promise<string> {
  return app.listen({ port: 0, host: '127.0.0.1' });
}
