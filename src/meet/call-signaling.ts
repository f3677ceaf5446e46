import type { FastifyBaseLogger } from 'fastify';
import { inTransaction } from '../db/transaction.ts';
import type { Database } from '../db/client.ts';
import type { ClientSocket, Realtime } from '../realtime/gateway.ts';
import { AppError } from '../errors/app-error.ts';
import {
  isPoliteRole,
  meetJoinMessage,
  meetLeaveMessage,
  meetRefusalCodes,
  meetSignalMessage,
  type LeaveReason,
  type MeetJoinMessage,
  type MeetSignalMessage,
} from '../shared/meet.ts';
import { PROTOCOL_VERSION } from '../shared/realtime.ts';
import { enterCall, recordLeave } from './call.service.ts';
import { callLogFields, CallRooms, type LocalPeer } from './call-rooms.ts';

type RefusalCode = (typeof meetRefusalCodes)[number];

/**
 * The call's signaling on `/ws` (`meet.join`, `meet.signal`, `meet.leave`; see shared/meet.ts).
 * Refusals are answered as `meet.refused` to that socket only; a refused socket gets nothing else.
 */
export function registerCallSignaling(realtime: Realtime, database: Database, log: FastifyBaseLogger): CallRooms {
  const { db } = database;
  const rooms = new CallRooms(realtime.bus, log);

  const refuse = (socket: ClientSocket, meetSessionId: string, code: RefusalCode, message: string) =>
    socket.send({ v: PROTOCOL_VERSION, type: 'meet.refused', meetSessionId, code, message });
  const callLog = (local: LocalPeer) => log.child(callLogFields(local));

  // Recorded before it is announced: whatever the other side does on hearing of it (a rejoin after
  // a reload) comes after it in the session's timeline too.
  const leave = async (local: LocalPeer, reason: LeaveReason) => {
    try {
      await inTransaction(db, (tx) => recordLeave(tx, local, reason));
    } catch (error) {
      callLog(local).error({ err: error }, 'call leave not recorded');
    }
    await rooms.remove(local, reason);
    callLog(local).info({ reason }, 'left the call');
  };

  realtime.onClientMessage('meet.join', meetJoinMessage, async (socket, message: MeetJoinMessage) => {
    let entry;
    try {
      entry = await inTransaction(db, (tx) => enterCall(tx, socket.actor, message));
    } catch (error) {
      if (!(error instanceof AppError) || !isRefusalCode(error.code)) throw error;
      return refuse(socket, message.meetSessionId, error.code, error.message);
    }
    const local: LocalPeer = { ...entry, socket };
    const { session, peer } = entry;
    await rooms.add(local, { v: PROTOCOL_VERSION, type: 'meet.joined', meetSessionId: session.id, callId: session.callId, peerId: peer.peerId, role: peer.role, polite: isPoliteRole(peer.role) });
    callLog(local).info('joined the call');
  });

  realtime.onClientMessage('meet.signal', meetSignalMessage, async (socket, message: MeetSignalMessage) => {
    const local = rooms.find(message.meetSessionId, socket, message.peerId);
    if (!local) return refuse(socket, message.meetSessionId, 'NOT_IN_CALL', 'Join the call before sending it anything.');
    if (!(await rooms.relay(local, message.toPeerId, message.signal))) {
      refuse(socket, message.meetSessionId, 'TOO_MANY_SIGNALS', 'Too many large signals in this call at once: wait a moment.');
    }
  });

  realtime.onClientMessage('meet.leave', meetLeaveMessage, async (socket, message) => {
    const local = rooms.find(message.meetSessionId, socket, message.peerId);
    if (local) await leave(local, 'left');
  });

  realtime.onSocketClosed((socket) => {
    for (const local of rooms.heldBy(socket)) void leave(local, 'disconnected');
  });
  return rooms;
}

const isRefusalCode = (code: string): code is RefusalCode => (meetRefusalCodes as readonly string[]).includes(code);
