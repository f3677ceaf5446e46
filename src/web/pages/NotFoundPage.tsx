import { Link } from 'react-router';
import { usePageTitle } from '../hooks/usePageTitle.ts';
import { useI18n } from '../i18n/useI18n.ts';

export function NotFoundPage() {
  const { t } = useI18n();
  usePageTitle(t('app.notFoundTitle'));
  return (
    <section className="card narrow" aria-labelledby="page-title">
      <h1 id="page-title">{t('app.notFoundTitle')}</h1>
      <p>{t('app.notFoundBody')}</p>
      <Link className="button primary" to="/demandes">
        {t('app.goHome')}
      </Link>
    </section>
  );
}
