/*
 * The floor of Accord's socket capacity: a bare `ws` server (no authentication, no subscriptions,
 * no heartbeat) holding idle sockets at /ws. Run by the socket-capacity benchmark in a process of
 * its own: PORT.
 */
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

const server = createServer((request, response) => {
  response.writeHead(request.url === '/api/health' ? 200 : 404, { 'content-type': 'application/json' }).end('{}');
});
new WebSocketServer({ server, path: '/ws' });

process.once('SIGTERM', () => process.exit(0));
server.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
