import WebSocket from 'ws';
import { forEachConcurrently } from './load.ts';

/** Opens `count` WebSockets to `url` and resolves once all are open; they then stay idle. */
export async function openIdleSockets(url: string, count: number, headers: Record<string, string> = {}): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  await forEachConcurrently(Array.from({ length: count }), 200, async () => {
    const socket = new WebSocket(url, { headers, perMessageDeflate: false });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
  });
  return sockets;
}

/** Drops the sockets without a closing handshake (the server is already gone when this is called). */
export const dropSockets = (sockets: WebSocket[]) => sockets.forEach((socket) => socket.terminate());
