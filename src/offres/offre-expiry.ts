import type { OffreRow } from '../db/schema.ts';
import type { OffreStatus } from '../shared/statuses.ts';

/**
 * A pending offre past its `expiresAt` is expired, even before anything wrote it so: nothing sweeps
 * it; its author proposing again marks it `expired` (offres.repo.ts expireLapsed).
 */
export const isLapsed = (offre: Pick<OffreRow, 'status' | 'expiresAt'>, now: Date): boolean => offre.status === 'pending' && offre.expiresAt <= now;

/** The status people see: a lapsed pending offre shows as expired. */
export const effectiveStatus = (offre: Pick<OffreRow, 'status' | 'expiresAt'>, now: Date): OffreStatus => (isLapsed(offre, now) ? 'expired' : offre.status);
