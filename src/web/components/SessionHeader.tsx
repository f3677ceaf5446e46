import type { MeetSessionDto } from '../../shared/schemas.ts';
import { useMe } from '../hooks/useMe.ts';
import { usePageTitle } from '../hooks/usePageTitle.ts';
import { useI18n } from '../i18n/useI18n.ts';
import { StatusBadge } from './StatusBadge.tsx';
import { SESSION_TONES } from './status-tones.ts';

/** The title of a session's screens: who the user meets, the session's state, who is who. */
export function SessionHeader({ session, titleKey }: { session: MeetSessionDto; titleKey: 'session.title' | 'meet.title' }) {
  const { t, formatDate } = useI18n();
  const me = useMe().data;
  const { demandeur, prestataire } = session.participants;
  const other = me?.id === demandeur.id ? prestataire : demandeur;
  const title = t(titleKey, { name: other.displayName });
  usePageTitle(title);
  return (
    <header className="page-header">
      <div>
        <h1 id="page-title">{title}</h1>
        <p className="meta">
          {t('session.demandeur', { name: demandeur.displayName })} · {t('session.prestataire', { name: prestataire.displayName })} ·{' '}
          {t('session.createdOn', { date: formatDate(session.createdAt) })}
        </p>
      </div>
      <StatusBadge tone={SESSION_TONES[session.status]}>{t(`session.status.${session.status}`)}</StatusBadge>
    </header>
  );
}
