/** A refusal the client can act on: a stable code, an HTTP status, a sentence for people. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError(`${what.toUpperCase()}_NOT_FOUND`, 404, `No such ${what.toLowerCase().replace('_', ' ')}.`);
export const unauthenticated = () => new AppError('UNAUTHENTICATED', 401, 'Sign in first.');
export const forbidden = (message: string) => new AppError('FORBIDDEN', 403, message);
export const conflict = (code: string, message: string) => new AppError(code, 409, message);

/** PostgreSQL's error, whether it arrives bare (pg, PGlite) or wrapped by Drizzle. */
export function postgresError(error: unknown): { code: string; constraint?: string } | undefined {
  for (let current: unknown = error; current; current = (current as { cause?: unknown }).cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
      const constraint = (current as { constraint?: unknown }).constraint;
      return typeof constraint === 'string' ? { code, constraint } : { code };
    }
  }
  return undefined;
}

export const UNIQUE_VIOLATION = '23505';
export const SERIALIZATION_FAILURE = '40001';
export const DEADLOCK_DETECTED = '40P01';

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
