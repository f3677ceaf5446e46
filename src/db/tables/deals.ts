import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, pgTable, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { demandeStatuses, meetSessionStatuses, offreStatuses } from '../../shared/statuses.ts';
import { users } from './accounts.ts';
import { createdAt, isOneOf } from './columns.ts';

/** The deal: a demande, its offres, and the one meet session of its accepted offre. */

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
    check('demandes_status_check', isOneOf(t.status, demandeStatuses)),
    check('demandes_budget_positive', sql`${t.budgetCents} is null or ${t.budgetCents} > 0`),
    index('demandes_open_idx').on(t.createdAt).where(sql`${t.status} = 'open'`),
    index('demandes_creator_idx').on(t.creatorId),
  ],
);

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
    check('offres_status_check', isOneOf(t.status, offreStatuses)),
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
    check('meet_sessions_status_check', isOneOf(t.status, meetSessionStatuses)),
  ],
);

export type DemandeRow = typeof demandes.$inferSelect;
export type OffreRow = typeof offres.$inferSelect;
export type MeetSessionRow = typeof meetSessions.$inferSelect;
