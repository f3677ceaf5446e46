import { useState } from 'react';
import type { MeetSessionDto } from '../../shared/schemas.ts';
import { canCancelSession } from '../api/payment.ts';
import { useMe } from '../hooks/useMe.ts';
import { useCancelMeetSession } from '../hooks/useMeetSession.ts';
import { useI18n } from '../i18n/useI18n.ts';
import { ErrorMessage } from './ErrorMessage.tsx';
import { Modal } from './Modal.tsx';

/**
 * The demandeur's way out before the call, paid or not, after a confirmation. Once the call has
 * started the server refuses (CALL_ALREADY_STARTED), and the refusal is shown as a sentence.
 */
export function CancelSession({ session }: { session: MeetSessionDto }) {
  const { t } = useI18n();
  const me = useMe().data;
  const cancel = useCancelMeetSession(session.id);
  const [confirming, setConfirming] = useState(false);
  if (session.participants.demandeur.id !== me?.id || !canCancelSession(session)) return null;

  return (
    <>
      <div className="actions">
        <button type="button" className="button secondary" onClick={() => setConfirming(true)}>
          {t('session.cancel')}
        </button>
      </div>
      {cancel.error && !confirming && <ErrorMessage error={cancel.error} />}
      {confirming && (
        <Modal title={t('session.cancelTitle')} onClose={() => setConfirming(false)}>
          <p>{t('session.cancelBody', { name: session.participants.prestataire.displayName })}</p>
          {cancel.error && <ErrorMessage error={cancel.error} />}
          <div className="actions">
            <button
              type="button"
              className="button danger"
              disabled={cancel.isPending}
              onClick={() => cancel.mutate(undefined, { onSuccess: () => setConfirming(false) })}
            >
              {cancel.isPending ? t('session.cancelling') : t('session.cancelConfirm')}
            </button>
            <button type="button" className="button secondary" onClick={() => setConfirming(false)}>
              {t('session.cancelKeep')}
            </button>
          </div>
        </Modal>
      )}
    </>
  );
}
