import type { EventDto, MeetSessionDto } from '../../shared/schemas.ts';
import { useTimeline } from '../hooks/useMeetSession.ts';
import { hasMessage, type MessageKey } from '../i18n/messages.ts';
import { useI18n } from '../i18n/useI18n.ts';
import { QueryView } from './QueryView.tsx';

/** The session's history, oldest first, each event as a sentence; kinds added later read generically. */
export function Timeline({ session }: { session: MeetSessionDto }) {
  const { t, messages, formatDateTime } = useI18n();
  const events = useTimeline(session.id);
  const { demandeur, prestataire } = session.participants;

  const actorName = (actorId: string | null) =>
    [demandeur, prestataire].find((person) => person.id === actorId)?.displayName ?? t('timeline.system');

  const sentence = (event: EventDto) => {
    const key = `timeline.${event.kind.replaceAll('.', '_')}`;
    const actor = actorName(event.actorId);
    return hasMessage(messages, key) ? t(key as MessageKey, { actor }) : t('timeline.other', { actor, kind: event.kind });
  };

  return (
    <QueryView query={events} isEmpty={(list) => list.length === 0} empty={t('session.timelineEmpty')}>
      {(list) => (
        <ol className="timeline">
          {list.map((event) => (
            <li key={event.id}>
              <time dateTime={event.createdAt}>{formatDateTime(event.createdAt)}</time>
              <span>{sentence(event)}</span>
            </li>
          ))}
        </ol>
      )}
    </QueryView>
  );
}
