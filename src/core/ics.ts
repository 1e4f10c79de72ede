// iCalendar (RFC 5545) feeds: one all-day event per reminder or follow-up, for calendar subscriptions.
// A stable UID per event makes a re-import update the event instead of adding a second one.
import { addDays, localInstant } from './dates.js';
import type { Instant, LocalDate, Moment } from './types.js';

export interface IcsEvent {
  /** Stable across runs for the same reminder or follow-up: see icsUid. */
  uid: string;
  /** The day of the all-day event. */
  date: LocalDate;
  summary: string;
  description?: string;
  categories?: string[];
  /**
   * The latest instant at which the event's content (summary, description, date, categories) changed, as far as
   * the book tells: it becomes LAST-MODIFIED and SEQUENCE, so that a calendar that caches events by UID takes the
   * new text. See textOfTodayModified for texts worded relative to today.
   */
  modified: Instant;
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

/**
 * When a text worded relative to today ("65 days overdue", "due tomorrow") last changed: it changes at every local
 * midnight, so at the start of today's local day, or later when the book changed since (`lastBookChange`, the
 * journal's latest change up to now).
 */
export function textOfTodayModified(moment: Moment, lastBookChange: Instant | undefined): Instant {
  const startOfToday = localInstant(moment.today);
  return lastBookChange !== undefined && lastBookChange > startOfToday && lastBookChange <= moment.at ? lastBookChange : startOfToday;
}

/**
 * SEQUENCE is derived, not stored: whole minutes from 2020-01-01T00:00Z to the event's last change. A feed is
 * regenerated on every fetch and crm keeps no revision count, so the number must come from the data alone, grow
 * whenever the content changes (a later change is a later minute; texts that change daily move it at midnight)
 * and stay the same while nothing changes (the same book and clock give the same bytes). Minutes rather than days,
 * so that two edits on one day are two revisions; the count fits the 32-bit integer clients keep until the year
 * 6000. Before 2020 (a book with old dates and --at) it is 0, the RFC's first revision.
 */
export function icsSequence(modified: Instant): number {
  return Math.max(0, Math.floor((modified - SEQUENCE_EPOCH) / 60_000));
}

const SEQUENCE_EPOCH = Date.UTC(2020, 0, 1);

/**
 * A whole VCALENDAR. `now` is when the feed is made (DTSTAMP: with METHOD, RFC 5545 section 3.8.7.2 makes it the
 * time the object was created). With no events it is still a valid calendar: see EMPTY_CALENDAR_NOTE.
 */
export function icsCalendar(events: IcsEvent[], options: { now: Instant; name: string }): string {
  const stamp = utcDateTime(options.now);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//crm//crm//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(options.name)}`,
    ...(events.length ? events.flatMap((event) => eventLines(event, options.now)) : emptyCalendarNote(options.name, stamp)),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('');
}

/** The days an iCalendar DATE can name: its year has four digits (RFC 5545 section 3.3.4). */
const FIRST_DAY: LocalDate = '0001-01-01';
const LAST_DAY: LocalDate = '9999-12-31';

/**
 * RFC 5545 (section 3.4: `icalbody = calprops component`, one or more) wants a component in every calendar, and
 * strict readers refuse a calendar with none (collective/icalendar#251: an empty feed "fails validation with some
 * icalendar readers"). A VEVENT or VTODO would be an item in the calendar or task list, a VTIMEZONE would bring
 * a time zone into a feed of all-day dates; a VJOURNAL (a note: UID and DTSTAMP are all it needs) is valid and is
 * neither an event nor a task, so a calendar view has nothing to show. Its UID is stable, so a client that keeps
 * it drops it once the feed has events again.
 */
function emptyCalendarNote(name: string, stamp: string): string[] {
  return ['BEGIN:VJOURNAL', `UID:${icsUid(`empty:${name}`)}`, `DTSTAMP:${stamp}`, `SUMMARY:${escapeText(`${name}: nothing due`)}`, 'END:VJOURNAL'];
}

function eventLines(event: IcsEvent, now: Instant): string[] {
  const day = calendarDay(event.date);
  // A change is never later than the feed that shows it.
  const modified = Math.min(event.modified, now);
  const lines = [
    'BEGIN:VEVENT',
    `UID:${event.uid}`,
    `DTSTAMP:${utcDateTime(now)}`,
    `LAST-MODIFIED:${utcDateTime(modified)}`,
    `SEQUENCE:${icsSequence(modified)}`,
    `DTSTART;VALUE=DATE:${basicDate(day)}`,
  ];
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
