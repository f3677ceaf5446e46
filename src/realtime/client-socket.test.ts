import { describe, expect, it } from 'vitest';
import { closeCodes } from '../shared/realtime.ts';
import { waitUntil } from '../../test/support/wait.ts';
import { LiveSocket, type RawSocket } from './client-socket.ts';
import { DEFAULT_REALTIME_LIMITS } from './limits.ts';

const actor = { id: 'u', email: 'u@test.accord', displayName: 'U' };
/** The session a socket was opened with (signing it out closes the socket). */
const owner = { sessionTokenHash: 'a'.repeat(64) };

/** A socket whose client reads nothing: everything sent stays buffered. */
function stalledSocket() {
  const raw = {
    readyState: 1,
    bufferedAmount: 0,
    sent: [] as string[],
    closedWith: undefined as { code: number; reason: string } | undefined,
    send(data: string) {
      raw.sent.push(data);
      raw.bufferedAmount += data.length;
    },
    close(code: number, reason: string) {
      raw.closedWith = { code, reason };
      raw.readyState = 2;
    },
  };
  return raw;
}

describe('LiveSocket', () => {
  it('closes a client that stops reading, to resync, instead of buffering without bound', () => {
    const raw = stalledSocket();
    const socket = new LiveSocket(raw as unknown as RawSocket, actor, { ...DEFAULT_REALTIME_LIMITS, maxBufferedBytes: 1_000 }, owner);
    const message = { v: 1, type: 'changed', topic: 'user:u', kind: 'x'.repeat(100) };
    for (let i = 0; i < 1_000; i++) socket.send(message);

    expect(raw.closedWith).toEqual({ code: closeCodes.slowConsumer, reason: 'Too slow to keep up: reconnect and refetch.' });
    // Buffered: at most the limit plus the one message that crossed it.
    expect(raw.bufferedAmount).toBeLessThanOrEqual(1_000 + JSON.stringify(message).length);
    expect(raw.sent.length).toBeLessThan(10);
  });

  it('allows a burst, then refills at the steady rate', () => {
    const limits = { ...DEFAULT_REALTIME_LIMITS, burst: 3, messagesPerSecond: 2 };
    const socket = new LiveSocket(stalledSocket() as unknown as RawSocket, actor, limits, { ...owner, now: 0 });
    expect([socket.takeToken(0), socket.takeToken(0), socket.takeToken(0), socket.takeToken(0)]).toEqual([true, true, true, false]);
    expect(socket.takeToken(400)).toBe(false);
    expect(socket.takeToken(500)).toBe(true);
    // Idle time refills up to the burst, not beyond.
    expect([socket.takeToken(60_000), socket.takeToken(60_000), socket.takeToken(60_000), socket.takeToken(60_000)]).toEqual([true, true, true, false]);
  });

  it('cuts a close reason to the 123 bytes a close frame allows', () => {
    const raw = stalledSocket();
    new LiveSocket(raw as unknown as RawSocket, actor, DEFAULT_REALTIME_LIMITS, owner).close(4000, 'é'.repeat(100));
    expect(Buffer.byteLength(raw.closedWith!.reason)).toBeLessThanOrEqual(123);
  });

  it('handles queued messages one at a time, in order, also once the queue has emptied', async () => {
    const socket = new LiveSocket(stalledSocket() as unknown as RawSocket, actor, DEFAULT_REALTIME_LIMITS, owner);
    const steps: string[] = [];
    const handling = (name: string, ms: number) => async () => {
      steps.push(`${name} starts`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      steps.push(`${name} ends`);
    };
    const handled = (count: number) => waitUntil(`${count} steps`, () => (steps.length === count ? true : undefined));
    socket.enqueue(handling('slow', 30));
    socket.enqueue(handling('quick', 0));
    await handled(4);
    socket.enqueue(handling('later', 0));
    await handled(6);
    expect(steps).toEqual(['slow starts', 'slow ends', 'quick starts', 'quick ends', 'later starts', 'later ends']);
  });

  it('gives every socket its own id', () => {
    const ids = Array.from({ length: 3 }, () => new LiveSocket(stalledSocket() as unknown as RawSocket, actor, DEFAULT_REALTIME_LIMITS, owner).id);
    expect(new Set(ids).size).toBe(3);
  });
});
