import type { Actor } from '../../src/auth/actor.ts';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { inTransaction } from '../../src/db/transaction.ts';
import { acceptOffre } from '../../src/offres/offres.service.ts';
import type { AccordSocket } from './sockets.ts';
import { changedKey } from './sockets.ts';

/**
 * Accord's own acceptance (`acceptOffre`, the service the HTTP route calls), run from the bench
 * process on the bench database, so the moment its COMMIT is sent is known to the bench's clock:
 * the same starting point as the LISTEN/NOTIFY floor. The server under test hears it as it hears
 * any acceptance, through its LISTEN on the events channel.
 */
export class LiveAcceptances {
  private constructor(private readonly database: Database) {}

  static async open(databaseUrl: string): Promise<LiveAcceptances> {
    return new LiveAcceptances(await openDatabase({ databaseUrl, dataDir: 'unused', poolSize: 2 }));
  }

  /**
   * Accepts `offreId` as `actor` and answers, for each socket, the milliseconds from sending the
   * COMMIT to reading the `changed` of `kind` on `topic`.
   */
  async commitToChanged(actor: Actor, offreId: string, sockets: readonly AccordSocket[], topic: string, kind = 'offre.accepted'): Promise<number[]> {
    const arrivals = sockets.map((socket) => socket.next(changedKey(topic, kind)));
    let committing = 0;
    await inTransaction(this.database.db, async (tx) => {
      await acceptOffre(tx, actor, offreId);
      committing = performance.now();
    });
    return (await Promise.all(arrivals)).map(({ at }) => at - committing);
  }

  close(): Promise<void> {
    return this.database.close();
  }
}
