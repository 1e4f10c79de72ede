// iCalendar (RFC 5545) feeds: one all-day event per reminder or follow-up, for calendar subscriptions.
// A stable UID per event makes a re-import update the event instead of adding a second one.
import { addDays } from './dates.js';
import type { Instant, LocalDate } from './types.js';

export interface IcsEvent {
  /** Stable across runs for the same reminder or follow-up: see icsUid. */
  uid: string;
  /** The day of the all-day event. */
  date: LocalDate;
  summary: string;
  description?: string;
  categories?: string[];
}

/** RFC 5545 section 3.1: content lines end in CRLF and are folded at 75 octets. */
const CRLF = '\r\n';
const MAX_LINE_OCTETS = 75;

/** A UID from a stable local key: `invoice-overdue:INV-7` -> `invoice-overdue:INV-7@crm`; anything outside [A-Za-z0-9@._:-] is percent-encoded. */
export function icsUid(key: string): string {
  const encoded = [...new TextEncoder().encode(key)]
    .map((byte) => {
      const char = String.fromCharCode(byte);
      return byte < 0x80 && /[A-Za-z0-9@._:-]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
  return `${encoded}@crm`;
}

/** A whole VCALENDAR; with no events it is still a valid, empty calendar, so subscriptions keep working. */
export function icsCalendar(events: IcsEvent[], options: { now: Instant; name: string }): string {
  const stamp = utcDateTime(options.now);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//crm//crm//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(options.name)}`,
    ...events.flatMap((event) => eventLines(event, stamp)),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('');
}

/** The days an iCalendar DATE can name: its year has four digits (RFC 5545 section 3.3.4). */
const FIRST_DAY: LocalDate = '0001-01-01';
const LAST_DAY: LocalDate = '9999-12-31';

function eventLines(event: IcsEvent, stamp: string): string[] {
  const day = calendarDay(event.date);
  const lines = ['BEGIN:VEVENT', `UID:${event.uid}`, `DTSTAMP:${stamp}`, `DTSTART;VALUE=DATE:${basicDate(day)}`];
  // The day after the last one has no DATE: there DTEND is left out, which RFC 5545 (section 3.6.1) reads
  // as the same one whole day.
  if (day !== LAST_DAY) lines.push(`DTEND;VALUE=DATE:${basicDate(addDays(day, 1))}`);
  lines.push(`SUMMARY:${escapeText(event.summary)}`);
  if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
  if (event.categories?.length) lines.push(`CATEGORIES:${event.categories.map(escapeText).join(',')}`);
  // All-day reminders should not block time in the user's calendar.
  lines.push('TRANSP:TRANSPARENT', 'END:VEVENT');
  return lines;
}

/**
 * A day as a calendar can take it: a date past 9999-12-31 (a far due date, plus a few days) is the last day
 * there is, one before 0001-01-01 the first; a calendar would refuse the whole feed for one 5-digit year.
 */
function calendarDay(date: LocalDate): LocalDate {
  if (/^\d{4}-\d{2}-\d{2}$/.test(date)) return date < FIRST_DAY ? FIRST_DAY : date;
  return date.startsWith('-') ? FIRST_DAY : LAST_DAY;
}

/**
 * TEXT values (RFC 5545 section 3.3.11): backslash, semicolon and comma escaped, line breaks (U+2028 and
 * U+2029 too) as \n. Control characters (C0 but tab, DEL, C1) are not allowed in TEXT and act on no calendar
 * for good: they are removed.
 */
export function escapeText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|[\r\n\u2028\u2029]/g, '\\n')
    .replace(/[\x00-\x08\x0a-\x1f\x7f-\x9f]/g, '');
}

/**
 * One content line, folded (RFC 5545 section 3.1): at most 75 octets of UTF-8 per physical line, each
 * continuation line starting with one space; a multi-byte character is never split.
 */
export function foldLine(line: string): string {
  let folded = '';
  let octets = 0;
  for (const char of line) {
    const size = utf8Length(char.codePointAt(0)!);
    if (octets + size > MAX_LINE_OCTETS) {
      folded += `${CRLF} `;
      octets = 1;
    }
    folded += char;
    octets += size;
  }
  return `${folded}${CRLF}`;
}

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  return codePoint < 0x10000 ? 3 : 4;
}

/** 2026-11-23 -> 20261123 */
function basicDate(date: LocalDate): string {
  return date.replace(/-/g, '');
}

/** An instant as a UTC DATE-TIME: 20261123T090000Z. */
function utcDateTime(at: Instant): string {
  return new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}
