import type { Actor } from '../auth/actor.ts';
import type { Tx } from '../db/client.ts';
import { findDemande, hasOffreFrom } from '../demandes/demandes.repo.ts';
import { findMeetSessionView } from '../meet/meet.repo.ts';
import { isParticipant } from '../meet/meet.service.ts';
import { topicPattern } from '../shared/realtime.ts';

/**
 * Who may hear a topic: a demande its creator and the authors of offres on it; a meet session
 * its two participants (I3); `user:<id>` that user alone. Unknown and forbidden are the same
 * answer, so a refusal tells nothing about what exists.
 */
export async function maySubscribe(tx: Tx, actor: Actor, topic: string): Promise<boolean> {
  const [, kind, id] = topicPattern.exec(topic) ?? [];
  if (!id) return false;
  switch (kind) {
    case 'user':
      return id === actor.id;
    case 'demande': {
      const found = await findDemande(tx, id);
      return found !== undefined && (found.demande.creatorId === actor.id || (await hasOffreFrom(tx, id, actor.id)));
    }
    case 'meet': {
      const view = await findMeetSessionView(tx, id);
      return view !== undefined && isParticipant(view.session, actor.id);
    }
    default:
      return false;
  }
}
