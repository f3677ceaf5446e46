import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/useI18n.ts';

const twoDigits = (n: number) => String(n).padStart(2, '0');

export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(seconds / 3600);
  const rest = `${twoDigits(Math.floor((seconds % 3600) / 60))}:${twoDigits(seconds % 60)}`;
  return hours > 0 ? `${hours}:${rest}` : rest;
}

/** Time since the two were first connected, ticking each second. */
export function CallTimer({ since }: { since: number }) {
  const { t } = useI18n();
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  const time = formatElapsed(now - since);
  return (
    <p className="meet-timer">
      <span className="visually-hidden">{t('meet.elapsed', { time })}</span>
      <time aria-hidden="true">{time}</time>
    </p>
  );
}
