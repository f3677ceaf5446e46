import { toPersonDto } from '../auth/auth.presenter.ts';
import type { MeetSessionDto } from '../shared/schemas.ts';
import type { MeetSessionView } from './meet.repo.ts';

export const toMeetSessionDto = ({ session, demandeur, prestataire }: MeetSessionView): MeetSessionDto => ({
  id: session.id,
  callId: session.callId,
  offreId: session.offreId,
  demandeId: session.demandeId,
  status: session.status,
  payment: null,
  participants: { demandeur: toPersonDto(demandeur), prestataire: toPersonDto(prestataire) },
  createdAt: session.createdAt.toISOString(),
});
