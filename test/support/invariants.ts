import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../src/db/client.ts';

/** I1, I2 and their consequences, checked by SQL over the whole database; [] when all hold. */
export async function acceptanceViolations(db: Db): Promise<string[]> {
  const checks: Record<string, ReturnType<typeof sql>> = {
    'I1: a demande with two accepted offres': sql`select demande_id from offres where status = 'accepted' group by demande_id having count(*) > 1`,
    'I2: an offre with two sessions': sql`select offre_id from meet_sessions group by offre_id having count(*) > 1`,
    'I2: a demande with two sessions': sql`select demande_id from meet_sessions group by demande_id having count(*) > 1`,
    'I2: an accepted offre without a session': sql`select o.id from offres o left join meet_sessions s on s.offre_id = o.id where o.status = 'accepted' and s.id is null`,
    'a session whose offre is not accepted': sql`select s.id from meet_sessions s join offres o on o.id = s.offre_id where o.status <> 'accepted'`,
    'an accepted offre on a demande not marked accepted': sql`select o.id from offres o join demandes d on d.id = o.demande_id where o.status = 'accepted' and d.status <> 'accepted'`,
    'a demande marked accepted without an accepted offre': sql`select d.id from demandes d where d.status = 'accepted' and not exists (select 1 from offres o where o.demande_id = d.id and o.status = 'accepted')`,
    'a pending offre left on a closed demande': sql`select o.id from offres o join demandes d on d.id = o.demande_id where o.status = 'pending' and d.status <> 'open'`,
    'an offre accepted after it expired': sql`select id from offres where status = 'accepted' and decided_at > expires_at`,
  };
  const violations: string[] = [];
  for (const [name, query] of Object.entries(checks)) {
    const rows = await queryRows<Record<string, unknown>>(db, query);
    if (rows.length > 0) violations.push(`${name}: ${JSON.stringify(rows.slice(0, 3))}`);
  }
  return violations;
}
