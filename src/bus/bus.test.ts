import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/client.ts';
import { users } from '../db/schema.ts';
import { inTransaction } from '../db/transaction.ts';
import { appendEvent } from '../events/events.repo.ts';
import { insertDemande } from '../demandes/demandes.repo.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/support/databases.ts';
import { waitUntil } from '../../test/support/wait.ts';
import { createBus, type Bus } from './bus.ts';

const silent = pino({ level: 'silent' });

function collect(bus: Bus, channel: string): unknown[] {
  const received: unknown[] = [];
  bus.subscribe(channel, (payload) => received.push(payload));
  return received;
}

describe.each(DATABASE_KINDS)('bus on %s', (kind) => {
  let t: TestDatabase;
  /** A second instance's handle on the same database (PGlite has one process: the same handle). */
  let other: Database;
  let busA: Bus;
  let busB: Bus;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    other = kind === 'postgres' ? await openDatabase({ databaseUrl: t.url, dataDir: 'unused', poolSize: 2 }) : t.database;
    busA = await createBus(t.database, silent);
    busB = await createBus(other, silent);
  });
  afterAll(async () => {
    await busA.close();
    await busB.close();
    if (other !== t.database) await other.close();
    await t.close();
  });

  it('delivers small and large messages to the other instance, in publish order', async () => {
    const received = collect(busB, 'signal:1');
    const large = { sdp: 'x'.repeat(20_000) };
    await busA.publish('signal:1', { n: 1 });
    await busA.publish('signal:1', large);
    await busA.publish('signal:1', { n: 3 });
    await waitUntil('three messages', () => (received.length === 3 ? true : undefined));
    expect(received).toEqual([{ n: 1 }, large, { n: 3 }]);
  });

  it('fans a committed event out to its demande and user topics, and never a rolled-back one', async () => {
    const [creator] = await t.database.db.insert(users).values({ email: `bus-${kind}@test.accord`, passwordHash: 'x', displayName: 'Bus' }).returning();
    const demande = await inTransaction(t.database.db, (tx) => insertDemande(tx, { creatorId: creator!.id, title: 'Bus', description: 'Bus', budgetCents: null }));
    const onDemande = collect(busB, `demande:${demande.id}`);
    const onCreator = collect(busB, `user:${creator!.id}`);

    await expect(
      inTransaction(t.database.db, async (tx) => {
        await appendEvent(tx, { kind: 'offre.withdrawn', actorId: creator!.id, demandeId: demande.id });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    // Committed after the rollback: if the rolled-back event were announced, it would arrive first.
    const committed = await inTransaction(t.database.db, (tx) => appendEvent(tx, { kind: 'demande.cancelled', actorId: creator!.id, demandeId: demande.id }));

    await waitUntil('the committed event', () => (onDemande.length > 0 && onCreator.length > 0 ? true : undefined));
    // With the people it concerns, computed in the writing statement, for the access policy's filter.
    const delivery = { kind: 'demande.cancelled', eventId: committed.id, userIds: [creator!.id] };
    expect(onDemande).toEqual([delivery]);
    expect(onCreator).toEqual([delivery]);
  });

  it('stops delivering to an unsubscribed handler', async () => {
    const received: unknown[] = [];
    const unsubscribe = busB.subscribe('signal:2', (payload) => received.push(payload));
    const stillSubscribed = collect(busB, 'signal:2');
    unsubscribe();
    await busA.publish('signal:2', { n: 1 });
    await waitUntil('delivery', () => (stillSubscribed.length === 1 ? true : undefined));
    expect(received).toEqual([]);
  });
});
