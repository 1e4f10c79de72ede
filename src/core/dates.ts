// Calendar dates ('YYYY-MM-DD') and instants (epoch ms, UTC). "Today" is the user's local date,
// taken from the process time zone (TZ), so tests pin it with TZ and CRM_NOW.
import { InputError } from './errors.js';
import type { Instant, LocalDate, Moment } from './types.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/**
 * The local calendar date of an instant, in the process time zone. Every time zone's offset is a whole number of
 * quarter hours and changes only on a quarter hour, so the offset is asked of the platform once per quarter hour
 * (a book's rows share few) and the date is computed from it: scores and reminders ask this for every row.
 */
export function localDateOf(at: Instant): LocalDate {
  const day = localDayNumber(at);
  let date = dates.get(day);
  if (date === undefined) {
    if (dates.size > 100_000) dates.clear();
    date = fromDayNumber(day);
    dates.set(day, date);
  }
  return date;
}

/** The day number (as dayNumber gives) of an instant's local date: for day arithmetic without a date string. */
export function localDayNumber(at: Instant): number {
  return Math.floor((at + offsetAt(at)) / DAY_MS);
}

/**
 * The process time zone's offset at an instant, in ms. Asking the platform costs about a microsecond and a book
 * asks for every row, so offsets are kept per 12-hour block: a block whose start and end agree has one offset
 * throughout (zones change offset at most twice a year, never twice in 12 hours); a block with a change in it is
 * asked row by row.
 */
function offsetAt(at: Instant): number {
  const block = Math.floor(at / BLOCK_MS);
  let offset = offsets.get(block);
  if (offset === undefined) {
    if (offsets.size > 100_000) offsets.clear();
    const start = platformOffset(block * BLOCK_MS);
    offset = start === platformOffset((block + 1) * BLOCK_MS - 1) ? start : Number.NaN;
    offsets.set(block, offset);
  }
  return Number.isNaN(offset) ? platformOffset(at) : offset;
}

function platformOffset(at: Instant): number {
  return -new Date(at).getTimezoneOffset() * 60_000;
}

const BLOCK_MS = 12 * HOUR_MS;
const offsets = new Map<number, number>();
const dates = new Map<number, LocalDate>();

export function momentOf(at: Instant): Moment {
  return { at, today: localDateOf(at) };
}

/** A 'YYYY-MM-DD' that names a day of the calendar, from 1900-01-01 to 9999-12-31: the dates crm keeps. */
export function isLocalDate(text: string): boolean {
  return isCalendarDate(text) && Number(text.slice(0, 4)) >= 1900;
}

/** A 'YYYY-MM-DD' that names a day of the calendar (not 2026-02-30), whatever its year. */
function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  return days !== undefined && d >= 1 && d <= days;
}

/**
 * Days since 1970-01-01 of a 'YYYY-MM-DD' date, for exact calendar arithmetic. Allocation-free (Howard
 * Hinnant's days_from_civil): reminders and scores call it for every row of a big book.
 */
export function dayNumber(date: LocalDate): number {
  const year = digitsAt(date, 0, 4);
  const month = digitsAt(date, 5, 2);
  const day = digitsAt(date, 8, 2);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  return era * 146_097 + yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear - 719_468;
}

function digitsAt(text: string, from: number, length: number): number {
  let n = 0;
  for (let i = from; i < from + length; i++) n = n * 10 + (text.charCodeAt(i) - 48);
  return n;
}

/** The 'YYYY-MM-DD' date of a day number (Howard Hinnant's civil_from_days, the inverse of dayNumber). */
function fromDayNumber(day: number): LocalDate {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const d = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yearOfEra + era * 400 + (m <= 2 ? 1 : 0);
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromDayNumber(dayNumber(date) + days);
}

/** Whole calendar days from a to b (positive when b is later). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return dayNumber(b) - dayNumber(a);
}

/** Adds calendar months, clamping to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return `${pad(first.getUTCFullYear(), 4)}-${pad(first.getUTCMonth() + 1)}-${pad(Math.min(d, lastDay))}`;
}

/** The instant of a local wall-clock time in the process time zone. */
export function localInstant(date: LocalDate, hours = 0, minutes = 0, seconds = 0, ms = 0): Instant {
  // Scores ask for the same few dates (a client's start, a last contact) for every moment they read.
  const key = minutes === 0 && seconds === 0 && ms === 0 ? `${date}T${hours}` : undefined;
  const known = key === undefined ? undefined : instants.get(key);
  if (known !== undefined) return known;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const at = new Date(y, m - 1, d, hours, minutes, seconds, ms).getTime();
  if (key !== undefined) {
    if (instants.size > 100_000) instants.clear();
    instants.set(key, at);
  }
  return at;
}

const instants = new Map<string, Instant>();

/** ISO 8601 UTC with Z, for JSON. */
export function isoInstant(at: Instant): string {
  return new Date(at).toISOString();
}

/** A date as crm writes it (YYYY-MM-DD): what files and stored rows hold. Typed by a user, see readDate. */
export function parseLocalDate(text: string, what = 'date'): LocalDate {
  const trimmed = text.trim();
  if (!isLocalDate(trimmed)) throw new InputError(`${what} "${text}" is not a date: use YYYY-MM-DD, e.g. 2026-03-15`);
  return trimmed;
}

/**
 * A date typed by the user (a flag such as --since or --issued, an answer to a question): YYYY-MM-DD, today,
 * yesterday or tomorrow, a date in the order of display.locale (31-12-2026), or words (last friday, 3 days ago).
 */
export function readDate(text: string, now: Moment, what: string, input: DateInput, toward: Toward = 'past'): LocalDate {
  const trimmed = text.trim();
  const day = fixedDay(trimmed, now) ?? (isLocalDate(trimmed) ? trimmed : typedDay(trimmed, now, input, toward, what)?.date);
  if (day === undefined) throw new InputError(`${what} "${text}" is not a date: ${typedForms(input, 'date')}`);
  if (!isLocalDate(day)) throw outOfRange(`${what} "${text}"`);
  return day;
}

/** The day the user was last in touch with a client before adding it (`--last-contact`, a spreadsheet's lastContact). */
export function parseLastContact(text: string, today: LocalDate, what: string): LocalDate {
  return checkLastContact(parseLocalDate(text, what), today, what);
}

/** A last contact cannot be in the future. */
export function checkLastContact(date: LocalDate, today: LocalDate, what: string): LocalDate {
  if (date > today) throw new InputError(`${what} ${date} is in the future: give the day you were last in touch`);
  return date;
}

const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** Where a bare date lands in the day: start (00:00), noon (for logging; today: noon or now, whichever is earlier), end (23:59:59.999, for "as of"). */
export type DatePlacement = 'start' | 'noon' | 'end';

/**
 * Parses a date-time typed by a user: an ISO instant ("2026-03-15T09:30:00Z", "+01:00" offsets),
 * a local wall-clock time ("2026-03-15 09:30"), a bare date ("2026-03-15"), or today/yesterday/tomorrow.
 */
export function parseInstant(
  text: string, now: Moment, placement: DatePlacement, what = 'time', input?: DateInput, toward: Toward = 'past',
): Instant {
  const trimmed = text.trim();
  const day = fixedDay(trimmed, now);
  let at: Instant | undefined;
  if (trimmed.toLowerCase() === 'now') at = now.at;
  else if (day !== undefined) at = placeDate(day, placement, now);
  else if (isLocalDate(trimmed)) at = placeDate(trimmed, placement, now);
  else at = parseDateTime(trimmed);
  if (at === undefined && input) {
    const typed = typedDay(trimmed, now, input, toward, what);
    if (typed && !isLocalDate(typed.date)) throw outOfRange(`${what} "${text}"`);
    if (typed) at = typed.time ? localInstant(typed.date, typed.time.hours, typed.time.minutes) : placeDate(typed.date, placement, now);
  }
  if (at === undefined) {
    throw new InputError(
      input
        ? `${what} "${text}" is not a date or time: ${typedForms(input, 'time')}`
        : `${what} "${text}" is not a date or time: use YYYY-MM-DD, "YYYY-MM-DD HH:MM" or an ISO instant such as 2026-03-15T09:30:00Z`,
    );
  }
  return inRange(at, `${what} "${text}"`);
}

/** today, yesterday, tomorrow: read without the parser of words. */
function fixedDay(text: string, now: Moment): LocalDate | undefined {
  const shift = FIXED_DAYS[text.toLowerCase()];
  return shift === undefined ? undefined : addDays(now.today, shift);
}

const FIXED_DAYS: Record<string, number> = { today: 0, yesterday: -1, tomorrow: 1 };

/** CRM_NOW, the clock of a reproducible run: an ISO instant (or a local date and time), a real one, in range. */
export function parseClock(text: string, what = 'CRM_NOW'): Instant {
  const trimmed = text.trim();
  const at = parseDateTime(trimmed);
  if (at === undefined) {
    const date = ISO_INSTANT.exec(trimmed)?.[1];
    if (date && !isCalendarDate(date)) throw new InputError(`${what} "${text}" is not a real date: ${date} is not in the calendar`);
    if (date && !isLocalDate(date)) throw outOfRange(`${what} "${text}"`);
    if (date) throw new InputError(`${what} "${text}" is not a real time: hours, minutes or offset out of bounds`);
    throw new InputError(`${what} "${text}" is not an ISO instant such as 2026-03-15T09:00:00Z`);
  }
  return inRange(at, `${what} "${text}"`);
}

/** A date and time ("2026-03-15T09:30:00Z", "2026-03-15 09:30", offsets "+01:00"), strictly: a real calendar date and time. */
function parseDateTime(text: string): Instant | undefined {
  const m = ISO_INSTANT.exec(text);
  if (!m || !isLocalDate(m[1]!)) return undefined;
  const [hh, mm, ss] = [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
  const ms = Number((m[5] ?? '0').padEnd(3, '0'));
  if (hh >= 24 || mm >= 60 || ss >= 60) return undefined;
  if (!m[6]) return localInstant(m[1]!, hh, mm, ss, ms);
  const offset = m[6].toUpperCase() === 'Z' ? 'Z' : m[6].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  // Offsets in use run from -12:00 to +14:00.
  if (offset !== 'Z' && (Number(offset.slice(1, 3)) > 14 || Number(offset.slice(4)) >= 60)) return undefined;
  const at = Date.parse(`${m[1]}T${pad(hh)}:${pad(mm)}:${pad(ss)}.${pad(ms, 3)}${offset}`);
  return Number.isFinite(at) ? at : undefined;
}

/**
 * Instants crm keeps lie between the last day of 1899 and the end of 9999 (UTC): every date typed is a year of
 * four digits from 1900, seen from any time zone; beyond, an instant has no YYYY-MM-DD date and no ISO text that
 * crm could export and read back.
 */
export const INSTANT_RANGE = { min: Date.UTC(1899, 11, 31), max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) } as const;

/**
 * Every instant crm works with falls on a local date from 1900-01-01 to 9999-12-31 (dates are written YYYY-MM-DD),
 * and within INSTANT_RANGE: 9999-12-31 in the evening west of Greenwich is 10000 in UTC, which no export could hold.
 */
function inRange(at: Instant, what: string): Instant {
  if (!(at >= INSTANT_RANGE.min && at <= INSTANT_RANGE.max) || !isLocalDate(localDateOf(at))) throw outOfRange(what);
  return at;
}

/** `hours` after `at`, on a whole millisecond (1.1h is 3960000.0000000005 ms in floating point), in range. */
export function instantAfter(at: Instant, hours: number, what: string): Instant {
  return inRange(at + Math.round(hours * HOUR_MS), what);
}

function outOfRange(what: string): InputError {
  return new InputError(`${what} is out of range: crm handles dates from 1900-01-01 to 9999-12-31`);
}

function placeDate(date: LocalDate, placement: DatePlacement, now: Moment): Instant {
  if (placement === 'start') return localInstant(date);
  // "today" in the morning means earlier today, not a noon that has not come yet.
  if (placement === 'noon') return date === now.today ? Math.min(localInstant(date, 12), now.at) : localInstant(date, 12);
  return localInstant(date, 23, 59, 59, 999);
}

const DURATION = /^(\d+(?:\.\d+)?)\s*(h|hours?|d|days?|w|weeks?|mo|months?|y|years?)?$/i;
const UNIT_HOURS: Record<string, number> = { h: 1, d: 24, w: 24 * 7, mo: 24 * 30, y: 24 * 365 };

/** "30" (in the default unit), "12h", "3d", "2w", "1mo", "1y" -> hours. Must be more than zero and at most 100 years. */
export function parseDurationHours(text: string, defaultUnit: 'h' | 'd', what = 'duration'): number {
  const m = DURATION.exec(text.trim());
  if (!m) throw new InputError(`${what} "${text}" is not a duration: use a number or e.g. 12h, 3d, 2w, 1mo`);
  const unitWord = (m[2] ?? defaultUnit).toLowerCase();
  const unit = unitWord.startsWith('mo') ? 'mo' : unitWord[0]!;
  const hours = Number(m[1]) * UNIT_HOURS[unit]!;
  if (!(hours > 0)) throw new InputError(`${what} "${text}" must be more than zero`);
  if (hours > 100 * 365 * 24) throw new InputError(`${what} "${text}" is longer than 100 years`);
  return hours;
}

/**
 * A due date typed as a date or as a duration from today ("3d", "2w", "tomorrow"), up to 9999-12-31; with `input`
 * (typed by the user), also in the order of display.locale or in words (next friday, in 3 days).
 */
export function parseDueDate(text: string, now: Moment, what = 'date', input?: DateInput): LocalDate {
  const due = dueDateOf(text, now, what, input);
  if (!isLocalDate(due)) throw outOfRange(`${what} "${text}"`);
  return due;
}

function dueDateOf(text: string, now: Moment, what: string, input: DateInput | undefined): LocalDate {
  const trimmed = text.trim();
  const lower = trimmed.toLowerCase();
  if (lower === 'today') return now.today;
  if (lower === 'tomorrow') return addDays(now.today, 1);
  if (isLocalDate(trimmed)) return trimmed;
  const m = DURATION.exec(trimmed);
  if (m && m[2]) {
    const unitWord = m[2].toLowerCase();
    const count = Number(m[1]);
    if (unitWord.startsWith('mo') && Number.isInteger(count)) return addMonths(now.today, count);
    const hours = parseDurationHours(trimmed, 'd', what);
    return addDays(now.today, Math.max(1, Math.ceil(hours / 24)));
  }
  const typed = input && typedDay(trimmed, now, input, 'future', what);
  if (typed) return typed.date;
  const forms = input ? typedForms(input, 'due') : 'use YYYY-MM-DD or a duration such as 3d, 2w, 1mo';
  throw new InputError(`${what} "${text}" is not a date: ${forms}`);
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** "Fri": shown beside a date read from words (next friday), so the reading taken can be checked at a glance. */
export function weekdayOf(date: LocalDate): string {
  return WEEKDAYS[(((dayNumber(date) + 4) % 7) + 7) % 7]!; // 1970-01-01 was a Thursday
}

/** "2026-03-15 09:30" in the user's time zone, for people. */
export function formatLocalTime(at: Instant): string {
  const d = new Date(at);
  return `${localDateOf(at)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

// Dates as people type them: in the order of their locale (31-12-2026, 12/31/2026) and in words (next friday).

/** Which way a bare weekday points: to the last one (an event that happened) or to the coming one (a date ahead). */
export type Toward = 'past' | 'future';

/** A day, and a wall-clock time when the text gave one. */
export interface TypedDay {
  date: LocalDate;
  time?: { hours: number; minutes: number };
}

/** The reader of dates in words ("next friday", "yesterday 14:00", "in 3 days"): core/natural.ts, loaded on demand. */
export type WordReader = (text: string, now: Moment, toward: Toward) => TypedDay | undefined;

/**
 * How a date typed by the user is read beyond YYYY-MM-DD. `locale` is display.locale when the user set one, else
 * null; it is asked only for a date written with its day and month as numbers. `words` reads dates in words; the
 * caller loads it only for a text that needsWordReader.
 */
export interface DateInput {
  locale: () => string | null;
  words?: WordReader;
}

/** Whether a text typed as a date is words (next friday, 14:00) rather than a date crm reads by itself. */
export function needsWordReader(text: string): boolean {
  const trimmed = text.trim();
  const lower = trimmed.toLowerCase();
  if (lower === 'now' || lower in FIXED_DAYS || DURATION.test(trimmed) || ISO_INSTANT.test(trimmed) || NUMERIC_DATE.test(trimmed)) {
    return false;
  }
  return /[\p{L}:]/u.test(trimmed);
}

// Day, month and year as numbers, with one kind of separator (31/12/2026, 31-12-2026, 25.11.2026, 2026/12/31),
// maybe followed by a time (31-12-2026 14:00).
const NUMERIC_DATE = /^(\d{1,4})([/.-])(\d{1,2})\2(\d{1,4})(?:(?:\s+|T|,\s*)(\d{1,2}):(\d{2}))?$/i;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function typedDay(text: string, now: Moment, input: DateInput, toward: Toward, what: string): TypedDay | undefined {
  const numeric = NUMERIC_DATE.exec(text);
  if (numeric) return numericDay(numeric, text, input, what);
  if (!input.words || !needsWordReader(text)) return undefined;
  return input.words(text.replace(/\s+/g, ' '), now, toward);
}

/**
 * 31/12/2026 is read in the order of display.locale (day first in nl-NL, de-DE, en-GB, fr-FR; month first in en-US).
 * With no locale set, a date whose day and month could swap is refused naming both readings; one that fits only one
 * way (31/12/2026) is read that way. A year goes first (2026/12/31) or last, in full: 31/12/26 is refused.
 */
function numericDay(m: RegExpExecArray, text: string, input: DateInput, what: string): TypedDay {
  const [first, , second, third, hh, mm] = m.slice(1);
  const time = hh === undefined ? undefined : { hours: Number(hh), minutes: Number(mm) };
  if (time && (time.hours >= 24 || time.minutes >= 60)) throw new InputError(`${what} "${text}" is not a real time: ${hh}:${mm}`);
  const at = (year: string, month: string, day: string) => {
    const date = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
    return isCalendarDate(date) ? date : undefined;
  };
  if (first!.length === 4) {
    const date = at(first!, second!, third!);
    if (!date || third!.length > 2) throw notInCalendar(what, text);
    return { date, ...(time && { time }) };
  }
  if (third!.length !== 4 || first!.length > 2) {
    throw new InputError(`${what} "${text}" is not a date: write the year in full (${first}${m[2]}${second}${m[2]}20${third!.slice(-2)}) or use YYYY-MM-DD`);
  }
  const dayFirst = at(third!, second!, first!);
  const monthFirst = at(third!, first!, second!);
  const day = (date: LocalDate): TypedDay => ({ date, ...(time && { time }) });
  if (!dayFirst && !monthFirst) throw notInCalendar(what, text);
  if (dayFirst === monthFirst) return day(dayFirst!); // 04/04/2026 reads alike either way
  const locale = input.locale();
  const order = locale === null ? undefined : dayMonthOrder(locale);
  if (order === undefined) {
    if (dayFirst && monthFirst) {
      throw new InputError(
        `${what} "${text}" could be ${spoken(dayFirst)} or ${spoken(monthFirst)}: write ${dayFirst} or ${monthFirst}, ` +
          'or set the order you write dates in (crm config set display.locale nl-NL, en-US...)',
      );
    }
    return day((dayFirst ?? monthFirst)!);
  }
  const date = order === 'day-first' ? dayFirst : monthFirst;
  if (date) return day(date);
  const other = (dayFirst ?? monthFirst)!;
  throw new InputError(
    `${what} "${text}" is not in the order of display.locale ${locale} (${localeExample(locale!)}): for ${spoken(other)}, write ${other}`,
  );
}

function notInCalendar(what: string, text: string): InputError {
  return new InputError(`${what} "${text}" is not a date: no such day in the calendar`);
}

/** "3 April 2026", to name a reading in a message. */
function spoken(date: LocalDate): string {
  return `${Number(date.slice(8))} ${MONTHS[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;
}

const orders = new Map<string, 'day-first' | 'month-first' | undefined>();

/**
 * Whether a locale writes the day or the month first in a date of numbers with the year last, from the platform's
 * locale data (Intl); undefined for a locale that puts the year first (ja-JP, sv-SE: a 03/04/2026 is as ambiguous
 * there as with no locale).
 */
export function dayMonthOrder(locale: string): 'day-first' | 'month-first' | undefined {
  if (orders.has(locale)) return orders.get(locale);
  const parts = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'numeric', day: 'numeric' })
    .formatToParts(new Date(2026, 11, 31))
    .map((p) => p.type)
    .filter((type) => type === 'day' || type === 'month' || type === 'year');
  const order = parts[2] !== 'year' ? undefined : parts[0] === 'day' ? 'day-first' : 'month-first';
  orders.set(locale, order);
  return order;
}

/** The forms a typed date may take, for a message: with an example in the user's own order when a locale is set. */
function typedForms(input: DateInput, kind: 'time' | 'date' | 'due'): string {
  const locale = input.locale();
  const own = locale === null || dayMonthOrder(locale) === undefined ? '' : `, ${localeExample(locale)} (${locale})`;
  const time = kind === 'time' ? ', "YYYY-MM-DD HH:MM"' : kind === 'due' ? ', a duration such as 3d, 2w, 1mo' : '';
  const words = { time: 'yesterday 14:00, last friday', date: 'last friday, 3 days ago', due: 'next friday, in 3 days' }[kind];
  return `use YYYY-MM-DD${own}${time} or words such as ${words}`;
}

/** 31 December 2026 as the locale writes it with numbers: 31-12-2026 (nl-NL), 31.12.2026 (de-DE), 12/31/2026 (en-US). */
function localeExample(locale: string): string {
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', numberingSystem: 'latn' })
    .format(new Date(2026, 11, 31))
    .replace(/[\u200e\u200f\u061c]/g, ''); // direction marks (ar-EG)
}
