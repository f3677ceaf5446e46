import { Link } from 'react-router';
import { useI18n } from '../i18n/useI18n.ts';
import { Modal } from './Modal.tsx';
import { PaymentStatus } from './PaymentStatus.tsx';

/** The payment step that follows an acceptance, whichever screen accepted; once paid it opens the call. */
export function PaymentStatusModal({ meetSessionId, onClose }: { meetSessionId: string; onClose(): void }) {
  const { t } = useI18n();
  return (
    <Modal title={t('payment.modalTitle')} onClose={onClose}>
      <PaymentStatus meetSessionId={meetSessionId} goToCallWhenPaid />
      <p className="modal-footer">
        <Link className="text-link" to={`/sessions/${meetSessionId}`}>
          {t('payment.followSession')}
        </Link>
      </p>
    </Modal>
  );
}
