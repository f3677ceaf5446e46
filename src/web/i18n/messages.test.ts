import { describe, expect, test } from 'vitest';
import { errorCodes } from '../../shared/error-codes.ts';
import { en } from './en.ts';
import { fr } from './fr.ts';
import { translate, type Messages } from './messages.ts';

const LANGUAGES: [string, Messages][] = [
  ['fr', fr],
  ['en', en],
];

function leafKeys(node: object, prefix = ''): string[] {
  return Object.entries(node).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : leafKeys(value as object, `${prefix}${key}.`),
  );
}

describe('translations', () => {
  test('English has exactly the keys of French, and no empty text', () => {
    expect(leafKeys(en).sort()).toEqual(leafKeys(fr).sort());
    for (const [, messages] of LANGUAGES) for (const key of leafKeys(messages)) expect(translate(messages, key).trim(), key).not.toBe('');
  });

  test('every error code the server can answer with reads as a sentence in each language', () => {
    for (const [language, messages] of LANGUAGES) {
      const missing = errorCodes.filter((code) => !(code in messages.errors));
      expect(missing, `${language} lacks`).toEqual([]);
    }
  });

  test('placeholders are filled, and a missing parameter stays visible rather than vanishing', () => {
    expect(translate(fr, 'offre.from', { name: 'Léa' })).toBe('Offre de Léa');
    expect(translate(en, 'offre.from', {})).toBe('Offre from {name}');
    expect(translate(fr, 'no.such.key')).toBe('no.such.key');
  });
});
