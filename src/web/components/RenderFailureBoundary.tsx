import { Component, type ReactNode } from 'react';
import { useI18n } from '../i18n/useI18n.ts';

interface Props {
  children: ReactNode;
  /** A new value (the next screen's path) clears the failure; without it, only unmounting does. */
  resetKey?: string;
}

/**
 * What a screen or panel threw while rendering — in practice a chunk of its own that could not be
 * fetched (offline, or a new release replaced it) — shown as a sentence with a reload, instead of
 * an empty page: the header and its navigation stay usable.
 */
export class RenderFailureBoundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override componentDidUpdate(previous: Props) {
    if (this.state.failed && previous.resetKey !== this.props.resetKey) this.setState({ failed: false });
  }

  override render() {
    return this.state.failed ? <RenderFailure /> : this.props.children;
  }
}

function RenderFailure() {
  const { t } = useI18n();
  return (
    <div className="alert alert-error" role="alert">
      <p>{t('app.renderFailed')}</p>
      <button type="button" className="button secondary small" onClick={() => window.location.reload()}>
        {t('app.reload')}
      </button>
    </div>
  );
}
