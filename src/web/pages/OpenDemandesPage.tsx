import { DemandeSummary } from '../components/DemandeSummary.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { useDemandeList } from '../hooks/useDemandes.ts';
import { useMe } from '../hooks/useMe.ts';
import { usePageTitle } from '../hooks/usePageTitle.ts';
import { useI18n } from '../i18n/useI18n.ts';

export function OpenDemandesPage() {
  const { t } = useI18n();
  usePageTitle(t('openDemandes.title'));
  const me = useMe().data;
  const demandes = useDemandeList('open');
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{t('openDemandes.title')}</h1>
      <p className="lead">{t('openDemandes.intro')}</p>
      <QueryView query={demandes} isEmpty={(list) => list.length === 0} empty={t('openDemandes.empty')}>
        {(list) => (
          <ul className="stack">
            {list.map((demande) => (
              <li key={demande.id}>
                <DemandeSummary demande={demande} isMine={demande.creator.id === me?.id} />
              </li>
            ))}
          </ul>
        )}
      </QueryView>
    </section>
  );
}
