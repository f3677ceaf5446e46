import type { Actor } from '../auth/actor.ts';
import type { Db, Tx } from '../db/client.ts';
import type { DemandeRow, EventRow, MeetSessionRow, OffreRow } from '../db/schema.ts';
import { appendEvent, listSessionTimeline } from '../events/events.repo.ts';
import { findLatestPayment } from '../payments/payments.repo.ts';
import type { PaymentRow } from '../payments/payments.schema.ts';
import { notFound } from '../server/errors.ts';
import { callIdFor } from './call-id.ts';
import * as repo from './meet.repo.ts';
import type { MeetSessionView } from './meet.repo.ts';

/** Creates the one meet session of a just-accepted offre (called by the acceptance only). */
export async function createMeetSession(tx: Tx, actor: Actor, offre: OffreRow, demande: DemandeRow): Promise<MeetSessionRow> {
  const session = await repo.insertMeetSession(tx, {
    demandeId: demande.id,
    offreId: offre.id,
    callId: callIdFor(offre.id),
    demandeurId: demande.creatorId,
    prestataireId: offre.prestataireId,
  });
  await appendEvent(tx, {
    kind: 'meet_session.created',
    actorId: actor.id,
    demandeId: demande.id,
    offreId: offre.id,
    meetSessionId: session.id,
    data: { callId: session.callId },
  });
  return session;
}

export const findMeetSessionByOffre = repo.findMeetSessionByOffre;

export const isParticipant = (session: MeetSessionRow, userId: string) =>
  session.demandeurId === userId || session.prestataireId === userId;

/** I3: a session exists only for its two participants; to anyone else it is unknown (404). */
export async function getMeetSession(tx: Tx, actor: Actor, id: string): Promise<MeetSessionView> {
  const view = await repo.findMeetSessionView(tx, id);
  if (!view || !isParticipant(view.session, actor.id)) throw notFound('meet_session');
  return view;
}

export interface MeetSessionDetails extends MeetSessionView {
  /** The latest payment attempt; null until the demandeur starts paying. */
  payment: PaymentRow | null;
}

/**
 * The session with its latest payment, read from one snapshot: a webhook committing between the two
 * reads must not show a succeeded payment next to a session still awaiting it.
 */
export function getMeetSessionDetails(db: Db, actor: Actor, id: string): Promise<MeetSessionDetails> {
  return db.transaction(
    async (tx) => {
      const view = await getMeetSession(tx, actor, id);
      return { ...view, payment: (await findLatestPayment(tx, id)) ?? null };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/** The call can be joined only once the session is paid (and not cancelled since). */
export const isSessionReady = (session: MeetSessionRow): boolean => session.status === 'ready';

export async function getTimeline(tx: Tx, actor: Actor, id: string): Promise<EventRow[]> {
  const { session } = await getMeetSession(tx, actor, id);
  return listSessionTimeline(tx, session);
}
