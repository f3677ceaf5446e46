import { fr } from './fr.ts';
import { DEFAULT_LOCALE, LOCALES, type Locale, type Messages } from './messages.ts';

const STORAGE_KEY = 'accord.locale';

/**
 * French, the default, comes with the initial download; English is a chunk of its own, fetched
 * when someone picks it (or, on their next visits, before the first render, so they never see
 * French first).
 */
const LOADERS: Record<Locale, () => Promise<Messages>> = {
  fr: () => Promise.resolve(fr),
  en: () => import('./en.ts').then((module) => module.en),
};
const loading = new Map<Locale, Promise<Messages>>();

/** A language's messages, fetched once; a failed fetch (offline, a new release) is tried again next time. */
export function loadMessages(locale: Locale): Promise<Messages> {
  let messages = loading.get(locale);
  if (!messages) {
    messages = LOADERS[locale]();
    messages.catch(() => loading.delete(locale));
    loading.set(locale, messages);
  }
  return messages;
}

const isLocale = (value: unknown): value is Locale => LOCALES.includes(value as Locale);

function storedLocale(): Locale {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return isLocale(stored) ? stored : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

export function storeLocale(locale: Locale): void {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Private browsing may refuse storage: the choice then lasts for this visit only.
  }
}

export interface Language {
  locale: Locale;
  messages: Messages;
}

/** The language the app starts in: the one last chosen, or French when its messages cannot be fetched. */
export async function initialLanguage(): Promise<Language> {
  const locale = storedLocale();
  try {
    return { locale, messages: await loadMessages(locale) };
  } catch {
    return { locale: DEFAULT_LOCALE, messages: fr };
  }
}
