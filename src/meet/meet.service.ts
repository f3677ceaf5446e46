import type { Actor } from '../auth/actor.ts';
import type { Db } from '../db/client.ts';
import type { EventRow, PaymentRow } from '../db/schema.ts';
import { inTransaction } from '../db/transaction.ts';
import { listSessionTimeline } from '../events/events.repo.ts';
import { latestPaymentOf } from '../payments/payments.service.ts';
import { getMeetSession, type MeetSessionView } from '../sessions/sessions.service.ts';

export interface MeetSessionDetails extends MeetSessionView {
  /** The latest payment attempt; null until the demandeur starts paying. */
  payment: PaymentRow | null;
}

/**
 * The session with its latest payment, read from one snapshot: a webhook committing between the two
 * reads must not show a succeeded payment next to a session still awaiting it.
 */
export function getMeetSessionDetails(db: Db, actor: Actor, id: string): Promise<MeetSessionDetails> {
  return inTransaction(
    db,
    async (tx) => {
      const view = await getMeetSession(tx, actor, id);
      return { ...view, payment: (await latestPaymentOf(tx, id)) ?? null };
    },
    { snapshot: true },
  );
}

export async function getTimeline(db: Db, actor: Actor, id: string): Promise<EventRow[]> {
  const { session } = await getMeetSession(db, actor, id);
  return listSessionTimeline(db, session);
}
