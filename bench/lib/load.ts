import http from 'node:http';

export interface HttpAnswer {
  status: number;
  body: string;
}

/** A keep-alive HTTP client holding at most `connections` sockets, like a fleet of browsers. */
export function httpClient(baseUrl: string, connections: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const request = (method: string, path: string, headers: Record<string, string>): Promise<HttpAnswer> =>
    new Promise((resolve, reject) => {
      const req = http.request(`${baseUrl}${path}`, { method, headers, agent }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => void (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  return { request, close: () => agent.destroy() };
}

/** Runs `work` over `items` with at most `concurrency` at a time, in order of the items. */
export async function forEachConcurrently<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
