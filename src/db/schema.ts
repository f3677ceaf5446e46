import { sql } from 'drizzle-orm';
import {
  bigserial,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    displayName: text('display_name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('users_email_unique').on(sql`lower(${t.email})`)],
);

export const authSessions = pgTable(
  'auth_sessions',
  {
    // sha256 of the cookie's token: a leaked table does not leak usable sessions.
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('auth_sessions_user_idx').on(t.userId)],
);

export const loginFailures = pgTable(
  'login_failures',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    accountKey: text('account_key').notNull(),
    ip: text('ip').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('login_failures_account_idx').on(t.accountKey, t.at), index('login_failures_ip_idx').on(t.ip, t.at)],
);

export const demandeStatuses = ['open', 'accepted', 'cancelled'] as const;

export const demandes = pgTable(
  'demandes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    creatorId: uuid('creator_id')
      .notNull()
      .references(() => users.id),
    title: text('title').notNull(),
    description: text('description').notNull(),
    budgetCents: integer('budget_cents'),
    status: text('status', { enum: demandeStatuses }).notNull().default('open'),
    createdAt: createdAt(),
  },
  (t) => [
    check('demandes_status_check', sql`${t.status} in ('open', 'accepted', 'cancelled')`),
    check('demandes_budget_positive', sql`${t.budgetCents} is null or ${t.budgetCents} > 0`),
    index('demandes_open_idx').on(t.createdAt).where(sql`${t.status} = 'open'`),
    index('demandes_creator_idx').on(t.creatorId),
  ],
);

export const offreStatuses = ['pending', 'accepted', 'rejected', 'withdrawn', 'expired'] as const;

export const offres = pgTable(
  'offres',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    demandeId: uuid('demande_id')
      .notNull()
      .references(() => demandes.id),
    prestataireId: uuid('prestataire_id')
      .notNull()
      .references(() => users.id),
    priceCents: integer('price_cents').notNull(),
    message: text('message').notNull(),
    status: text('status', { enum: offreStatuses }).notNull().default('pending'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    check('offres_status_check', sql`${t.status} in ('pending', 'accepted', 'rejected', 'withdrawn', 'expired')`),
    check('offres_price_positive', sql`${t.priceCents} > 0`),
    // I1: a demande has at most one accepted offre, whatever the code above does.
    uniqueIndex('offres_one_accepted_per_demande').on(t.demandeId).where(sql`${t.status} = 'accepted'`),
    // At most one live offre per prestataire per demande.
    uniqueIndex('offres_one_live_per_prestataire')
      .on(t.demandeId, t.prestataireId)
      .where(sql`${t.status} in ('pending', 'accepted')`),
    // Target of meet_sessions' composite key: a session's offre belongs to the session's demande.
    unique('offres_id_demande_unique').on(t.id, t.demandeId),
    index('offres_prestataire_idx').on(t.prestataireId),
    index('offres_demande_created_idx').on(t.demandeId, t.createdAt.desc()),
  ],
);

export const meetSessionStatuses = ['awaiting_payment', 'ready', 'cancelled'] as const;

export const meetSessions = pgTable(
  'meet_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    demandeId: uuid('demande_id').notNull(),
    offreId: uuid('offre_id').notNull(),
    callId: text('call_id').notNull(),
    demandeurId: uuid('demandeur_id')
      .notNull()
      .references(() => users.id),
    prestataireId: uuid('prestataire_id')
      .notNull()
      .references(() => users.id),
    status: text('status', { enum: meetSessionStatuses }).notNull().default('awaiting_payment'),
    createdAt: createdAt(),
  },
  (t) => [
    // I2 / I4: one session per offre and per demande, enforced by the database.
    unique('meet_sessions_offre_unique').on(t.offreId),
    unique('meet_sessions_demande_unique').on(t.demandeId),
    unique('meet_sessions_call_unique').on(t.callId),
    foreignKey({
      name: 'meet_sessions_offre_of_demande_fk',
      columns: [t.offreId, t.demandeId],
      foreignColumns: [offres.id, offres.demandeId],
    }),
    // I2: callId is derived from the offre, never random (see meet/call-id.ts).
    check('meet_sessions_call_id_derived', sql`${t.callId} = 'call_' || replace(${t.offreId}::text, '-', '')`),
    check('meet_sessions_two_people', sql`${t.demandeurId} <> ${t.prestataireId}`),
    check('meet_sessions_status_check', sql`${t.status} in ('awaiting_payment', 'ready', 'cancelled')`),
  ],
);

// I5: an append-only ledger of every state change. No foreign keys on purpose: the ledger must
// accept a row about anything, and never slow down or block the change it records.
export const events = pgTable(
  'events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    actorId: uuid('actor_id'),
    demandeId: uuid('demande_id'),
    offreId: uuid('offre_id'),
    meetSessionId: uuid('meet_session_id'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    index('events_demande_idx').on(t.demandeId),
    index('events_offre_idx').on(t.offreId),
    index('events_meet_session_idx').on(t.meetSessionId),
  ],
);

export type UserRow = typeof users.$inferSelect;
export type DemandeRow = typeof demandes.$inferSelect;
export type OffreRow = typeof offres.$inferSelect;
export type MeetSessionRow = typeof meetSessions.$inferSelect;
export type EventRow = typeof events.$inferSelect;
export * from '../notifications/notifications.schema.ts';
export * from '../realtime/realtime.schema.ts';
export * from '../payments/payments.schema.ts';
export * from '../meet/meet.schema.ts';
