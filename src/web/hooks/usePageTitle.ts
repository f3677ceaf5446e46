import { useEffect } from 'react';
import { useI18n } from '../i18n/useI18n.ts';

/** Names the browser tab after the screen, so assistive technologies announce where the user is. */
export function usePageTitle(title: string | undefined): void {
  const { t } = useI18n();
  const appName = t('app.name');
  useEffect(() => {
    document.title = title ? `${title} · ${appName}` : appName;
  }, [title, appName]);
}
