import { createContext, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en } from './en.ts';
import { fr } from './fr.ts';
import { DEFAULT_LOCALE, LOCALES, translate, type Locale, type MessageKey, type Messages, type Params } from './messages.ts';

const MESSAGES: Record<Locale, Messages> = { fr, en };
const STORAGE_KEY = 'accord.locale';
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

const isLocale = (value: unknown): value is Locale => LOCALES.includes(value as Locale);

function storedLocale(): Locale {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return isLocale(stored) ? stored : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(storedLocale);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private browsing may refuse storage: the choice then lasts for this visit only.
    }
  }, []);

  const value = useMemo<I18n>(() => {
    const messages = MESSAGES[locale];
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
  }, [locale, setLocale]);

  return <I18nContext value={value}>{children}</I18nContext>;
}
