import type { FastifyBaseLogger } from 'fastify';
import { z } from 'zod';
import { fitsInline, type Bus } from '../bus/bus.ts';
import type { ClientSocket } from '../realtime/gateway.ts';
import { callPeer, leaveReasons, signal, type CallPeer, type LeaveReason, type Signal } from '../shared/meet.ts';
import { PROTOCOL_VERSION } from '../shared/realtime.ts';
import type { CallEntry } from './call.service.ts';

/**
 * What the instances holding a call's pages tell each other, on the bus channel of the call.
 * Presence is a handshake, not a stored list: a page entering announces itself (`joined`), and
 * every instance holding the other participant's page answers for it (`present`). A crashed
 * instance thus leaves no ghost behind: its pages reconnect elsewhere and announce themselves again.
 */
const callBusMessage = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('joined'), peer: callPeer, socketId: z.string() }),
  z.object({ kind: z.literal('present'), peer: callPeer, toPeerId: z.string() }),
  z.object({ kind: z.literal('gone'), peer: callPeer, reason: z.enum(leaveReasons) }),
  z.object({ kind: z.literal('signal'), fromUserId: z.string(), fromPeerId: z.string(), toPeerId: z.string(), signal }),
]);
type CallBusMessage = z.infer<typeof callBusMessage>;

/**
 * Signals too large for a NOTIFY (descriptions of ~30 KB) are stored rows, swept after a few
 * minutes: at most this many per call at a time. A call needs a handful (offer, answer, the odd
 * renegotiation).
 */
const MAX_STORED_SIGNALS_PER_CALL = 20;

/** Not a client topic (those are `meet:<id>`): a socket can never subscribe to it. */
const callChannel = (meetSessionId: string) => `meet-call:${meetSessionId}`;

/** A page in the call, held by this instance. */
export interface LocalPeer extends CallEntry {
  socket: ClientSocket;
}

/** What every log line about a call carries. */
export const callLogFields = ({ session, peer }: LocalPeer) => ({
  demandeId: session.demandeId,
  offreId: session.offreId,
  meetSessionId: session.id,
  callId: session.callId,
  userId: peer.userId,
  peerId: peer.peerId,
});

interface Room {
  peers: LocalPeer[];
  unsubscribe: () => void;
}

/** This instance's share of every call: the pages it holds, and the relay between instances. */
export class CallRooms {
  private readonly rooms = new Map<string, Room>();

  constructor(
    private readonly bus: Bus,
    private readonly log: FastifyBaseLogger,
  ) {}

  /**
   * Holds the page here, confirms it to the page (`joined`, before anything about the other can
   * reach it), then announces it: it hears the answers of the pages already in, and every
   * instance (this one included) lets an older page of the same account go.
   */
  async add(local: LocalPeer, confirmation: object): Promise<void> {
    const { session, peer, socket } = local;
    const room = this.roomOf(session.id);
    if (!this.find(session.id, socket, peer.peerId)) room.peers.push(local);
    socket.send(confirmation);
    await this.publish(local, { kind: 'joined', peer, socketId: socket.id });
  }

  /** The page held by this socket in that call, if it joined it here. */
  find(meetSessionId: string, socket: ClientSocket, peerId: string): LocalPeer | undefined {
    return this.rooms.get(meetSessionId)?.peers.find((p) => p.socket.id === socket.id && p.peer.peerId === peerId);
  }

  /** Every call page this socket holds (a socket closing leaves them all). */
  heldBy(socket: ClientSocket): LocalPeer[] {
    return [...this.rooms.values()].flatMap((room) => room.peers.filter((p) => p.socket.id === socket.id));
  }

  /** Releases the page and tells the other participant it is gone. */
  async remove(local: LocalPeer, reason: LeaveReason): Promise<void> {
    if (!this.drop(local)) return;
    await this.publish(local, { kind: 'gone', peer: local.peer, reason });
  }

  /** Relays a signal to the other's page; false (nothing sent) when the call has its fill of stored signals. */
  async relay(local: LocalPeer, toPeerId: string, payload: Signal): Promise<boolean> {
    const { session, peer } = local;
    const message: CallBusMessage = { kind: 'signal', fromUserId: peer.userId, fromPeerId: peer.peerId, toPeerId, signal: payload };
    const channel = callChannel(session.id);
    // Only a large signal is counted (a query): candidates and most descriptions travel in the NOTIFY.
    if (!fitsInline(channel, message) && (await this.bus.storedMessages(channel)) >= MAX_STORED_SIGNALS_PER_CALL) return false;
    await this.publish(local, message);
    return true;
  }

  private roomOf(meetSessionId: string): Room {
    let room = this.rooms.get(meetSessionId);
    if (!room) {
      const unsubscribe = this.bus.subscribe(callChannel(meetSessionId), (payload) => this.receive(meetSessionId, payload));
      room = { peers: [], unsubscribe };
      this.rooms.set(meetSessionId, room);
    }
    return room;
  }

  /** Whether the page was still held (a replaced page's late close must not count as leaving). */
  private drop(local: LocalPeer): boolean {
    const room = this.rooms.get(local.session.id);
    if (!room?.peers.includes(local)) return false;
    room.peers = room.peers.filter((p) => p !== local);
    if (room.peers.length === 0) {
      room.unsubscribe();
      this.rooms.delete(local.session.id);
    }
    return true;
  }

  private receive(meetSessionId: string, payload: unknown): void {
    const parsed = callBusMessage.safeParse(payload);
    const room = this.rooms.get(meetSessionId);
    if (!parsed.success || !room) return;
    const message = parsed.data;
    const send = (to: LocalPeer, body: object) => to.socket.send({ v: PROTOCOL_VERSION, meetSessionId, ...body });
    switch (message.kind) {
      case 'joined':
        for (const local of [...room.peers]) {
          if (local.peer.userId === message.peer.userId) {
            const isTheJoiner = local.socket.id === message.socketId && local.peer.peerId === message.peer.peerId;
            if (!isTheJoiner) this.dropReplaced(local, message.peer);
            continue;
          }
          send(local, { type: 'meet.peer', state: 'present', peer: message.peer });
          void this.publish(local, { kind: 'present', peer: local.peer, toPeerId: message.peer.peerId });
        }
        return;
      case 'present':
        for (const local of this.othersOf(room, message.peer.userId).filter((p) => p.peer.peerId === message.toPeerId)) {
          send(local, { type: 'meet.peer', state: 'present', peer: message.peer });
        }
        return;
      case 'gone':
        for (const local of this.othersOf(room, message.peer.userId)) send(local, { type: 'meet.peer', state: 'gone', peer: message.peer, reason: message.reason });
        return;
      case 'signal':
        for (const local of this.othersOf(room, message.fromUserId).filter((p) => p.peer.peerId === message.toPeerId)) {
          send(local, { type: 'meet.signal', fromPeerId: message.fromPeerId, toPeerId: message.toPeerId, signal: message.signal });
        }
        return;
    }
  }

  /**
   * One account, one page in the call: a newer tab takes over (told `meet.replaced`); the same page
   * back on a new socket just replaces its dead socket. Either way, no `gone` is announced.
   */
  private dropReplaced(local: LocalPeer, next: CallPeer): void {
    this.drop(local);
    if (local.peer.peerId !== next.peerId) {
      local.socket.send({ v: PROTOCOL_VERSION, type: 'meet.replaced', meetSessionId: local.session.id, peerId: local.peer.peerId });
    }
  }

  private othersOf(room: Room, userId: string): LocalPeer[] {
    return room.peers.filter((p) => p.peer.userId !== userId);
  }

  /** Sends `message` to every instance's peers of `from`'s call. */
  private async publish(from: LocalPeer, message: CallBusMessage): Promise<void> {
    try {
      await this.bus.publish(callChannel(from.session.id), message);
    } catch (error) {
      this.log.error({ err: error, ...callLogFields(from), kind: message.kind }, 'call message not relayed');
    }
  }
}
