import { useDemande } from '../hooks/useDemandes.ts';
import { useI18n } from '../i18n/useI18n.ts';
import { Modal } from './Modal.tsx';
import { ReceivedOffres } from './ReceivedOffres.tsx';

/** The received-offres modal: the very component of the demande's page, in a dialog. */
export function ReceivedOffresModal({ demandeId, onClose }: { demandeId: string; onClose(): void }) {
  const { t } = useI18n();
  const title = useDemande(demandeId).data?.title;
  return (
    <Modal title={title ? t('receivedOffres.modalTitle', { title }) : t('demandePage.receivedTitle')} onClose={onClose}>
      <ReceivedOffres demandeId={demandeId} />
    </Modal>
  );
}
