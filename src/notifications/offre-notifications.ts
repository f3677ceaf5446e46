import type { Tx } from '../db/client.ts';
import type { DemandeRow, OffreRow } from '../db/schema.ts';
import { notify, type NewNotification } from './notifications.service.ts';

type DemandeRef = Pick<DemandeRow, 'id' | 'title' | 'creatorId'>;
export type RejectionReason = 'rejected_by_demandeur' | 'other_offre_accepted' | 'demande_cancelled';

/** Tells the demandeur that a prestataire answered their demande. */
export const notifyOffreReceived = (tx: Tx, demande: DemandeRef, offre: OffreRow, prestataireName: string) =>
  notify(tx, {
    userId: demande.creatorId,
    kind: 'offre.received',
    demandeId: demande.id,
    offreId: offre.id,
    data: { demandeTitle: demande.title, prestataireName, priceCents: offre.priceCents },
  });

type Decision = { accepted: true } | { accepted: false; reason: RejectionReason };

/** The prestataire's notification that their offre was accepted, or rejected and why. */
export const offreDecidedNotification = (demande: DemandeRef, offre: Pick<OffreRow, 'id' | 'prestataireId'>, decision: Decision): NewNotification => ({
  userId: offre.prestataireId,
  kind: decision.accepted ? 'offre.accepted' : 'offre.rejected',
  demandeId: demande.id,
  offreId: offre.id,
  data: decision.accepted ? { demandeTitle: demande.title } : { demandeTitle: demande.title, reason: decision.reason },
});

/** Tells the prestataire that their offre was accepted, or rejected and why. */
export const notifyOffreDecided = (tx: Tx, demande: DemandeRef, offre: Pick<OffreRow, 'id' | 'prestataireId'>, decision: Decision) =>
  notify(tx, offreDecidedNotification(demande, offre, decision));
