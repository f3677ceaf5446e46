import { Link } from 'react-router';
import { MyOffreCard } from '../components/MyOffreCard.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { useDemande } from '../hooks/useDemandes.ts';
import { useMyOffres } from '../hooks/useOffres.ts';
import { usePageTitle } from '../hooks/usePageTitle.ts';
import { useI18n } from '../i18n/useI18n.ts';

export function MyOffresPage() {
  const { t } = useI18n();
  usePageTitle(t('myOffres.title'));
  const offres = useMyOffres();
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{t('myOffres.title')}</h1>
      <QueryView query={offres} isEmpty={(list) => list.length === 0} empty={t('myOffres.empty')}>
        {(list) => (
          <ul className="stack">
            {list.map((offre) => (
              <li key={offre.id}>
                <MyOffreCard offre={offre} title={<DemandeTitle demandeId={offre.demandeId} />} />
              </li>
            ))}
          </ul>
        )}
      </QueryView>
    </section>
  );
}

/** The offre's demande, by title once known (the demande is cached for its page). */
function DemandeTitle({ demandeId }: { demandeId: string }) {
  const { t } = useI18n();
  const title = useDemande(demandeId).data?.title;
  return <Link to={`/demandes/${demandeId}`}>{title ? t('offre.onDemande', { title }) : t('app.loading')}</Link>;
}
