import { Link, useParams } from 'react-router';
import type { DemandeDto } from '../../shared/schemas.ts';
import { DemandeFacts } from '../components/DemandeSummary.tsx';
import { MyOffreCard } from '../components/MyOffreCard.tsx';
import { ProposeOffreForm } from '../components/ProposeOffreForm.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { ReceivedOffres } from '../components/ReceivedOffres.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { DEMANDE_TONES } from '../components/status-tones.ts';
import { useDemande } from '../hooks/useDemandes.ts';
import { useMe } from '../hooks/useMe.ts';
import { useDemandeOffres } from '../hooks/useOffres.ts';
import { usePageTitle } from '../hooks/usePageTitle.ts';
import { useI18n } from '../i18n/useI18n.ts';

/** A demande and its offres: all of them, to accept one, for its creator; one's own, or a form to offer, for anyone else. */
export function DemandePage() {
  const { demandeId = '' } = useParams();
  const { t } = useI18n();
  const me = useMe().data;
  const demande = useDemande(demandeId);
  usePageTitle(demande.data?.title);

  return (
    <QueryView query={demande}>
      {(loaded) => {
        const isMine = loaded.creator.id === me?.id;
        return (
          <article className="demande-page" aria-labelledby="page-title">
            <Link className="text-link" to={isMine ? '/my/demandes' : '/demandes'}>
              ← {isMine ? t('nav.myDemandes') : t('nav.openDemandes')}
            </Link>
            <header className="page-header">
              <h1 id="page-title">{loaded.title}</h1>
              <StatusBadge tone={DEMANDE_TONES[loaded.status]}>{t(`demande.status.${loaded.status}`)}</StatusBadge>
            </header>
            <DemandeFacts demande={loaded} isMine={isMine} />
            <p className="description">{loaded.description}</p>
            {isMine ? (
              <section aria-labelledby="received-title">
                <h2 id="received-title">{t('demandePage.receivedTitle')}</h2>
                <ReceivedOffres demandeId={loaded.id} />
              </section>
            ) : (
              <PrestataireSide demande={loaded} />
            )}
          </article>
        );
      }}
    </QueryView>
  );
}

function PrestataireSide({ demande }: { demande: DemandeDto }) {
  const { t } = useI18n();
  const mine = useDemandeOffres(demande.id);
  return (
    <QueryView query={mine}>
      {(offres) => {
        const hasLiveOffre = offres.some((offre) => offre.status === 'pending' || offre.status === 'accepted');
        return (
          <>
            {offres.length > 0 && (
              <section aria-labelledby="your-offre-title">
                <h2 id="your-offre-title">{t('demandePage.yourOffres')}</h2>
                <ul className="stack">
                  {offres.map((offre) => (
                    <li key={offre.id}>
                      <MyOffreCard offre={offre} title={t('offre.from', { name: offre.prestataire.displayName })} />
                    </li>
                  ))}
                </ul>
              </section>
            )}
            {demande.status === 'open' && !hasLiveOffre && <ProposeOffreForm demandeId={demande.id} />}
            {demande.status !== 'open' && !hasLiveOffre && <p className="notice">{t('demandePage.closed')}</p>}
          </>
        );
      }}
    </QueryView>
  );
}
