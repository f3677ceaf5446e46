import type pg from 'pg';

export interface DuplicateCounts {
  /** Offres with more than one meet session. */
  sessionsPerOffre: number;
  /** Demandes with more than one meet session. */
  sessionsPerDemande: number;
  /** Demandes with more than one accepted offre (I1). */
  acceptedPerDemande: number;
  /** 200 answers naming a session other than the one the database holds for their demande (I2). */
  answersNamingAnotherSession: number;
  /** The four above: what must be 0. */
  total: number;
  /** Raced demandes that ended with no session at all: a race must always have a winner. */
  demandesWithoutSession: number;
}

const COUNT_SQL = `
  select
    (select count(*) from (select 1 from meet_sessions where demande_id = any($1) group by offre_id having count(*) > 1) x)::int as "sessionsPerOffre",
    (select count(*) from (select 1 from meet_sessions where demande_id = any($1) group by demande_id having count(*) > 1) x)::int as "sessionsPerDemande",
    (select count(*) from (select 1 from offres where demande_id = any($1) and status = 'accepted' group by demande_id having count(*) > 1) x)::int as "acceptedPerDemande",
    (select count(*) from demandes d where d.id = any($1) and not exists (select 1 from meet_sessions s where s.demande_id = d.id))::int as "demandesWithoutSession"`;

interface RacedAnswer {
  attempt: { demande: { id: string } };
  answer: { kind: string; meetSessionId?: string };
}

/** Counts, in SQL after the race, every way two people could have ended up in two calls. */
export async function countDuplicates(pool: pg.Pool, answers: readonly RacedAnswer[]): Promise<DuplicateCounts> {
  const demandeIds = [...new Set(answers.map(({ attempt }) => attempt.demande.id))];
  const counts = (await pool.query(COUNT_SQL, [demandeIds])).rows[0];
  const sessions = await pool.query<{ demande_id: string; id: string }>('select demande_id, id from meet_sessions where demande_id = any($1)', [demandeIds]);
  const sessionOf = new Map(sessions.rows.map((row) => [row.demande_id, row.id]));
  const answersNamingAnotherSession = answers.filter(
    ({ attempt, answer }) => answer.kind === 'accepted' && answer.meetSessionId !== sessionOf.get(attempt.demande.id),
  ).length;
  const total = counts.sessionsPerOffre + counts.sessionsPerDemande + counts.acceptedPerDemande + answersNamingAnotherSession;
  return { ...counts, answersNamingAnotherSession, total };
}
