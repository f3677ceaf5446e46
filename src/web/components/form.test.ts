import { describe, expect, test } from 'vitest';
import { eurosToCents } from './form.ts';

describe('eurosToCents', () => {
  test.each([
    ['12', 1200],
    ['12,5', 1250],
    ['12,50', 1250],
    ['12.50', 1250],
    [' 1 250,00 € ', 125000],
    ['1\u202f250,99', 125099],
    ['0,01', 1],
  ])('%j is %i cents', (text, cents) => {
    expect(eurosToCents(text)).toBe(cents);
  });

  test('an empty field is no amount', () => {
    expect(eurosToCents('  ')).toBeNull();
  });

  test.each(['abc', '12,345', '-5', '1,2,3', '12..5', '€'])('%j is not an amount', (text) => {
    expect(eurosToCents(text)).toBe(text === '€' ? null : 'invalid');
  });
});
