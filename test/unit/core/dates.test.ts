// vitest.config.ts pins TZ=Europe/Berlin: CET is UTC+1, CEST (from 2026-03-29 to 2026-10-25) UTC+2.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DAY_MS, addDays, addMonths, daysBetween, formatLocalTime, instantAfter, isLocalDate, isoInstant, localDateOf, localInstant, momentOf,
  parseClock, parseDueDate, parseDurationHours, parseInstant, parseLocalDate,
} from '../../../src/core/dates.js';
import { InputError } from '../../../src/core/errors.js';

const NOW = momentOf(Date.parse('2026-11-23T09:00:00Z')); // 10:00 in Berlin
const iso = (at: number) => new Date(at).toISOString();

describe('the test clock', () => {
  it('runs in Europe/Berlin', () => {
    expect(process.env.TZ).toBe('Europe/Berlin');
    expect(NOW.today).toBe('2026-11-23');
  });
});

describe('localDateOf', () => {
  it('is the Berlin calendar date, not the UTC one', () => {
    expect(localDateOf(Date.parse('2026-11-23T23:30:00Z'))).toBe('2026-11-24');
    expect(localDateOf(Date.parse('2026-06-30T21:59:00Z'))).toBe('2026-06-30');
    expect(localDateOf(Date.parse('2026-06-30T22:00:00Z'))).toBe('2026-07-01');
  });
});

describe('isLocalDate and parseLocalDate', () => {
  it.each(['2026-02-28', '2024-02-29', '1900-01-01', '2026-12-31'])('accepts %s', (text) => {
    expect(isLocalDate(text)).toBe(true);
    expect(parseLocalDate(` ${text} `)).toBe(text);
  });

  it.each(['2026-02-29', '2026-13-01', '2026-04-31', '2026-1-5', '26-01-05', '1899-12-31', '2026/01/05', 'today', ''])(
    'refuses %j',
    (text) => {
      expect(isLocalDate(text)).toBe(false);
      expect(() => parseLocalDate(text, '--since')).toThrow(/--since .* is not a date/);
    },
  );
});

describe('parseInstant', () => {
  it('reads ISO instants in UTC and with offsets', () => {
    expect(iso(parseInstant('2026-03-15T09:30:00Z', NOW, 'noon'))).toBe('2026-03-15T09:30:00.000Z');
    expect(iso(parseInstant('2026-03-15t09:30:00z', NOW, 'noon'))).toBe('2026-03-15T09:30:00.000Z');
    expect(iso(parseInstant('2026-03-15T09:30:00+01:00', NOW, 'noon'))).toBe('2026-03-15T08:30:00.000Z');
    expect(iso(parseInstant('2026-03-15T09:30-0530', NOW, 'noon'))).toBe('2026-03-15T15:00:00.000Z');
    expect(iso(parseInstant('2026-03-15T09:30:15.250Z', NOW, 'noon'))).toBe('2026-03-15T09:30:15.250Z');
  });

  it('reads a time without an offset as Berlin wall-clock time, in winter and in summer', () => {
    expect(iso(parseInstant('2026-01-15 09:30', NOW, 'noon'))).toBe('2026-01-15T08:30:00.000Z');
    expect(iso(parseInstant('2026-07-15T09:30', NOW, 'noon'))).toBe('2026-07-15T07:30:00.000Z');
  });

  it('places a bare date at the start, noon or end of the local day', () => {
    expect(iso(parseInstant('2026-07-15', NOW, 'start'))).toBe('2026-07-14T22:00:00.000Z');
    expect(iso(parseInstant('2026-07-15', NOW, 'noon'))).toBe('2026-07-15T10:00:00.000Z');
    expect(iso(parseInstant('2026-07-15', NOW, 'end'))).toBe('2026-07-15T21:59:59.999Z');
    expect(iso(parseInstant('2026-01-15', NOW, 'end'))).toBe('2026-01-15T22:59:59.999Z');
  });

  it('reads now, today, yesterday and tomorrow against the given moment', () => {
    expect(parseInstant('now', NOW, 'noon')).toBe(NOW.at);
    expect(iso(parseInstant('yesterday', NOW, 'noon'))).toBe('2026-11-22T11:00:00.000Z');
    expect(iso(parseInstant('Tomorrow', NOW, 'start'))).toBe('2026-11-23T23:00:00.000Z');
    expect(iso(parseInstant('today', NOW, 'end'))).toBe('2026-11-23T22:59:59.999Z');
  });

  it('never puts "today" at a noon that has not come yet', () => {
    // At 10:00 local, "today" for logging is now, not 12:00.
    expect(parseInstant('today', NOW, 'noon')).toBe(NOW.at);
    expect(parseInstant('2026-11-23', NOW, 'noon')).toBe(NOW.at);
    const afternoon = momentOf(Date.parse('2026-11-23T15:00:00Z'));
    expect(iso(parseInstant('today', afternoon, 'noon'))).toBe('2026-11-23T11:00:00.000Z');
  });

  it.each(['2026-03-15T24:00', '2026-03-15T09:60', '2026-02-30T09:00', '2026-03-15T09:30+25:00', 'next week', '15.03.2026', ''])(
    'refuses %j naming the flag',
    (text) => {
      expect(() => parseInstant(text, NOW, 'noon', '--at')).toThrow(InputError);
      expect(() => parseInstant(text, NOW, 'noon', '--at')).toThrow(/^--at /);
    },
  );
});

describe('parseClock (CRM_NOW) and the range of every instant', () => {
  it('reads an ISO instant, or a local date and time', () => {
    expect(iso(parseClock('2026-11-23T09:00:00Z'))).toBe('2026-11-23T09:00:00.000Z');
    expect(iso(parseClock('2026-11-23T10:00:00+01:00'))).toBe('2026-11-23T09:00:00.000Z');
    expect(iso(parseClock('2024-02-29T12:00'))).toBe('2024-02-29T11:00:00.000Z');
    expect(iso(parseClock('1900-01-01T12:00:00Z'))).toBe('1900-01-01T12:00:00.000Z');
    expect(iso(parseClock('9999-12-31T12:00:00Z'))).toBe('9999-12-31T12:00:00.000Z');
  });

  it.each([
    ['+275760-09-12T00:00:00Z', /is not an ISO instant/],
    ['2026-02-30T00:00:00Z', /2026-02-30 is not in the calendar/],
    ['1900-02-29T00:00:00Z', /1900-02-29 is not in the calendar/],
    ['2026-03-15T24:00:00Z', /not a real time/],
    ['2026-03-15T09:00:00+15:00', /not a real time/],
    ['0099-01-01T00:00:00Z', /out of range: crm handles dates from 1900-01-01 to 9999-12-31/],
    ['1899-12-31T23:00:00Z', /out of range/],
    // A real instant whose local date (Berlin) is 10000-01-01.
    ['9999-12-31T23:30:00Z', /out of range/],
    ['2026-03-15', /is not an ISO instant/],
    ['March 15, 2026 09:00', /is not an ISO instant/],
    ['', /is not an ISO instant/],
  ])('refuses CRM_NOW=%j in one line', (text, message) => {
    expect(() => parseClock(text)).toThrow(InputError);
    expect(() => parseClock(text)).toThrow(message);
    expect(() => parseClock(text)).toThrow(new RegExp(`^CRM_NOW "${text.replace(/[+.]/g, '\\$&')}"`));
  });

  it('keeps --at and every parsed time within 1900-01-01..9999-12-31, "tomorrow" included', () => {
    const lastDay = momentOf(Date.parse('9999-12-31T09:00:00Z'));
    expect(() => parseInstant('tomorrow', lastDay, 'noon', '--at')).toThrow(/--at "tomorrow" is out of range/);
    expect(() => parseInstant('9999-12-31T23:30:00-01:00', NOW, 'end', '--at')).toThrow(/out of range/);
    expect(() => parseInstant('+275760-09-12T00:00:00Z', NOW, 'end', '--at')).toThrow(/--at .* is not a date or time/);
    expect(localDateOf(parseInstant('9999-12-31', NOW, 'end'))).toBe('9999-12-31');
  });
});

describe('parseDurationHours', () => {
  it.each([
    ['30', 'd', 720],
    ['30', 'h', 30],
    ['12h', 'd', 12],
    ['3d', 'h', 72],
    ['1.5d', 'h', 36],
    ['2w', 'd', 336],
    ['2 weeks', 'd', 336],
    ['1mo', 'd', 720],
    ['1 month', 'd', 720],
    ['1y', 'd', 8760],
    ['4 HOURS', 'd', 4],
  ] as const)('reads %j (default unit %s) as %d hours', (text, unit, hours) => {
    expect(parseDurationHours(text, unit)).toBe(hours);
  });

  it.each(['0', '0d', '-3d', '3x', '1m', 'd', '', '101y'])('refuses %j', (text) => {
    expect(() => parseDurationHours(text, 'd', '--cadence')).toThrow(/^--cadence /);
  });
});

describe('parseDueDate', () => {
  it('reads dates, today, tomorrow and durations from today', () => {
    expect(parseDueDate('2026-12-01', NOW)).toBe('2026-12-01');
    expect(parseDueDate('today', NOW)).toBe('2026-11-23');
    expect(parseDueDate('tomorrow', NOW)).toBe('2026-11-24');
    expect(parseDueDate('3d', NOW)).toBe('2026-11-26');
    expect(parseDueDate('2w', NOW)).toBe('2026-12-07');
    expect(parseDueDate('12h', NOW)).toBe('2026-11-24'); // less than a day still means tomorrow
  });

  it('counts whole months on the calendar, clamped to the month end', () => {
    expect(parseDueDate('1mo', NOW)).toBe('2026-12-23');
    expect(parseDueDate('3 months', NOW)).toBe('2027-02-23');
    const endOfJanuary = momentOf(Date.parse('2027-01-31T09:00:00Z'));
    expect(parseDueDate('1mo', endOfJanuary)).toBe('2027-02-28');
  });

  it.each(['3', 'soon', '2026-02-30', '0d', ''])('refuses %j', (text) => {
    expect(() => parseDueDate(text, NOW, '<when>')).toThrow(InputError);
  });

  it('refuses a day after 9999-12-31, which no book keeps', () => {
    const lateIn9999 = momentOf(Date.parse('9999-12-01T09:00:00Z'));
    expect(parseDueDate('30d', lateIn9999)).toBe('9999-12-31');
    for (const text of ['31d', '2mo', 'tomorrow']) {
      const from = text === 'tomorrow' ? momentOf(Date.parse('9999-12-31T09:00:00Z')) : lateIn9999;
      expect(() => parseDueDate(text, from, '--follow-up')).toThrow(`--follow-up "${text}" is out of range: crm handles dates from 1900-01-01 to 9999-12-31`);
    }
  });
});

describe('instantAfter (the end of a snooze)', () => {
  it('is a whole millisecond, within the instants crm keeps', () => {
    expect(instantAfter(NOW.at, 0.0000001, 'x')).toBe(NOW.at);
    expect(instantAfter(NOW.at, 1.1, 'x')).toBe(NOW.at + 3_960_000);
    expect(() => instantAfter(Date.parse('9999-12-01T09:00:00Z'), 24 * 365, '<duration> "1y"')).toThrow(/^<duration> "1y" is out of range/);
  });
});

describe('calendar arithmetic', () => {
  it('adds months, clamping to the last day of the month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-03-31', 1)).toBe('2026-04-30');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2026-01-15', -13)).toBe('2024-12-15');
  });

  it('counts calendar days across both DST switches as whole days', () => {
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2); // 47 hours in Berlin
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2); // 49 hours in Berlin
    expect(daysBetween('2026-03-30', '2026-03-28')).toBe(-2);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-10-25', 1)).toBe('2026-10-26');
  });

  it('counts the local days between two instants across DST like the calendar does', () => {
    const beforeSpring = localInstant('2026-03-28', 23, 30);
    const afterSpring = localInstant('2026-03-30', 0, 15);
    expect(afterSpring - beforeSpring).toBeLessThan(2 * DAY_MS);
    expect(daysBetween(localDateOf(beforeSpring), localDateOf(afterSpring))).toBe(2);
  });

  it('addDays and daysBetween are inverse', () => {
    const dates = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }).map((ms) => new Date(ms).toISOString().slice(0, 10));
    fc.assert(
      fc.property(dates, fc.integer({ min: -40_000, max: 40_000 }), (date, days) => {
        const later = addDays(date, days);
        expect(daysBetween(date, later)).toBe(days);
        expect(addDays(later, -days)).toBe(date);
      }),
    );
  });

  it('addMonths never leaves the target month', () => {
    const dates = fc.integer({ min: Date.UTC(1950, 0, 1), max: Date.UTC(2150, 0, 1) }).map((ms) => new Date(ms).toISOString().slice(0, 10));
    fc.assert(
      fc.property(dates, fc.integer({ min: -600, max: 600 }), (date, months) => {
        const result = addMonths(date, months);
        const [y, m] = date.split('-').map(Number) as [number, number];
        const total = y * 12 + (m - 1) + months;
        expect(result.slice(0, 7)).toBe(`${String(Math.floor(total / 12)).padStart(4, '0')}-${String((total % 12) + 1).padStart(2, '0')}`);
        expect(isLocalDate(result)).toBe(true);
        expect(Number(result.slice(8))).toBeLessThanOrEqual(Number(date.slice(8)));
      }),
    );
  });
});

describe('formatting', () => {
  it('shows local wall-clock time and ISO UTC for JSON', () => {
    const at = Date.parse('2026-07-15T07:30:00Z');
    expect(formatLocalTime(at)).toBe('2026-07-15 09:30');
    expect(isoInstant(at)).toBe('2026-07-15T07:30:00.000Z');
  });
});

describe('localDateOf and localDayNumber', () => {
  it('agree with the platform at every quarter hour around the clock changes, and on random instants', async () => {
    const { localDateOf: fast, localDayNumber, dayNumber } = await import('../../../src/core/dates.js');
    const platform = (at: number) => {
      const d = new Date(at);
      return `${String(d.getFullYear()).padStart(4, '0')}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    };
    const instants: number[] = [];
    for (const change of ['2026-03-29T00:00:00Z', '2026-10-25T00:00:00Z', '2025-10-26T00:00:00Z']) {
      for (let q = -200; q <= 200; q++) instants.push(Date.parse(change) + q * 900_000 + (q % 7) * 61_000);
    }
    let seed = 7;
    for (let i = 0; i < 5000; i++) {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      instants.push(Date.parse('1990-01-01T00:00:00Z') + (seed / 2 ** 32) * 60 * 365 * 86_400_000);
    }
    for (const at of instants) {
      expect(fast(at), new Date(at).toISOString()).toBe(platform(at));
      expect(localDayNumber(at)).toBe(dayNumber(platform(at)));
    }
  });
});
