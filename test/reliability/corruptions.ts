import type { Population } from './populate.ts';

/**
 * For each doctor check, ways to break its invariant directly in SQL, going around the schema's
 * own guards (dropped indexes and constraints, `session_replication_role = replica` to skip
 * foreign keys), as a bug, a hand edit or a bad migration could. A new check needs a row here.
 */
export interface Corruption {
  check: string;
  name: string;
  /** SQL statements, run in order in one transaction. */
  sql(p: Population): string[];
}

const dropSessionUniques = `alter table meet_sessions drop constraint meet_sessions_offre_unique,
  drop constraint meet_sessions_demande_unique, drop constraint meet_sessions_call_unique`;

export const CORRUPTIONS: Corruption[] = [
  {
    check: 'demande_one_accepted_offre',
    name: 'a second accepted offre on the demande',
    sql: (p) => [`drop index offres_one_accepted_per_demande`, `update offres set status = 'accepted' where id = '${p.rejectedOffreId}'`],
  },
  {
    check: 'offre_one_session',
    name: 'a copy of the offre’s session',
    sql: (p) => [dropSessionUniques, `insert into meet_sessions (demande_id, offre_id, call_id, demandeur_id, prestataire_id)
      select demande_id, offre_id, call_id, demandeur_id, prestataire_id from meet_sessions where id = '${p.meetSessionId}'`],
  },
  {
    check: 'demande_one_session',
    name: 'the seed’s bug: a second session, with another callId, for the same demande',
    sql: (p) => [dropSessionUniques, `insert into meet_sessions (demande_id, offre_id, call_id, demandeur_id, prestataire_id)
      select demande_id, id, 'call_' || replace(id::text, '-', ''), '${p.people.camille.user.id}', prestataire_id
      from offres where id = '${p.rejectedOffreId}'`],
  },
  {
    check: 'session_has_accepted_offre',
    name: 'the session’s offre is no longer accepted',
    sql: (p) => [`update offres set status = 'withdrawn' where id = '${p.acceptedOffreId}'`],
  },
  {
    check: 'session_has_accepted_offre',
    name: 'the session’s offre is gone (foreign keys skipped)',
    sql: (p) => [`set local session_replication_role = replica`, `delete from offres where id = '${p.acceptedOffreId}'`],
  },
  {
    check: 'accepted_offre_has_session',
    name: 'the session of an accepted offre is deleted (foreign keys of its payment and notifications skipped)',
    sql: (p) => [`set local session_replication_role = replica`, `delete from meet_sessions where id = '${p.meetSessionId}'`],
  },
  {
    check: 'demande_status_matches_offres',
    name: 'an accepted demande back to open',
    sql: (p) => [`update demandes set status = 'open' where id = '${p.acceptedDemandeId}'`],
  },
  {
    check: 'demande_status_matches_offres',
    name: 'a demande accepted without an accepted offre',
    sql: (p) => [`update demandes set status = 'accepted' where id = '${p.openDemandeId}'`],
  },
  {
    check: 'offre_accepted_before_expiry',
    name: 'the accepted offre had expired a minute before its acceptance',
    sql: (p) => [`update offres set expires_at = decided_at - interval '1 minute' where id = '${p.acceptedOffreId}'`],
  },
  {
    check: 'no_pending_offre_on_closed_demande',
    name: 'a rejected offre of an accepted demande back to pending',
    sql: (p) => [`update offres set status = 'pending' where id = '${p.rejectedOffreId}'`],
  },
  {
    check: 'call_id_derived_from_offre',
    name: 'a random callId',
    sql: (p) => [`alter table meet_sessions drop constraint meet_sessions_call_id_derived`, `update meet_sessions set call_id = 'call_jy71random' where id = '${p.meetSessionId}'`],
  },
  {
    check: 'session_participants',
    name: 'a stranger in place of the prestataire',
    sql: (p) => [`update meet_sessions set prestataire_id = '${p.people.zoe.user.id}' where id = '${p.meetSessionId}'`],
  },
  {
    check: 'session_participants',
    name: 'a stranger in place of the demandeur',
    sql: (p) => [`update meet_sessions set demandeur_id = '${p.people.zoe.user.id}' where id = '${p.meetSessionId}'`],
  },
  {
    check: 'demande_created_event',
    name: 'a lost demande.created',
    sql: (p) => [`delete from events where kind = 'demande.created' and demande_id = '${p.openDemandeId}'`],
  },
  {
    check: 'demande_cancelled_event',
    name: 'a lost demande.cancelled',
    sql: (p) => [`delete from events where kind = 'demande.cancelled' and demande_id = '${p.cancelledDemandeId}'`],
  },
  {
    check: 'offre_proposed_event',
    name: 'a lost offre.proposed',
    sql: (p) => [`delete from events where kind = 'offre.proposed' and offre_id = '${p.pendingOffreId}'`],
  },
  ...(['acceptedOffreId', 'rejectedOffreId', 'withdrawnOffreId', 'expiredOffreId'] as const).map((key) => ({
    check: 'offre_decision_event',
    name: `a lost event of the ${key.replace('OffreId', '')} offre`,
    sql: (p: Population) => [`delete from events where kind like 'offre.%' and kind <> 'offre.proposed' and offre_id = '${p[key]}'`],
  })),
  {
    check: 'session_created_event',
    name: 'a lost meet_session.created',
    sql: (p) => [`delete from events where kind = 'meet_session.created' and meet_session_id = '${p.meetSessionId}'`],
  },
  {
    check: 'session_has_accepted_offre',
    name: 'a cancelled session’s offre still accepted',
    sql: (p) => [`update offres set status = 'accepted' where id = (select offre_id from meet_sessions where id = '${p.cancelledMeetSessionId}')`],
  },
  {
    check: 'session_ready_iff_paid',
    name: 'a session opened without a succeeded payment',
    sql: (p) => [`update meet_sessions set status = 'ready' where id = '${p.meetSessionId}'`],
  },
  {
    check: 'session_ready_iff_paid',
    name: 'a paid session left awaiting payment',
    sql: (p) => [`update meet_sessions set status = 'awaiting_payment' where id = '${p.paidMeetSessionId}'`],
  },
  {
    check: 'session_ready_iff_paid',
    name: 'a ready session whose payment was refunded',
    sql: (p) => [`update payments set status = 'refunded' where id = '${p.succeededPaymentId}'`],
  },
  {
    check: 'session_in_call_iff_joined',
    name: 'a paid session marked in call though nobody entered it',
    sql: (p) => [`update meet_sessions set status = 'in_call' where id = '${p.paidMeetSessionId}'`],
  },
  {
    check: 'session_in_call_iff_joined',
    name: 'a participant entered the call of a session left `ready`',
    sql: (p) => [
      `insert into events (kind, actor_id, demande_id, offre_id, meet_session_id)
       select 'call.joined', demandeur_id, demande_id, offre_id, id from meet_sessions where id = '${p.paidMeetSessionId}'`,
    ],
  },
  {
    check: 'no_cancellation_after_call_joined',
    name: 'a participant had joined the call before the session was cancelled and refunded',
    sql: (p) => [
      `insert into events (kind, actor_id, demande_id, offre_id, meet_session_id, created_at)
       select 'call.joined', s.prestataire_id, s.demande_id, s.offre_id, s.id, e.created_at - interval '1 minute'
       from meet_sessions s join events e on e.meet_session_id = s.id and e.kind = 'meet_session.cancelled'
       where s.id = '${p.cancelledMeetSessionId}'`,
    ],
  },
  {
    check: 'session_one_live_payment',
    name: 'a second live attempt beside the open one',
    sql: (p) => [
      `drop index payments_one_live_per_session`,
      `insert into payments (meet_session_id, attempt, provider, amount_cents)
       select meet_session_id, attempt + 1, provider, amount_cents from payments where id = '${p.openPaymentId}'`,
    ],
  },
  {
    check: 'cancelled_session_payment_refunded',
    name: 'a cancelled session’s payment never refunded',
    sql: (p) => [`update payments set status = 'succeeded' where id = '${p.refundedPaymentId}'`],
  },
  {
    check: 'payment_status_event',
    name: 'a lost payment.succeeded',
    sql: (p) => [`delete from events where kind = 'payment.succeeded' and data->>'paymentId' = '${p.succeededPaymentId}'`],
  },
  {
    check: 'payment_status_event',
    name: 'a lost payment.created',
    sql: (p) => [`delete from events where kind = 'payment.created' and data->>'paymentId' = '${p.openPaymentId}'`],
  },
  {
    check: 'notification_references_exist',
    name: 'a notification’s offre is gone (foreign keys skipped)',
    sql: (p) => [
      `set local session_replication_role = replica`,
      `delete from offres where id = (select offre_id from notifications where id = '${p.notificationId}')`,
    ],
  },
];
