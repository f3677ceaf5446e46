import { useId } from 'react';
import { loadMessages } from '../i18n/locales.ts';
import { LOCALES, type Locale } from '../i18n/messages.ts';
import { useI18n } from '../i18n/useI18n.ts';

/** Another language is fetched as the pointer or the focus reaches the switch, so choosing it is instant. */
const prefetchLanguages = () => LOCALES.forEach((locale) => void loadMessages(locale).catch(() => {}));

export function LanguageSwitch() {
  const { t, locale, setLocale } = useI18n();
  const id = useId();
  return (
    <div className="language-switch" onPointerEnter={prefetchLanguages} onFocus={prefetchLanguages}>
      <label htmlFor={id}>{t('nav.language')}</label>
      <select id={id} value={locale} onChange={(event) => setLocale(event.target.value as Locale)}>
        {LOCALES.map((option) => (
          <option key={option} value={option} lang={option}>
            {t(`languages.${option}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
