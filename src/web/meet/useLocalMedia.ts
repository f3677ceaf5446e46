import { useCallback, useEffect, useRef, useState } from 'react';

export type MediaAccess = 'asking' | 'granted' | 'denied' | 'no-device' | 'failed';

export interface DeviceChoice {
  audioId: string | undefined;
  videoId: string | undefined;
}

export interface LocalMedia {
  access: MediaAccess;
  /** The preview, then the call's own tracks; null when joining without any device. */
  stream: MediaStream | null;
  devices: MediaDeviceInfo[];
  choice: DeviceChoice;
  choose(choice: DeviceChoice): void;
  retry(): void;
}

const constraint = (id: string | undefined): MediaTrackConstraints | boolean => (id ? { deviceId: { exact: id } } : true);

const MISSING_DEVICE = ['NotFoundError', 'OverconstrainedError'];

/**
 * Opens the camera and microphone, falling back to whichever of the two is available (one may be
 * missing, or allowed without the other), and tells a refused permission from missing hardware,
 * so the lobby can guide the person.
 */
async function openMedia(choice: DeviceChoice): Promise<{ stream: MediaStream | null; access: MediaAccess }> {
  const attempts: MediaStreamConstraints[] = [
    { audio: constraint(choice.audioId), video: constraint(choice.videoId) },
    { audio: constraint(choice.audioId) },
    { video: constraint(choice.videoId) },
  ];
  let access: MediaAccess = 'no-device';
  for (const attempt of attempts) {
    try {
      return { stream: await navigator.mediaDevices.getUserMedia(attempt), access: 'granted' };
    } catch (error) {
      const name = (error as DOMException).name;
      if (name === 'NotAllowedError' || name === 'SecurityError') access = 'denied';
      else if (access !== 'denied' && !MISSING_DEVICE.includes(name)) access = 'failed';
    }
  }
  return { stream: null, access };
}

export function useLocalMedia(initial: DeviceChoice, active: boolean): LocalMedia {
  const [access, setAccess] = useState<MediaAccess>('asking');
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [choice, setChoice] = useState<DeviceChoice>(initial);
  const [attempt, setAttempt] = useState(0);
  const current = useRef<MediaStream | null>(null);

  useEffect(() => {
    if (!active) return;
    let cancelled = false;
    setAccess('asking');
    void openMedia(choice).then(async (opened) => {
      if (cancelled) return opened.stream?.getTracks().forEach((t) => t.stop());
      current.current = opened.stream;
      setStream(opened.stream);
      setAccess(opened.access);
      // Labels are only readable once a permission is granted.
      const listed = await navigator.mediaDevices.enumerateDevices().catch(() => []);
      if (!cancelled) setDevices(listed.filter((d) => d.deviceId && (d.kind === 'audioinput' || d.kind === 'videoinput')));
    });
    return () => {
      cancelled = true;
      current.current?.getTracks().forEach((t) => t.stop());
      current.current = null;
      setStream(null);
    };
  }, [choice, attempt, active]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { access, stream, devices, choice, choose: setChoice, retry };
}
