import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT } from '../../server/web-build.ts';
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

function serverSources(dir = join(REPO_ROOT, 'src')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'web' ? [] : serverSources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Every error code the API can answer with, read from the server's code as it is written. */
function serverErrorCodes(): string[] {
  const codes = new Set(['INTERNAL_ERROR', 'ROUTE_NOT_FOUND', 'BAD_REQUEST', 'FORBIDDEN', 'UNAUTHENTICATED']);
  const patterns: [RegExp, (match: string) => string][] = [
    [/new AppError\(\s*'([A-Z_]+)'/g, (code) => code],
    [/conflict\(\s*'([A-Z_]+)'/g, (code) => code],
    [/notFound\(\s*'(\w+)'/g, (what) => `${what.toUpperCase()}_NOT_FOUND`],
    [/parseId\([^,()]+,\s*'(\w+)'/g, (what) => `${what.toUpperCase()}_NOT_FOUND`],
    [/FST_ERR_\w+: '([A-Z_]+)'/g, (code) => code],
  ];
  for (const file of serverSources()) {
    const source = readFileSync(file, 'utf8');
    for (const [pattern, toCode] of patterns) for (const match of source.matchAll(pattern)) codes.add(toCode(match[1]!));
  }
  return [...codes].sort();
}

describe('translations', () => {
  test('English has exactly the keys of French, and no empty text', () => {
    expect(leafKeys(en).sort()).toEqual(leafKeys(fr).sort());
    for (const [, messages] of LANGUAGES) for (const key of leafKeys(messages)) expect(translate(messages, key).trim(), key).not.toBe('');
  });

  test('every error code the server can answer with reads as a sentence in each language', () => {
    const codes = serverErrorCodes();
    expect(codes).toContain('DEMANDE_ALREADY_HAS_ACCEPTED_OFFRE');
    expect(codes).toContain('MEET_SESSION_NOT_FOUND');
    for (const [language, messages] of LANGUAGES) {
      const missing = codes.filter((code) => !(code in messages.errors));
      expect(missing, `${language} lacks`).toEqual([]);
    }
  });

  test('placeholders are filled, and a missing parameter stays visible rather than vanishing', () => {
    expect(translate(fr, 'offre.from', { name: 'Léa' })).toBe('Offre de Léa');
    expect(translate(en, 'offre.from', {})).toBe('Offre from {name}');
    expect(translate(fr, 'no.such.key')).toBe('no.such.key');
  });
});
