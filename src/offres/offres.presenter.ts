import { toPersonDto } from '../auth/auth.presenter.ts';
import type { MyOffreDto, OffreDto } from '../shared/schemas.ts';
import { effectiveStatus } from './offre-expiry.ts';
import type { MyOffreView, OffreView } from './offres.repo.ts';

export const toOffreDto = ({ offre, prestataire, meetSessionId }: OffreView, now = new Date()): OffreDto => ({
  id: offre.id,
  demandeId: offre.demandeId,
  prestataire: toPersonDto(prestataire),
  priceCents: offre.priceCents,
  message: offre.message,
  status: effectiveStatus(offre, now),
  expiresAt: offre.expiresAt.toISOString(),
  createdAt: offre.createdAt.toISOString(),
  meetSessionId,
});

export const toMyOffreDto = (view: MyOffreView, now = new Date()): MyOffreDto => ({
  ...toOffreDto(view, now),
  demande: { id: view.demande.id, title: view.demande.title, status: view.demande.status },
});
