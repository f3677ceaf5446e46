import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { MeetSessionDto } from '../../shared/schemas.ts';
import { isSessionPaid } from '../api/payment.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { SessionScreen } from '../components/SessionScreen.tsx';
import { useMe } from '../hooks/useMe.ts';
import { useI18n } from '../i18n/useI18n.ts';
import { CallClient } from './call-client.ts';
import { callApi } from './call-api.ts';
import { CallEnded } from './CallEnded.tsx';
import { CallScreen } from './CallScreen.tsx';
import { Lobby } from './Lobby.tsx';
import { useLocalMedia, type DeviceChoice } from './useLocalMedia.ts';
import './meet.css';

/** `/meet/<meetSessionId>`: loaded on demand (React.lazy), so the marketplace screens stay light. */
export default function MeetPage() {
  const { t } = useI18n();
  return (
    <SessionScreen className="meet-page" titleKey="meet.title">
      {(session) =>
        isSessionPaid(session) ? (
          <Meeting session={session} />
        ) : (
          <>
            <p className="notice">{t('meet.locked')}</p>
            <Link className="text-link" to={`/sessions/${session.id}`}>
              {t('meet.toSession')}
            </Link>
          </>
        )
      }
    </SessionScreen>
  );
}

type Stage = 'lobby' | 'call' | 'ended';

/**
 * Remembered for this tab only: a reload during the call goes straight back in, with the same
 * devices, instead of stopping at the lobby.
 */
const inCallMemory = {
  key: (id: string) => `accord.meet.${id}`,
  read(id: string): DeviceChoice | null {
    const stored = sessionStorage.getItem(this.key(id));
    return stored ? (JSON.parse(stored) as DeviceChoice) : null;
  },
  write(id: string, choice: DeviceChoice | null) {
    if (choice) sessionStorage.setItem(this.key(id), JSON.stringify(choice));
    else sessionStorage.removeItem(this.key(id));
  },
};

function Meeting({ session }: { session: MeetSessionDto }) {
  const me = useMe().data;
  const { demandeur, prestataire } = session.participants;
  const otherName = (me?.id === demandeur.id ? prestataire : demandeur).displayName.split(' ')[0]!;
  const remembered = inCallMemory.read(session.id);
  const [stage, setStage] = useState<Stage>(remembered ? 'call' : 'lobby');
  const media = useLocalMedia(remembered ?? { audioId: undefined, videoId: undefined }, stage !== 'ended');
  const [client, setClient] = useState<CallClient | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const mediaSettled = media.access !== 'asking';

  useEffect(() => {
    if (stage !== 'call' || !mediaSettled) return;
    let created: CallClient | undefined;
    let cancelled = false;
    inCallMemory.write(session.id, media.choice);
    callApi.ice(session.id).then(
      (ice) => {
        if (cancelled) return;
        created = new CallClient({ meetSessionId: session.id, ice, localStream: media.stream });
        setClient(created);
      },
      (error: unknown) => !cancelled && setFailure(error),
    );
    return () => {
      cancelled = true;
      created?.dispose();
      setClient(null);
    };
  }, [stage, mediaSettled, media.stream, media.choice, session.id]);

  const leave = () => {
    client?.leave();
    inCallMemory.write(session.id, null);
    setStage('ended');
  };

  const retry = () => {
    setFailure(null);
    setStage('lobby');
  };

  if (failure) return <ErrorMessage error={failure} onRetry={retry} />;
  if (stage === 'ended') return <CallEnded meetSessionId={session.id} otherName={otherName} onRejoin={() => setStage('lobby')} />;
  if (stage === 'lobby' || !client) return <Lobby media={media} joining={stage === 'call'} onJoin={() => setStage('call')} />;
  return <CallScreen client={client} localStream={media.stream} otherName={otherName} onLeave={leave} />;
}
