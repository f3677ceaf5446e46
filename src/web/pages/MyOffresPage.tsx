import { Link } from 'react-router';
import { MyOffreCard } from '../components/MyOffreCard.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { useMyOffres } from '../hooks/useOffres.ts';
import { usePageTitle } from '../hooks/usePageTitle.ts';
import { useI18n } from '../i18n/useI18n.ts';

/** The user's offres, each titled by its demande: the list's one request brings the titles too. */
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
                <MyOffreCard
                  offre={offre}
                  title={<Link to={`/demandes/${offre.demande.id}`}>{t('offre.onDemande', { title: offre.demande.title })}</Link>}
                />
              </li>
            ))}
          </ul>
        )}
      </QueryView>
    </section>
  );
}
