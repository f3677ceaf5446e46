import { useEffect, useState, useSyncExternalStore } from 'react';
import type { MessageKey } from '../i18n/messages.ts';
import { useI18n } from '../i18n/useI18n.ts';
import type { CallClient } from './call-client.ts';
import { CallTimer } from './CallTimer.tsx';
import { VideoView } from './VideoView.tsx';

interface CallScreenProps {
  client: CallClient;
  localStream: MediaStream | null;
  otherName: string;
  onLeave(): void;
}

/** The call: the other person large, me small, the controls, and what is going on in words. */
export function CallScreen({ client, localStream, otherName, onLeave }: CallScreenProps) {
  const { t } = useI18n();
  const call = useSyncExternalStore(client.subscribe, client.getSnapshot);
  const [micOn, setMicOn] = useState(true);
  const [cameraOn, setCameraOn] = useState(true);
  const hasAudio = (localStream?.getAudioTracks().length ?? 0) > 0;
  const hasVideo = (localStream?.getVideoTracks().length ?? 0) > 0;

  useEffect(() => localStream?.getAudioTracks().forEach((track) => (track.enabled = micOn)), [localStream, micOn]);
  useEffect(() => localStream?.getVideoTracks().forEach((track) => (track.enabled = cameraOn)), [localStream, cameraOn]);

  if (call.phase === 'refused' || call.phase === 'replaced') {
    const message = call.phase === 'replaced' ? t('meet.replaced') : t(`meet.refused.${call.refusal ?? 'MEET_SESSION_NOT_FOUND'}` as MessageKey);
    return (
      <p className="notice notice-warning" role="alert">
        {message}
      </p>
    );
  }

  const connected = call.connection === 'connected';
  const remoteMain = call.remoteScreen ?? call.remoteCamera;
  const reconnecting = call.signalingLost || call.restartingIce || call.connection === 'disconnected' || call.connection === 'failed';
  let status: string | null = null;
  if (call.phase === 'joining') status = t('meet.joining');
  else if (!call.remote) status = t('meet.waitingFor', { name: otherName });
  else if (!call.remote.present) status = t('meet.peerAway', { name: otherName });

  return (
    <section className="meet-call" aria-label={t('meet.title', { name: otherName })}>
      <div className="meet-call-bar">
        {call.callId && <p className="meta meet-call-id">{t('meet.callId', { callId: call.callId })}</p>}
        {call.connectedSince !== null && <CallTimer since={call.connectedSince} />}
      </div>
      {reconnecting && (
        <p className="notice notice-warning meet-banner" role="alert">
          {t('meet.reconnecting')}
        </p>
      )}
      <div className="meet-stage" data-connection={call.connection}>
        {remoteMain && connected ? (
          <VideoView stream={remoteMain} label={t(call.remoteScreen ? 'meet.remoteScreen' : 'meet.remoteVideo', { name: otherName })} className="meet-remote" />
        ) : (
          <div className="meet-remote meet-no-video" />
        )}
        {/* Its sound plays even when only a screen is shown large. */}
        {call.remoteScreen && call.remoteCamera && connected && <VideoView stream={call.remoteCamera} label={t('meet.remoteVideo', { name: otherName })} className="meet-remote-camera" />}
        {status && (
          <p className="meet-status" role="status">
            {status}
          </p>
        )}
        {hasVideo && <VideoView stream={localStream} muted label={t('meet.myVideo')} className="meet-self" />}
      </div>
      <div className="meet-controls" role="toolbar" aria-label={t('meet.controls')}>
        <button type="button" className="button secondary" aria-pressed={!micOn} disabled={!hasAudio} onClick={() => setMicOn((on) => !on)}>
          {micOn ? t('meet.mute') : t('meet.unmute')}
        </button>
        <button type="button" className="button secondary" aria-pressed={!cameraOn} disabled={!hasVideo} onClick={() => setCameraOn((on) => !on)}>
          {cameraOn ? t('meet.cameraOff') : t('meet.cameraOn')}
        </button>
        {'getDisplayMedia' in navigator.mediaDevices && (
          <button
            type="button"
            className="button secondary"
            aria-pressed={call.sharingScreen}
            onClick={() => (call.sharingScreen ? client.stopSharingScreen() : void client.shareScreen().catch(() => undefined))}
          >
            {call.sharingScreen ? t('meet.stopSharing') : t('meet.shareScreen')}
          </button>
        )}
        <button type="button" className="button danger" onClick={onLeave}>
          {t('meet.leave')}
        </button>
      </div>
    </section>
  );
}
