-- The meet session's lifecycle gains `in_call`: its first participant entered the call, and from
-- then on it can no longer be cancelled (this was read from the events until now).
alter table meet_sessions drop constraint meet_sessions_status_check;
alter table meet_sessions add constraint meet_sessions_status_check
  check (status in ('awaiting_payment', 'ready', 'in_call', 'cancelled'));

-- Sessions whose call someone already entered move to `in_call`, with the event of that move (I5),
-- dated and attributed as the first entry.
with first_entry as (
  select distinct on (e.meet_session_id) e.meet_session_id, e.actor_id, e.created_at
  from events e join meet_sessions s on s.id = e.meet_session_id
  where e.kind = 'call.joined' and s.status = 'ready'
  order by e.meet_session_id, e.id
), moved as (
  update meet_sessions s set status = 'in_call' from first_entry f where s.id = f.meet_session_id
  returning s.id, s.demande_id, s.offre_id, s.call_id
)
insert into events (kind, actor_id, demande_id, offre_id, meet_session_id, data, created_at)
select 'meet_session.in_call', f.actor_id, m.demande_id, m.offre_id, m.id, jsonb_build_object('callId', m.call_id), f.created_at
from moved m join first_entry f on f.meet_session_id = m.id;
