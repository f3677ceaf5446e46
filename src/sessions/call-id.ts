/**
 * I2: the call's id is a pure function of the offre's id, never random, so every code path that
 * reaches an accepted offre lands in the same call. The schema checks the same formula.
 */
export const callIdFor = (offreId: string): string => `call_${offreId.replaceAll('-', '')}`;
