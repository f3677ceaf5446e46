/*
 * The floor of Accord's read path: a bare Fastify server (no logger, no hooks, no plugins) sending
 * the same three statements as `GET /api/demandes/:id/offres` for the demande's creator (copied
 * from the SQL Drizzle generates) through a bare `pg` pool, and answering the same JSON.
 * Run by the read-path benchmark in a process of its own: PORT, DATABASE_URL, DATABASE_POOL_SIZE.
 */
import Fastify from 'fastify';
import pg from 'pg';
import { SESSION_COOKIE } from '../../src/auth/session-cookie.ts';
import { hashToken } from '../../src/auth/tokens.ts';

/** Accord's session lookup, as it sends it: a named statement, parsed and planned once per connection. */
const ACTOR = {
  name: 'account_by_session_token',
  text: `select "users"."id", "users"."email", "users"."display_name" from "auth_sessions" inner join "users" on "users"."id" = "auth_sessions"."user_id" where ("auth_sessions"."token_hash" = $1 and "auth_sessions"."expires_at" > now())`,
};
const DEMANDE = `select "demandes"."id", "demandes"."creator_id", "demandes"."title", "demandes"."description", "demandes"."budget_cents", "demandes"."status", "demandes"."created_at", "users"."id", "users"."display_name" from "demandes" inner join "users" on "users"."id" = "demandes"."creator_id" where "demandes"."id" = $1`;
const OFFRES = `select "offres"."id", "offres"."demande_id", "offres"."prestataire_id", "offres"."price_cents", "offres"."message", "offres"."status", "offres"."expires_at", "offres"."created_at", "offres"."decided_at", "users"."id", "users"."display_name", "meet_sessions"."id" from "offres" inner join "users" on "users"."id" = "offres"."prestataire_id" left join "meet_sessions" on "meet_sessions"."offre_id" = "offres"."id" where "offres"."demande_id" = $1 order by "offres"."created_at" desc`;

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 20) });
// Rows as arrays, as Drizzle asks for them: the joins repeat column names.
const query = (text: string, values: unknown[]) => pool.query({ text, values, rowMode: 'array' });
const tokenOf = (cookie: string | undefined) => cookie?.match(new RegExp(`(?:^|; )${SESSION_COOKIE}=([^;]+)`))?.[1];

const app = Fastify();
app.get('/api/health', async () => ({ ok: true }));
app.get<{ Params: { id: string } }>('/api/demandes/:id/offres', async (request, reply) => {
  const token = tokenOf(request.headers.cookie);
  const actor = token ? (await pool.query({ ...ACTOR, values: [hashToken(token)], rowMode: 'array' })).rows[0] : undefined;
  if (!actor) return reply.status(401).send({ error: { code: 'UNAUTHENTICATED', message: 'Sign in first.' } });
  const demande = (await query(DEMANDE, [request.params.id])).rows[0];
  if (!demande || demande[1] !== actor[0]) return reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'No such demande.' } });
  const now = new Date();
  const offres = (await query(OFFRES, [request.params.id])).rows.map((row) => ({
    id: row[0],
    demandeId: row[1],
    prestataire: { id: row[9], displayName: row[10] },
    priceCents: row[3],
    message: row[4],
    status: row[5] === 'pending' && row[6] <= now ? 'expired' : row[5],
    expiresAt: row[6].toISOString(),
    createdAt: row[7].toISOString(),
    meetSessionId: row[11],
  }));
  return { offres };
});

const shutdown = () => void app.close().then(() => pool.end()).then(() => process.exit(0));
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
await app.listen({ port: Number(process.env.PORT), host: process.env.HOST ?? '127.0.0.1' });
