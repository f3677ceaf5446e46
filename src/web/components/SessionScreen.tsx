import type { ReactNode } from 'react';
import { useParams } from 'react-router';
import type { MeetSessionDto } from '../../shared/schemas.ts';
import { useMeetSession } from '../hooks/useMeetSession.ts';
import { QueryView } from './QueryView.tsx';
import { SessionHeader } from './SessionHeader.tsx';

interface SessionScreenProps {
  className: string;
  titleKey: 'session.title' | 'meet.title';
  children(session: MeetSessionDto): ReactNode;
}

/** A screen about the meet session named by the route's `:sessionId`, under its header. */
export function SessionScreen({ className, titleKey, children }: SessionScreenProps) {
  const { sessionId = '' } = useParams();
  const session = useMeetSession(sessionId);
  return (
    <QueryView query={session}>
      {(loaded) => (
        <article className={className} aria-labelledby="page-title">
          <SessionHeader session={loaded} titleKey={titleKey} />
          {children(loaded)}
        </article>
      )}
    </QueryView>
  );
}
