// Dates as people type them: in the order of display.locale, and in words (chrono). vitest pins TZ=Europe/Berlin.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays, dayMonthOrder, isLocalDate, momentOf, needsWordReader, parseDueDate, parseInstant, readDate, weekdayOf,
  type DateInput,
} from '../../../src/core/dates.js';
import { InputError } from '../../../src/core/errors.js';
import { readWords } from '../../../src/core/natural.js';

const NOW = momentOf(Date.parse('2026-11-23T09:00:00Z')); // Monday 23 November 2026, 10:00 in Berlin
const iso = (at: number) => new Date(at).toISOString();
const typed = (locale: string | null): DateInput => ({ locale: () => locale, words: readWords });
const NO_LOCALE = typed(null);

describe('a date in the order of display.locale', () => {
  it.each([
    ['nl-NL', '31-12-2026'],
    ['nl-NL', '31/12/2026'],
    ['nl-NL', '31.12.2026'],
    ['de-DE', '31.12.2026'],
    ['de-DE', '1.2.2026', '2026-02-01'],
    ['en-GB', '31/12/2026'],
    ['fr-FR', '31/12/2026'],
    ['en-US', '12/31/2026'],
    ['en-US', '2/1/2026', '2026-02-01'],
    [null, '31/12/2026'],
    [null, '25.11.2026', '2026-11-25'],
    [null, '04/04/2026', '2026-04-04'],
    [null, '2026/12/31'],
  ])('under %s reads %j', (locale, text, date = '2026-12-31') => {
    expect(readDate(text, NOW, '--since', typed(locale))).toBe(date);
  });

  it('takes 03/04/2026 in the locale\'s order: 3 April under nl-NL, 4 March under en-US', () => {
    expect(readDate('03/04/2026', NOW, '--since', typed('nl-NL'))).toBe('2026-04-03');
    expect(readDate('03-04-2026', NOW, '--since', typed('de-DE'))).toBe('2026-04-03');
    expect(readDate('03/04/2026', NOW, '--since', typed('en-US'))).toBe('2026-03-04');
  });

  it('with no locale set, refuses a date whose day and month could swap, naming both readings', () => {
    expect(() => readDate('03/04/2026', NOW, '--since', NO_LOCALE)).toThrow(
      '--since "03/04/2026" could be 3 April 2026 or 4 March 2026: write 2026-04-03 or 2026-03-04, or set the order you write dates in (crm config set display.locale nl-NL, en-US...)',
    );
  });

  it('refuses a date that fits only the other order than the locale\'s, saying how to write it', () => {
    expect(() => readDate('31/12/2026', NOW, '--due', typed('en-US'))).toThrow(
      '--due "31/12/2026" is not in the order of display.locale en-US (12/31/2026): for 31 December 2026, write 2026-12-31',
    );
    expect(() => readDate('12/31/2026', NOW, '--due', typed('nl-NL'))).toThrow(/not in the order of display.locale nl-NL \(31-12-2026\)/);
  });

  it.each([
    ['31/02/2026', /no such day in the calendar/],
    ['31/12/26', /write the year in full \(31\/12\/2026\)/],
    ['2026/31/12', /no such day/],
    ['1/2/3', /write the year in full/],
    ['31.12.0999', /out of range/],
  ])('refuses %j in one line', (text, message) => {
    expect(() => readDate(text, NOW, '--on', typed('nl-NL'))).toThrow(InputError);
    expect(() => readDate(text, NOW, '--on', typed('nl-NL'))).toThrow(message);
  });

  it('reads a time after the date as local wall-clock time', () => {
    expect(iso(parseInstant('22-11-2026 14:00', NOW, 'noon', '--at', typed('nl-NL')))).toBe('2026-11-22T13:00:00.000Z');
    expect(iso(parseInstant('11/22/2026 9:05', NOW, 'noon', '--at', typed('en-US')))).toBe('2026-11-22T08:05:00.000Z');
    expect(() => parseInstant('22-11-2026 24:00', NOW, 'noon', '--at', typed('nl-NL'))).toThrow(/not a real time/);
  });

  it('knows each locale\'s order from the platform', () => {
    expect(dayMonthOrder('nl-NL')).toBe('day-first');
    expect(dayMonthOrder('de-DE')).toBe('day-first');
    expect(dayMonthOrder('en-GB')).toBe('day-first');
    expect(dayMonthOrder('fr-FR')).toBe('day-first');
    expect(dayMonthOrder('en-US')).toBe('month-first');
    expect(dayMonthOrder('ja-JP')).toBeUndefined(); // year first
  });

  it('asks for the locale only for a date of numbers whose order matters', () => {
    let asked = 0;
    const counting: DateInput = { locale: () => (asked++, 'nl-NL') };
    readDate('2026-12-31', NOW, 'x', counting);
    readDate('yesterday', NOW, 'x', counting);
    readDate('04/04/2026', NOW, 'x', counting);
    expect(asked).toBe(0);
    readDate('03/04/2026', NOW, 'x', counting);
    expect(asked).toBe(1);
  });
});

describe('a date in words (chrono)', () => {
  it.each([
    ['yesterday 14:00', 'noon', '2026-11-22T13:00:00.000Z'],
    ['yesterday at 2pm', 'noon', '2026-11-22T13:00:00.000Z'],
    ['last friday', 'noon', '2026-11-20T11:00:00.000Z'],
    ['friday', 'noon', '2026-11-20T11:00:00.000Z'], // an event: the last one
    ['3 days ago', 'noon', '2026-11-20T11:00:00.000Z'],
    ['2 hours ago', 'noon', '2026-11-23T07:00:00.000Z'],
    ['14:00', 'noon', '2026-11-23T13:00:00.000Z'],
    ['25 nov 2026', 'end', '2026-11-25T22:59:59.999Z'],
    ['  Yesterday   14:00 ', 'noon', '2026-11-22T13:00:00.000Z'],
  ] as const)('reads %j', (text, placement, at) => {
    expect(iso(parseInstant(text, NOW, placement, '--at', NO_LOCALE))).toBe(at);
  });

  it('points a bare weekday to the coming one for a date ahead, and keeps "last" and "next" as said', () => {
    expect(parseDueDate('friday', NOW, '--follow-up', NO_LOCALE)).toBe('2026-11-27');
    expect(parseDueDate('monday', NOW, '--follow-up', NO_LOCALE)).toBe('2026-11-23');
    expect(parseDueDate('next friday', NOW, '--follow-up', NO_LOCALE)).toBe('2026-12-04');
    expect(parseDueDate('this friday', NOW, '--follow-up', NO_LOCALE)).toBe('2026-11-27');
    expect(parseDueDate('in 3 days', NOW, '--follow-up', NO_LOCALE)).toBe('2026-11-26');
    expect(parseDueDate('3d', NOW, '--follow-up', NO_LOCALE)).toBe('2026-11-26');
    expect(readDate('last friday', NOW, '--since', NO_LOCALE, 'future')).toBe('2026-11-20');
    expect(weekdayOf('2026-12-04')).toBe('Fri');
  });

  it.each(['friday blah', 'blah friday', 'soon', 'next friday or monday', 'from monday to friday'])('refuses %j: not one date', (text) => {
    expect(() => parseInstant(text, NOW, 'noon', '--at', NO_LOCALE)).toThrow(/^--at ".*" is not a date or time: use YYYY-MM-DD/);
  });

  it('keeps words within 1900..9999', () => {
    expect(() => readDate('in 9000 years', NOW, '--since', NO_LOCALE)).toThrow(/out of range/);
  });

  it('needs the parser of words only for words', () => {
    for (const text of ['2026-12-31', '2026-12-31T10:00Z', '31-12-2026', '31.12.2026 14:00', 'today', 'Yesterday', 'now', '3d', '2 weeks', '']) {
      expect(needsWordReader(text), text).toBe(false);
    }
    for (const text of ['next friday', 'yesterday 14:00', '14:00', 'in 3 days', 'dec 31']) expect(needsWordReader(text), text).toBe(true);
  });

  it('without the parser of words (a file, not a person), words stay refused', () => {
    expect(() => parseInstant('next friday', NOW, 'noon', 'at')).toThrow(/is not a date or time: use YYYY-MM-DD, "YYYY-MM-DD HH:MM" or an ISO instant/);
    expect(() => parseInstant('31-12-2026', NOW, 'noon', 'at')).toThrow(InputError);
  });
});

// Dates from 1900-01-01 to 9999-12-31, as day numbers.
const anyDate = fc.integer({ min: -25_567, max: 2_932_896 }).map((day) => addDays('1970-01-01', day));
const LOCALES = ['nl-NL', 'de-DE', 'en-GB', 'en-US'] as const;

describe('properties', () => {
  it('a date written as nl-NL, de-DE, en-GB or en-US write it reads back as itself under that locale', () => {
    fc.assert(
      fc.property(anyDate, fc.constantFrom(...LOCALES), fc.constantFrom('numeric', '2-digit'), (date, locale, width) => {
        const [y, m, d] = date.split('-').map(Number) as [number, number, number];
        const local = new Date(2000, m - 1, d);
        local.setFullYear(y);
        const written = new Intl.DateTimeFormat(locale, { year: 'numeric', month: width, day: width }).format(local);
        expect(readDate(written, NOW, 'x', typed(locale))).toBe(date);
      }),
      { numRuns: 400 },
    );
  });

  it('every date it accepts round-trips through its ISO form, under any locale or none', () => {
    const part = fc.oneof(fc.integer({ min: 0, max: 40 }).map(String), fc.integer({ min: 0, max: 12 }).map((n) => String(n).padStart(2, '0')));
    const year = fc.oneof(fc.integer({ min: 1890, max: 10_010 }).map(String), fc.integer({ min: 0, max: 99 }).map(String));
    const text = fc.oneof(
      fc.tuple(part, fc.constantFrom('/', '-', '.'), part, year).map(([a, sep, b, y]) => `${a}${sep}${b}${sep}${y}`),
      fc.tuple(year, fc.constantFrom('/', '-', '.'), part, part).map(([y, sep, a, b]) => `${y}${sep}${a}${sep}${b}`),
      fc.constantFrom('yesterday', 'today', 'tomorrow', 'last friday', 'friday', 'next monday', '3 days ago', 'in 2 weeks', 'dec 31', '1 jan 2030'),
    );
    fc.assert(
      fc.property(text, fc.constantFrom(null, ...LOCALES), fc.constantFrom('past', 'future'), (typedText, locale, toward) => {
        let date: string;
        try {
          date = readDate(typedText, NOW, 'x', typed(locale), toward);
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          return;
        }
        expect(isLocalDate(date)).toBe(true);
        expect(readDate(date, NOW, 'x', typed(locale), toward)).toBe(date);
        expect(iso(parseInstant(date, NOW, 'start', 'x', typed(locale))).length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});
