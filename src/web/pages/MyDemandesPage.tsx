import { CreateDemandeForm } from '../components/CreateDemandeForm.tsx';
import { DemandeSummary } from '../components/DemandeSummary.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { ReceivedOffresModal } from '../components/ReceivedOffresModal.tsx';
import { useDemandeList } from '../hooks/useDemandes.ts';
import { useOverlayParams } from '../hooks/useOverlayParams.ts';
import { usePageTitle } from '../hooks/usePageTitle.ts';
import { useI18n } from '../i18n/useI18n.ts';

export function MyDemandesPage() {
  const { t } = useI18n();
  usePageTitle(t('myDemandes.title'));
  const demandes = useDemandeList('mine');
  const { receivedOffresOf, showReceivedOffres, closeOverlay } = useOverlayParams();
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{t('myDemandes.title')}</h1>
      <div className="two-columns">
        <CreateDemandeForm />
        <section aria-labelledby="my-demandes-list">
          <h2 id="my-demandes-list">{t('myDemandes.listTitle')}</h2>
          <QueryView query={demandes} isEmpty={(list) => list.length === 0} empty={t('myDemandes.empty')}>
            {(list) => (
              <ul className="stack">
                {list.map((demande) => (
                  <li key={demande.id}>
                    <DemandeSummary demande={demande} isMine>
                      <button
                        type="button"
                        className="button secondary"
                        aria-label={t('myDemandes.seeReceivedFor', { title: demande.title })}
                        onClick={() => showReceivedOffres(demande.id)}
                      >
                        {t('myDemandes.seeReceived')}
                      </button>
                    </DemandeSummary>
                  </li>
                ))}
              </ul>
            )}
          </QueryView>
        </section>
      </div>
      {receivedOffresOf && <ReceivedOffresModal demandeId={receivedOffresOf} onClose={closeOverlay} />}
    </section>
  );
}
