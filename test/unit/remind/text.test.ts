import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY_MS, addDays, dayNumber, daysBetween } from '../../../src/core/dates.js';
import { formatMoney } from '../../../src/core/money.js';
import { clientArg, money, quoted, shellWord } from '../../../src/core/remind/text.js';
import type { Scope } from '../../../src/core/remind/types.js';
import { settings } from './builders.js';

describe('calendar arithmetic', () => {
  it('dayNumber agrees with the Date-based count of days and daysBetween inverts addDays', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    fc.assert(
      fc.property(fc.integer({ min: -40_000, max: 60_000 }), fc.integer({ min: -3000, max: 3000 }), (offset, span) => {
        const a = addDays('1970-01-01', offset);
        const [y, m, d] = a.split('-').map(Number) as [number, number, number];
        expect(dayNumber(a)).toBe(Math.round(Date.UTC(y, m - 1, d) / DAY_MS));
        expect(daysBetween(a, addDays(a, span))).toBe(span);
      }),
    );
  });
});

describe('wording', () => {
  it('money matches formatMoney exactly', () => {
    const scope = (locale: string) => ({ settings: settings({ 'display.locale': locale }) }) as Scope;
    for (const [minor, currency, locale] of [[150050, 'EUR', 'en-US'], [5, 'EUR', 'de-DE'], [1234567, 'JPY', 'en-US'], [1, 'KWD', 'en-US']] as const) {
      expect(money(minor, currency, scope(locale))).toBe(formatMoney(minor, currency, locale));
    }
  });

  it('shell words and client arguments', () => {
    expect(shellWord('INV-7')).toBe('INV-7');
    expect(shellWord('scope creep')).toBe("'scope creep'");
    expect(shellWord("it's")).toBe(`'it'\\''s'`);
    expect(shellWord('-x')).toBe("'-x'");
    expect(clientArg({ id: 3, name: 'Müller' })).toBe('Müller');
    expect(clientArg({ id: 3, name: '2024' })).toBe('3');
    expect(clientArg({ id: 3, name: '-dash' })).toBe('3');
    // Short: the id rather than a name that would need quoting.
    expect(clientArg({ id: 5, name: "Jane O'Brien Photography" })).toBe('5');
    expect(clientArg({ id: 6, name: 'Acme GmbH' })).toBe('6');
  });

  it('quoted text is one line and short', () => {
    expect(quoted('a\n  b')).toBe('"a b"');
    expect(quoted('x'.repeat(70), 10)).toBe(`"${'x'.repeat(9)}…"`);
  });
});
