import { useI18n } from '../i18n/useI18n.ts';
import type { LocalMedia } from './useLocalMedia.ts';
import { VideoView } from './VideoView.tsx';

/** Camera and microphone preview, device choice, and a guide when they are refused or absent. */
export function Lobby({ media, onJoin, joining }: { media: LocalMedia; onJoin(): void; joining: boolean }) {
  const { t } = useI18n();
  const { access, stream, devices, choice } = media;
  const hasVideo = (stream?.getVideoTracks().length ?? 0) > 0;
  const guide = { asking: t('meet.asking'), denied: t('meet.denied'), 'no-device': t('meet.noDevice'), failed: t('meet.failed'), granted: null }[access];

  const deviceSelect = (kind: 'audioinput' | 'videoinput', label: string, selected: string | undefined, pick: (id: string | undefined) => void) => {
    const options = devices.filter((d) => d.kind === kind);
    if (options.length === 0) return null;
    return (
      <label className="field">
        <span>{label}</span>
        <select value={selected ?? ''} onChange={(event) => pick(event.target.value || undefined)}>
          <option value="">{t('meet.defaultDevice')}</option>
          {options.map((device, index) => (
            <option key={device.deviceId} value={device.deviceId}>
              {device.label || `${label} ${index + 1}`}
            </option>
          ))}
        </select>
      </label>
    );
  };

  return (
    <section className="card meet-lobby" aria-labelledby="lobby-title">
      <h2 id="lobby-title">{t('meet.lobbyTitle')}</h2>
      <div className="meet-lobby-body">
        {hasVideo ? <VideoView stream={stream} muted label={t('meet.preview')} className="meet-preview" /> : <div className="meet-preview meet-no-video" aria-hidden="true" />}
        <div className="stack">
          {guide && (
            <p className={`notice ${access === 'asking' ? '' : 'notice-warning'}`} role={access === 'asking' ? 'status' : 'alert'}>
              {guide}
            </p>
          )}
          {access === 'granted' && !hasVideo && <p className="notice">{t('meet.audioOnly')}</p>}
          {deviceSelect('videoinput', t('meet.camera'), choice.videoId, (videoId) => media.choose({ ...choice, videoId }))}
          {deviceSelect('audioinput', t('meet.microphone'), choice.audioId, (audioId) => media.choose({ ...choice, audioId }))}
          <div className="actions">
            {(access === 'denied' || access === 'failed') && (
              <button type="button" className="button secondary" onClick={media.retry}>
                {t('meet.retryMedia')}
              </button>
            )}
            <button type="button" className="button primary" disabled={access === 'asking' || joining} onClick={onJoin}>
              {joining ? t('meet.joining') : t('meet.join')}
            </button>
          </div>
        </div>
      </div>
    </section>
  );
}
