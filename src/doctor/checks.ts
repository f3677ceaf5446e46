/**
 * The invariants `npm run doctor` checks over the whole database. Each check is one SQL query that
 * returns the rows breaking it (nothing when all is well), with the ids a person needs to look
 * into them. Add a domain's checks (payments, meet) by appending to CHECKS.
 */
export interface Check {
  /** Stable, snake_case: printed in reports and used by `--json` consumers. */
  id: string;
  /** What must hold, in one sentence. */
  description: string;
  /** A symptom people saw in the old system that a violation of this check would cause. */
  symptom?: string;
  /** Selects the violating rows; an empty result means the invariant holds. */
  sql: string;
}

const TWO_CALLS = 'two people in two different calls (the seed’s /meet/jx77… and /meet/jy71…)';

/** Final offre statuses, each written together with an `offre.<status>` event. */
const DECIDED_OFFRE_STATUSES = `('accepted', 'rejected', 'withdrawn', 'expired')`;

export const CHECKS: Check[] = [
  {
    id: 'demande_one_accepted_offre',
    description: 'I1: a demande has at most one accepted offre.',
    symptom: TWO_CALLS,
    sql: `select demande_id, count(*)::int as accepted_offres, array_agg(id::text order by id) as offre_ids
          from offres where status = 'accepted' group by demande_id having count(*) > 1`,
  },
  {
    id: 'offre_one_session',
    description: 'I2: an offre has at most one meet session.',
    symptom: TWO_CALLS,
    sql: `select offre_id, count(*)::int as sessions, array_agg(id::text order by id) as meet_session_ids
          from meet_sessions group by offre_id having count(*) > 1`,
  },
  {
    id: 'demande_one_session',
    description: 'I2: a demande has at most one meet session.',
    symptom: TWO_CALLS,
    sql: `select demande_id, count(*)::int as sessions, array_agg(id::text order by id) as meet_session_ids
          from meet_sessions group by demande_id having count(*) > 1`,
  },
  {
    id: 'session_has_accepted_offre',
    description: 'I2: every meet session belongs to an offre of the same demande, accepted (rejected once the demandeur cancelled the session).',
    sql: `select s.id as meet_session_id, s.status as session_status, s.offre_id, s.demande_id, o.status as offre_status, o.demande_id as offre_demande_id
          from meet_sessions s left join offres o on o.id = s.offre_id
          where o.id is null or o.demande_id <> s.demande_id
             or o.status <> case when s.status = 'cancelled' then 'rejected' else 'accepted' end`,
  },
  {
    id: 'accepted_offre_has_session',
    description: 'I2: every accepted offre has its meet session.',
    symptom: 'an accepted offre with no call to join',
    sql: `select o.id as offre_id, o.demande_id from offres o
          where o.status = 'accepted' and not exists (select 1 from meet_sessions s where s.offre_id = o.id)`,
  },
  {
    id: 'demande_status_matches_offres',
    description: 'A demande is accepted exactly when one of its offres is accepted.',
    sql: `select d.id as demande_id, d.status as demande_status,
                  exists (select 1 from offres o where o.demande_id = d.id and o.status = 'accepted') as has_accepted_offre
          from demandes d
          where (d.status = 'accepted') <> exists (select 1 from offres o where o.demande_id = d.id and o.status = 'accepted')`,
  },
  {
    id: 'no_pending_offre_on_closed_demande',
    description: 'A demande that is accepted or cancelled has no pending offre left.',
    sql: `select o.id as offre_id, o.demande_id, d.status as demande_status
          from offres o join demandes d on d.id = o.demande_id
          where o.status = 'pending' and d.status <> 'open'`,
  },
  {
    id: 'offre_accepted_before_expiry',
    description: 'An offre was accepted before it expired.',
    symptom: 'a deal closed on a price the prestataire no longer stood by',
    sql: `select id as offre_id, expires_at, decided_at from offres where status = 'accepted' and decided_at > expires_at`,
  },
  {
    id: 'call_id_derived_from_offre',
    description: 'I2: a session’s callId is `call_` + its offre’s uuid without dashes (src/meet/call-id.ts).',
    symptom: TWO_CALLS,
    sql: `select id as meet_session_id, offre_id, call_id, 'call_' || replace(offre_id::text, '-', '') as expected_call_id
          from meet_sessions where call_id <> 'call_' || replace(offre_id::text, '-', '')`,
  },
  {
    id: 'session_participants',
    description: 'I3: a session’s participants are the demande’s creator and the offre’s author.',
    symptom: 'a third person in the call, or one of the two unable to join',
    sql: `select s.id as meet_session_id, s.demandeur_id, d.creator_id as expected_demandeur_id,
                  s.prestataire_id, o.prestataire_id as expected_prestataire_id
          from meet_sessions s
          left join demandes d on d.id = s.demande_id
          left join offres o on o.id = s.offre_id
          where d.id is null or o.id is null or s.demandeur_id <> d.creator_id or s.prestataire_id <> o.prestataire_id`,
  },
  {
    id: 'demande_created_event',
    description: 'I5: every demande has its `demande.created` event.',
    sql: `select d.id as demande_id from demandes d
          where not exists (select 1 from events e where e.kind = 'demande.created' and e.demande_id = d.id)`,
  },
  {
    id: 'demande_cancelled_event',
    description: 'I5: every cancelled demande has its `demande.cancelled` event.',
    sql: `select d.id as demande_id from demandes d
          where d.status = 'cancelled'
            and not exists (select 1 from events e where e.kind = 'demande.cancelled' and e.demande_id = d.id)`,
  },
  {
    id: 'offre_proposed_event',
    description: 'I5: every offre has its `offre.proposed` event.',
    sql: `select o.id as offre_id, o.demande_id from offres o
          where not exists (select 1 from events e where e.kind = 'offre.proposed' and e.offre_id = o.id)`,
  },
  {
    id: 'offre_decision_event',
    description: 'I5: every decided offre has the event of its status (`offre.accepted`, `offre.rejected`, `offre.withdrawn`, `offre.expired`).',
    sql: `select o.id as offre_id, o.demande_id, o.status from offres o
          where o.status in ${DECIDED_OFFRE_STATUSES}
            and not exists (select 1 from events e where e.kind = 'offre.' || o.status and e.offre_id = o.id)`,
  },
  {
    id: 'session_created_event',
    description: 'I5: every meet session has its `meet_session.created` event.',
    sql: `select s.id as meet_session_id, s.offre_id from meet_sessions s
          where not exists (select 1 from events e where e.kind = 'meet_session.created' and e.meet_session_id = s.id)`,
  },
  {
    id: 'session_ready_iff_paid',
    description: 'I4: a session is open (`ready` or `in_call`) exactly when its payment succeeded; a refunded payment belongs to a cancelled session.',
    symptom: 'a call that opens without payment, or a paid call that stays locked',
    sql: `select s.id as meet_session_id, s.status as session_status, array_agg(p.status order by p.attempt) filter (where p.id is not null) as payment_statuses
          from meet_sessions s left join payments p on p.meet_session_id = s.id
          group by s.id, s.status
          having s.status <> 'cancelled'
             and ((s.status in ('ready', 'in_call')) <> coalesce(bool_or(p.status = 'succeeded'), false) or coalesce(bool_or(p.status = 'refunded'), false))`,
  },
  {
    id: 'session_in_call_iff_joined',
    description: 'A session is `in_call` exactly when one of its participants entered its call, with the `meet_session.in_call` event of that move.',
    symptom: 'a meeting cancelled (and refunded) after the two had met, or one that can no longer be cancelled though nobody came',
    sql: `select s.id as meet_session_id, s.status as session_status from meet_sessions s
          where (s.status = 'in_call') <> exists (select 1 from events e where e.kind = 'call.joined' and e.meet_session_id = s.id)
             or (s.status = 'in_call' and not exists (select 1 from events e where e.kind = 'meet_session.in_call' and e.meet_session_id = s.id))`,
  },
  {
    id: 'no_cancellation_after_call_joined',
    description: 'No session is cancelled, nor its payment refunded, after a participant joined its call (joining and cancelling take the session’s lock).',
    symptom: 'a meeting cancelled (and refunded) after the two had met',
    sql: `select s.id as meet_session_id, s.status as session_status, j.joined_at, c.cancelled_at, r.refunded_at
          from meet_sessions s
          join lateral (select min(e.created_at) as joined_at from events e where e.meet_session_id = s.id and e.kind = 'call.joined') j on true
          left join lateral (select min(e.created_at) as cancelled_at from events e where e.meet_session_id = s.id and e.kind = 'meet_session.cancelled') c on true
          left join lateral (select min(e.created_at) as refunded_at from events e where e.meet_session_id = s.id and e.kind = 'payment.refunded') r on true
          where j.joined_at < c.cancelled_at or j.joined_at < r.refunded_at`,
  },
  {
    id: 'session_one_live_payment',
    description: 'I4: a session has at most one live payment attempt (not `failed` nor `canceled`).',
    symptom: 'the demandeur charged twice for one call',
    sql: `select meet_session_id, count(*)::int as live_payments, array_agg(id::text order by attempt) as payment_ids
          from payments where status not in ('failed', 'canceled') group by meet_session_id having count(*) > 1`,
  },
  {
    id: 'cancelled_session_payment_refunded',
    description: 'A cancelled session’s payment is not left `succeeded`: it is refunded (a failed refund shows here until cancelling again retries it).',
    symptom: 'the demandeur paid for a call that will never happen',
    sql: `select p.id as payment_id, p.meet_session_id from payments p join meet_sessions s on s.id = p.meet_session_id
          where s.status = 'cancelled' and p.status = 'succeeded'`,
  },
  {
    id: 'payment_status_event',
    description: 'I5: every payment has its `payment.created` event, and the `payment.<status>` event of its current status.',
    sql: `select p.id as payment_id, p.meet_session_id, p.status from payments p
          where not exists (select 1 from events e where e.kind = 'payment.created' and e.data->>'paymentId' = p.id::text)
             or (p.status <> 'requires_payment'
                 and not exists (select 1 from events e where e.kind = 'payment.' || p.status and e.data->>'paymentId' = p.id::text))`,
  },
  {
    id: 'notification_references_exist',
    description: 'A notification names a person, and a demande, offre or meet session, that exist.',
    symptom: 'a notification leading to a page that answers “not found”',
    sql: `select n.id as notification_id, n.user_id, n.demande_id, n.offre_id, n.meet_session_id from notifications n
          where not exists (select 1 from users u where u.id = n.user_id)
             or (n.demande_id is not null and not exists (select 1 from demandes d where d.id = n.demande_id))
             or (n.offre_id is not null and not exists (select 1 from offres o where o.id = n.offre_id))
             or (n.meet_session_id is not null and not exists (select 1 from meet_sessions s where s.id = n.meet_session_id))`,
  },
];
