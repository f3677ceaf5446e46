import { useEffect, useRef } from 'react';

/** A `<video>` showing a MediaStream (React has no prop for `srcObject`). */
export function VideoView({ stream, muted = false, label, className }: { stream: MediaStream | null; muted?: boolean; label: string; className?: string }) {
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (video.current && video.current.srcObject !== stream) video.current.srcObject = stream;
  }, [stream]);
  return <video ref={video} className={className} autoPlay playsInline muted={muted} aria-label={label} />;
}
