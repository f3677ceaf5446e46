import { Link } from 'react-router';
import type { PaymentReturn } from '../api/payment.ts';
import { useI18n } from '../i18n/useI18n.ts';
import { Modal } from './Modal.tsx';
import { PaymentStatus } from './PaymentStatus.tsx';

/** The payment step that follows an acceptance, whichever screen accepted; once paid it opens the call. */
interface PaymentStatusModalProps {
  meetSessionId: string;
  /** Set when the checkout just sent the payer back (`?payment=…`). */
  returned?: PaymentReturn;
  onClose(): void;
}

export function PaymentStatusModal({ meetSessionId, returned, onClose }: PaymentStatusModalProps) {
  const { t } = useI18n();
  return (
    <Modal title={t('payment.modalTitle')} onClose={onClose}>
      <PaymentStatus meetSessionId={meetSessionId} goToCallWhenPaid returned={returned} />
      <p className="modal-footer">
        <Link className="text-link" to={`/sessions/${meetSessionId}`}>
          {t('payment.followSession')}
        </Link>
      </p>
    </Modal>
  );
}
