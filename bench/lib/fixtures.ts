import { randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Actor } from '../../src/auth/actor.ts';
import { SESSION_COOKIE } from '../../src/auth/session-cookie.ts';
import { hashToken, newSessionToken } from '../../src/auth/tokens.ts';

export interface DemandeFixture {
  id: string;
  creatorId: string;
  offreIds: string[];
  /** The author of each offre, in the order of `offreIds` (the same people for every demande of a call). */
  prestataireIds: string[];
  /** One `Cookie` header per signed-in client of the demande's creator (tabs, phones…). */
  creatorCookies: string[];
}

export interface FixtureSize {
  demandes: number;
  offresPerDemande: number;
  /** Sessions opened for each demandeur. */
  clientsPerDemande: number;
}

/**
 * Inserts demandeurs, prestataires, open demandes with pending offres, and signed-in sessions,
 * straight in SQL: registering through HTTP would spend the setup in argon2, which is slow on purpose.
 * Session tokens are hashed as the server hashes them, so their cookies are accepted as real ones.
 */
export async function insertDemandesWithOffres(pool: pg.Pool, size: FixtureSize): Promise<DemandeFixture[]> {
  const tag = randomBytes(4).toString('hex');
  const prestataireIds = Array.from({ length: size.offresPerDemande }, () => randomUUID());
  const demandes: DemandeFixture[] = Array.from({ length: size.demandes }, () => ({
    id: randomUUID(),
    creatorId: randomUUID(),
    offreIds: prestataireIds.map(() => randomUUID()),
    prestataireIds,
    creatorCookies: [],
  }));
  const userIds = [...demandes.map((d) => d.creatorId), ...prestataireIds];
  const offres = demandes.flatMap((d) => d.offreIds.map((id, i) => ({ id, demandeId: d.id, prestataireId: prestataireIds[i]! })));

  await pool.query(
    `insert into users (id, email, password_hash, display_name)
     select id, 'bench-' || $2 || '-' || ord || '@bench.accord', 'no password: signed in by fixture', 'Bench ' || ord
     from unnest($1::uuid[]) with ordinality as u(id, ord)`,
    [userIds, tag],
  );
  const sessionOwners = demandes.flatMap((demande) => Array.from({ length: size.clientsPerDemande }, () => demande));
  const cookies = await signIn(
    pool,
    sessionOwners.map((demande) => demande.creatorId),
  );
  sessionOwners.forEach((demande, i) => demande.creatorCookies.push(cookies[i]!));
  await pool.query(
    `insert into demandes (id, creator_id, title, description, budget_cents)
     select id, creator_id, 'Réparer une fuite', 'Sous l’évier de la cuisine.', 8000 from unnest($1::uuid[], $2::uuid[]) as d(id, creator_id)`,
    [demandes.map((d) => d.id), demandes.map((d) => d.creatorId)],
  );
  await pool.query(
    `insert into offres (id, demande_id, prestataire_id, price_cents, message, expires_at)
     select id, demande_id, prestataire_id, 5000, 'Je passe demain matin.', now() + interval '7 days'
     from unnest($1::uuid[], $2::uuid[], $3::uuid[]) as o(id, demande_id, prestataire_id)`,
    [offres.map((o) => o.id), offres.map((o) => o.demandeId), offres.map((o) => o.prestataireId)],
  );
  return demandes;
}

/** Opens one signed-in session per entry of `userIds` (repeat an id for several); answers their `Cookie` headers. */
export async function signIn(pool: pg.Pool, userIds: readonly string[]): Promise<string[]> {
  const tokens = userIds.map(() => newSessionToken());
  await pool.query(
    `insert into auth_sessions (token_hash, user_id, expires_at)
     select token_hash, user_id, now() + interval '1 day' from unnest($1::text[], $2::uuid[]) as s(token_hash, user_id)`,
    [tokens.map(hashToken), userIds],
  );
  return tokens.map((token) => `${SESSION_COOKIE}=${token}`);
}

/** The Actor (as `requireActor` answers it) of each user, for calling Accord's services directly. */
export async function actorsOf(pool: pg.Pool, userIds: readonly string[]): Promise<Map<string, Actor>> {
  const { rows } = await pool.query<Actor>('select id, email, display_name as "displayName" from users where id = any($1::uuid[])', [userIds]);
  return new Map(rows.map((actor) => [actor.id, actor]));
}

/** Fresh statistics, as autovacuum would have them on a live database, so plans are the usual ones. */
export async function analyze(pool: pg.Pool): Promise<void> {
  await pool.query('analyze users, auth_sessions, demandes, offres, meet_sessions, events');
}
