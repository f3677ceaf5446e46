import { toPersonDto } from '../auth/auth.presenter.ts';
import type { OffreRow } from '../db/schema.ts';
import type { MyOffreDto, OffreDto } from '../shared/schemas.ts';
import type { MyOffreView, OffreView } from './offres.repo.ts';

/** A pending offre past its `expiresAt` is expired, even before anything wrote it so. */
export const isLapsed = (offre: OffreRow, now: Date) => offre.status === 'pending' && offre.expiresAt <= now;

export const toOffreDto = ({ offre, prestataire, meetSessionId }: OffreView, now = new Date()): OffreDto => ({
  id: offre.id,
  demandeId: offre.demandeId,
  prestataire: toPersonDto(prestataire),
  priceCents: offre.priceCents,
  message: offre.message,
  status: isLapsed(offre, now) ? 'expired' : offre.status,
  expiresAt: offre.expiresAt.toISOString(),
  createdAt: offre.createdAt.toISOString(),
  meetSessionId,
});

export const toMyOffreDto = (view: MyOffreView, now = new Date()): MyOffreDto => ({
  ...toOffreDto(view, now),
  demande: { id: view.demande.id, title: view.demande.title, status: view.demande.status },
});
