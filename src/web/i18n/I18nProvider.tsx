import { createContext, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { loadMessages, storeLocale, type Language } from './locales.ts';
import { translate, type Locale, type MessageKey, type Messages, type Params } from './messages.ts';

/** Regional formats: `12,50 €` and `25 nov. 2026` in French, `€12.50` and `Nov 25, 2026` in English. */
const INTL_LOCALE: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };

export interface I18n {
  locale: Locale;
  messages: Messages;
  setLocale(locale: Locale): void;
  t(key: MessageKey, params?: Params): string;
  formatPrice(cents: number): string;
  formatDate(iso: string): string;
  formatDateTime(iso: string): string;
}

export const I18nContext = createContext<I18n | undefined>(undefined);

/** `initial` is loaded before the first render (`initialLanguage()`, main.tsx). */
export function I18nProvider({ initial, children }: { initial: Language; children: ReactNode }) {
  const [{ locale, messages }, setLanguage] = useState(initial);
  const lastChoice = useRef(initial.locale);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  // The switch happens once the messages are here: no screen shows one language's words under the other's name.
  const setLocale = useCallback((next: Locale) => {
    lastChoice.current = next;
    loadMessages(next).then(
      (loaded) => {
        if (lastChoice.current !== next) return; // a later choice won the race
        setLanguage({ locale: next, messages: loaded });
        storeLocale(next);
      },
      () => {
        // Not fetched (offline?): the app stays in the language it shows, and the switch says which.
      },
    );
  }, []);

  const value = useMemo<I18n>(() => {
    const intlLocale = INTL_LOCALE[locale];
    const price = new Intl.NumberFormat(intlLocale, { style: 'currency', currency: 'EUR' });
    const date = new Intl.DateTimeFormat(intlLocale, { dateStyle: 'medium' });
    const dateTime = new Intl.DateTimeFormat(intlLocale, { dateStyle: 'medium', timeStyle: 'short' });
    return {
      locale,
      messages,
      setLocale,
      t: (key, params) => translate(messages, key, params),
      formatPrice: (cents) => price.format(cents / 100),
      formatDate: (iso) => date.format(new Date(iso)),
      formatDateTime: (iso) => dateTime.format(new Date(iso)),
    };
  }, [locale, messages, setLocale]);

  return <I18nContext value={value}>{children}</I18nContext>;
}
