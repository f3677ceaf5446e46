import { errorText } from '../i18n/error-text.ts';
import { useI18n } from '../i18n/useI18n.ts';

/** A failure as a sentence in the UI's language, with a way to try again when that can help. */
export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const i18n = useI18n();
  return (
    <div className="alert alert-error" role="alert">
      <p>{errorText(i18n, error)}</p>
      {onRetry && (
        <button type="button" className="button secondary small" onClick={onRetry}>
          {i18n.t('app.retry')}
        </button>
      )}
    </div>
  );
}
