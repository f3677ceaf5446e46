import { toPersonDto } from '../auth/auth.presenter.ts';
import { toPaymentSummaryDto } from '../payments/payments.presenter.ts';
import type { MeetSessionDto } from '../shared/schemas.ts';
import type { MeetSessionDetails } from './meet.service.ts';

/** `viewerId` decides what only the demandeur sees (the checkout link). */
export const toMeetSessionDto = ({ session, demandeur, prestataire, payment }: MeetSessionDetails, viewerId: string): MeetSessionDto => ({
  id: session.id,
  callId: session.callId,
  offreId: session.offreId,
  demandeId: session.demandeId,
  status: session.status,
  payment: payment && toPaymentSummaryDto(payment, viewerId === session.demandeurId),
  participants: { demandeur: toPersonDto(demandeur), prestataire: toPersonDto(prestataire) },
  createdAt: session.createdAt.toISOString(),
});
