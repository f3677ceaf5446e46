import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { z } from 'zod';
import { authRoutes } from '../auth/auth.routes.ts';
import { openDatabase, type Database } from '../db/client.ts';
import { testConfig } from '../config/config.ts';
import { registerErrorHandler } from '../http/error-handler.ts';
import { AppError } from '../errors/app-error.ts';
import { PROTOCOL_VERSION } from '../shared/realtime.ts';
import { RealtimeClient, type WebSocketConstructor } from '../web/realtime/realtime-client.ts';
import { signUp } from '../../test/support/app.ts';
import { TestSocket } from '../../test/support/realtime.ts';
import { waitUntil } from '../../test/support/wait.ts';
import { createBus } from '../bus/bus.ts';
import { registerRealtime, type ClientSocket, type Realtime } from './gateway.ts';

/** How another domain (meet signaling) plugs into the gateway: its own message types, relayed over the bus. */
describe('domain messages over /ws', () => {
  let database: Database;
  let app: FastifyInstance;
  let realtime: Realtime;
  let baseUrl: string;
  const closed: ClientSocket[] = [];

  beforeAll(async () => {
    database = await openDatabase({ dataDir: 'memory://' });
    const config = testConfig();
    app = Fastify();
    registerErrorHandler(app);
    await app.register(cookie);
    realtime = registerRealtime(app, { ctx: { config, database }, bus: await createBus(database, app.log) });
    authRoutes(app, { config, database });

    const relay = z.object({ v: z.literal(PROTOCOL_VERSION), type: z.literal('relay'), to: z.string(), text: z.string().max(100) });
    realtime.bus.subscribe('relay', (payload) => {
      const { to, text, from } = payload as { to: string; text: string; from: string };
      for (const socket of connected) if (socket.actor.id === to) socket.send({ v: PROTOCOL_VERSION, type: 'relayed', text, from });
    });
    const connected = new Set<ClientSocket>();
    realtime.onClientMessage('hello', z.object({ v: z.literal(PROTOCOL_VERSION), type: z.literal('hello') }), (socket) => {
      connected.add(socket);
      socket.send({ v: PROTOCOL_VERSION, type: 'welcome' });
    });
    realtime.onClientMessage('relay', relay, (socket, message) => realtime.bus.publish('relay', { to: message.to, text: message.text, from: socket.actor.id }));
    realtime.onClientMessage('refuse', z.object({ v: z.literal(PROTOCOL_VERSION), type: z.literal('refuse') }), () => {
      throw new AppError('CALL_ALREADY_STARTED', 'Not now.');
    });
    realtime.onClientMessage('crash', z.object({ v: z.literal(PROTOCOL_VERSION), type: z.literal('crash') }), () => {
      throw new Error('internal detail');
    });
    realtime.onSocketClosed((socket) => {
      connected.delete(socket);
      closed.push(socket);
    });
    baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('hands a registered type to its handler, which can reach a socket of another person through the bus', async () => {
    const [alice, bob] = [await signUp(app, 'Alice'), await signUp(app, 'Bob')];
    const [fromAlice, toBob] = [await TestSocket.open(baseUrl, alice.cookie), await TestSocket.open(baseUrl, bob.cookie)];
    toBob.send({ v: PROTOCOL_VERSION, type: 'hello' });
    await waitUntil('welcome', () => toBob.others[0]);
    fromAlice.send({ v: PROTOCOL_VERSION, type: 'relay', to: bob.user.id, text: 'x'.repeat(100) });
    await waitUntil('the relayed message', () => toBob.others[1]);
    expect(toBob.others).toEqual([
      { v: PROTOCOL_VERSION, type: 'welcome' },
      { v: PROTOCOL_VERSION, type: 'relayed', text: 'x'.repeat(100), from: alice.user.id },
    ]);
    expect(fromAlice.others).toEqual([]);

    toBob.close();
    const bobSocket = await waitUntil('onSocketClosed', () => closed.find((socket) => socket.actor.id === bob.user.id));
    // A socket keeps only who its account is, not the whole user row (its password hash among it).
    expect(bobSocket.actor).toEqual({ id: bob.user.id, email: bob.user.email, displayName: 'Bob' });
    fromAlice.close();
  });

  it('answers a refusal with its message, an internal failure without its details, and keeps the socket', async () => {
    const carol = await signUp(app, 'Carol');
    const socket = await TestSocket.open(baseUrl, carol.cookie);
    socket.send({ v: PROTOCOL_VERSION, type: 'refuse' });
    socket.send({ v: PROTOCOL_VERSION, type: 'crash' });
    await waitUntil('two errors', () => (socket.messages().filter((m) => m.type === 'error').length === 2 ? true : undefined));
    expect(socket.messages().filter((m) => m.type === 'error')).toEqual([
      { v: PROTOCOL_VERSION, type: 'error', code: 'MESSAGE_REFUSED', message: 'Not now.' },
      { v: PROTOCOL_VERSION, type: 'error', code: 'MESSAGE_REFUSED', message: 'The server could not handle this message.' },
    ]);
    expect(await socket.subscribe(`user:${carol.user.id}`)).toBe('subscribed');
    socket.close();
  });

  it('is reachable from the web client: send, on(type), on(\'error\') and a rejoin on each `open`', async () => {
    const dave = await signUp(app, 'Dave');
    class DaveSocket extends WebSocket {
      constructor(url: string) {
        super(url, { headers: { cookie: dave.cookie! } });
      }
    }
    const client = new RealtimeClient({ url: `${baseUrl.replace('http', 'ws')}/ws`, WebSocket: DaveSocket as unknown as WebSocketConstructor });
    const welcomed: unknown[] = [];
    const refused: unknown[] = [];
    client.on('welcome', (message) => welcomed.push(message));
    client.on('error', (message) => refused.push(message));
    // The call's pattern: (re)join whenever the connection is open.
    client.onStatusChange((status) => status === 'open' && client.send({ type: 'hello' }) && client.send({ type: 'refuse' }));
    await waitUntil('both answers', () => (welcomed.length > 0 && refused.length > 0 ? true : undefined));
    expect(welcomed).toEqual([{ v: PROTOCOL_VERSION, type: 'welcome' }]);
    expect(refused).toEqual([{ v: PROTOCOL_VERSION, type: 'error', code: 'MESSAGE_REFUSED', message: 'Not now.' }]);
    client.close();
  });

  it('refuses a second handler for the same type', () => {
    expect(() => realtime.onClientMessage('subscribe', z.object({}), () => {})).toThrow(/already has a handler/);
  });
});
