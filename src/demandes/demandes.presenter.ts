import { toPersonDto } from '../auth/auth.presenter.ts';
import type { DemandeDto } from '../shared/schemas.ts';
import type { DemandeWithCreator } from './demandes.repo.ts';

export const toDemandeDto = ({ demande, creator }: DemandeWithCreator): DemandeDto => ({
  id: demande.id,
  title: demande.title,
  description: demande.description,
  budgetCents: demande.budgetCents,
  status: demande.status,
  creator: toPersonDto(creator),
  createdAt: demande.createdAt.toISOString(),
});
