/** The policy's checks that read their facts from the database first (see policy.ts for the rules). */
import type { Actor } from '../auth/actor.ts';
import type { Db } from '../db/client.ts';
import { topicPattern } from '../shared/realtime.ts';
import * as facts from './access.repo.ts';
import { demandeRole, may, requireRole, sessionRole, type DemandeAction, type DemandeRole, type MeetSessionAction } from './policy.ts';

/** The actor's role on a demande, once it may do `action` on it; 404 or 403 otherwise. */
export async function authorizeDemande(db: Db, actor: Actor, demandeId: string, action: DemandeAction): Promise<DemandeRole> {
  const known = await facts.demandeFacts(db, demandeId, actor.id);
  return requireRole('demande', action, known && demandeRole(actor.id, known));
}

/** Whether the actor may do `action` on the meet session (false for an unknown one, or no actor). */
export async function mayOnMeetSession(db: Db, actor: Actor | undefined, meetSessionId: string, action: MeetSessionAction): Promise<boolean> {
  if (!actor) return false;
  const session = await facts.sessionParticipants(db, meetSessionId);
  return may('meetSession', action, session && sessionRole(actor.id, session));
}

/**
 * I9: a topic is heard by whoever may read its subject: `demande:<id>` by whoever may read the
 * demande, `meet:<id>` by the session's two participants, `user:<id>` by that user. Unknown and
 * forbidden are one answer. What each hears on a demande's topic is `hearsOnDemandeTopic`.
 */
export async function maySubscribe(db: Db, actor: Actor, topic: string): Promise<boolean> {
  const [, kind, id] = topicPattern.exec(topic) ?? [];
  if (!id) return false;
  switch (kind) {
    case 'user':
      return id === actor.id;
    case 'demande': {
      const known = await facts.demandeFacts(db, id, actor.id);
      return may('demande', 'read', known && demandeRole(actor.id, known));
    }
    case 'meet':
      return mayOnMeetSession(db, actor, id, 'read');
    default:
      return false;
  }
}

/** The event kinds that change what every reader of a demande sees: its own life, and its closing. */
const PUBLIC_DEMANDE_KINDS: ReadonlySet<string> = new Set(['demande.created', 'demande.cancelled', 'offre.accepted']);

/**
 * What arrives live on `demande:<id>`: an event concerning the listener (their demande, their
 * offre, their session), or one every reader of the demande may know of. Another prestataire's
 * offre, or the session's payment, never reaches a visitor.
 */
function hearsOnDemandeTopic(listenerId: string, event: LiveEvent): boolean {
  return (event.userIds ?? []).includes(listenerId) || PUBLIC_DEMANDE_KINDS.has(event.kind);
}

/** What a topic delivers: an event's kind, and the people it concerns when it is a ledger event. */
export interface LiveEvent {
  kind: string;
  userIds?: readonly string[] | undefined;
}

/** Whether a subscriber of `topic` (already allowed by `maySubscribe`) hears this event of it. */
export const hearsLive = (topic: string, listenerId: string, event: LiveEvent): boolean =>
  !topic.startsWith('demande:') || hearsOnDemandeTopic(listenerId, event);
