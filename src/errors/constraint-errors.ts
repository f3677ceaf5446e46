import { postgresError, UNIQUE_VIOLATION } from '../db/postgres-errors.ts';
import { AppError, conflict } from './app-error.ts';

/**
 * Constraints whose violation is the client's doing, not a bug: a racing request lost to another.
 * The same rule as the code's check, enforced by the database (I4).
 */
const constraintErrors: Record<string, () => AppError> = {
  users_email_unique: () => conflict('EMAIL_TAKEN', 'An account already uses this email.'),
  offres_one_live_per_prestataire: () =>
    conflict('OFFRE_ALREADY_PROPOSED', 'You already have a live offre on this demande.'),
  offres_one_accepted_per_demande: () =>
    conflict('DEMANDE_ALREADY_HAS_ACCEPTED_OFFRE', 'Another offre of this demande is already accepted.'),
};

export function constraintError(error: unknown): AppError | undefined {
  const pgError = postgresError(error);
  if (pgError?.code !== UNIQUE_VIOLATION || !pgError.constraint) return undefined;
  return constraintErrors[pgError.constraint]?.();
}
