import type { fr } from './fr.ts';

/** The shape every language file has: French's, key for key. */
export type Messages = typeof fr;

/** `'a.b.c'` for every string leaf of the messages. */
type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

export type MessageKey = Leaves<Messages>;
export type Params = Record<string, string | number>;

export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'fr';

/** Looks a dotted key up and fills its `{name}` placeholders. */
export function translate(messages: Messages, key: string, params: Params = {}): string {
  let node: unknown = messages;
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  if (typeof node !== 'string') return key;
  return node.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Whether `key` names a message (server error codes are looked up this way). */
export function hasMessage(messages: Messages, key: string): boolean {
  return translate(messages, key) !== key;
}
