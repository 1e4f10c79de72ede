import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIcs } from '../../helpers/ics.js';
import { escapeText, foldLine, icsCalendar, icsUid, textOfTodayModified, type IcsEvent } from '../../../src/core/ics.js';

const NOW = Date.parse('2026-11-23T09:00:00Z');

const parse = parseIcs;

/** Bytes of each physical line (without its CRLF). */
const lineOctets = (text: string) => text.split('\r\n').map((line) => Buffer.byteLength(line, 'utf8'));

describe('escapeText', () => {
  it('escapes backslash, semicolon, comma and line breaks', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
  });

  it('leaves colons, quotes and unicode alone', () => {
    expect(escapeText('Re: "Müller" 😀')).toBe('Re: "Müller" 😀');
  });

  it('removes control characters (C0 but tab, DEL, C1), which TEXT does not allow; U+2028/9 are line breaks', () => {
    expect(escapeText('Evil\x1b]0;T\x07\x1b[2J\x00\x7f\u009b31m\u009dx\ttab')).toBe('Evil]0\\;T[2J31mx\ttab');
    expect(escapeText('a\u2028b\u2029c')).toBe('a\\nb\\nc');
  });
});

describe('foldLine', () => {
  it('keeps a short line whole, ending in CRLF', () => {
    expect(foldLine('SUMMARY:short')).toBe('SUMMARY:short\r\n');
  });

  it('folds at 75 octets with a leading space on each continuation line', () => {
    const folded = foldLine(`DESCRIPTION:${'x'.repeat(200)}`);
    expect(folded.endsWith('\r\n')).toBe(true);
    const lines = folded.slice(0, -2).split('\r\n');
    expect(lines[0]).toHaveLength(75);
    expect(lines.slice(1).every((l) => l.startsWith(' '))).toBe(true);
    expect(lines[0] + lines.slice(1).map((l) => l.slice(1)).join('')).toBe(`DESCRIPTION:${'x'.repeat(200)}`);
  });

  it('counts UTF-8 octets and never splits a multi-byte character (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        const line = `SUMMARY:${text}`;
        const folded = foldLine(line);
        const physical = folded.slice(0, -2).split('\r\n');
        for (const l of physical) expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
        // Each physical line is valid UTF-8 on its own: no character was cut.
        for (const l of physical) expect(Buffer.from(Buffer.from(l, 'utf8').toString('utf8'), 'utf8').equals(Buffer.from(l, 'utf8'))).toBe(true);
        expect(physical[0] + physical.slice(1).map((l) => l.slice(1)).join('')).toBe(line);
      }),
    );
  });
});

describe('icsUid', () => {
  it('keeps reminder keys readable and appends @crm', () => {
    expect(icsUid('invoice-overdue:INV-7')).toBe('invoice-overdue:INV-7@crm');
    expect(icsUid('followup-12')).toBe('followup-12@crm');
  });

  it('percent-encodes anything outside [A-Za-z0-9@._:-], as UTF-8 bytes', () => {
    expect(icsUid('conflict-revisit:3:scope creep')).toBe('conflict-revisit:3:scope%20creep@crm');
    expect(icsUid('a/b%c;ü')).toBe('a%2Fb%25c%3B%C3%BC@crm');
  });

  it('is injective: different keys never share a UID (property)', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => (a === b) === (icsUid(a) === icsUid(b))));
  });
});

describe('icsCalendar', () => {
  const events: IcsEvent[] = [
    {
      uid: icsUid('invoice-overdue:INV-7'),
      date: '2026-11-20',
      summary: 'Acme GmbH: INV-7 is 3 days overdue; 1,500.00 EUR open',
      description: 'Send a friendly reminder.\nKey: invoice-overdue:INV-7',
      categories: ['urgent', 'invoice-overdue'],
      modified: Date.parse('2026-11-22T23:00:00Z'), // the start of the day in Berlin: "3 days" is today's text
    },
    { uid: icsUid('followup-3'), date: '2026-12-31', summary: 'Follow up with Zoë; ask about "Q1"', modified: Date.parse('2026-11-20T15:30:45Z') },
  ];

  it('writes a calendar with CRLF line endings everywhere and the required properties', () => {
    const text = icsCalendar(events, { now: NOW, name: 'crm reminders' });
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//crm//crm//EN\r\n')).toBe(true);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(text).toContain('CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:crm reminders\r\n');
    expect(text).toContain('DTSTAMP:20261123T090000Z\r\n');
    expect(text).toContain('DTSTART;VALUE=DATE:20261120\r\nDTEND;VALUE=DATE:20261121\r\n');
    expect(text).toContain('DTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20270101\r\n');
    expect(text).toContain('SUMMARY:Acme GmbH: INV-7 is 3 days overdue\\; 1\\,500.00 EUR open\r\n');
    expect(text).toContain('CATEGORIES:urgent,invoice-overdue\r\n');
  });

  it('round-trips through ical.js: uid, summary, description, all-day dates, categories', () => {
    const { calendar, events: parsed } = parse(icsCalendar(events, { now: NOW, name: 'crm reminders' }));
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('crm reminders');
    expect(parsed).toEqual([
      {
        uid: 'invoice-overdue:INV-7@crm',
        summary: events[0]!.summary,
        description: events[0]!.description,
        start: '2026-11-20',
        end: '2026-11-21',
        allDay: true,
        categories: ['urgent', 'invoice-overdue'],
        stamp: '2026-11-23T09:00:00Z',
        modified: '2026-11-22T23:00:00Z',
        sequence: 3625860, // minutes from 2020-01-01T00:00Z
      },
      {
        uid: 'followup-3@crm',
        summary: events[1]!.summary,
        description: null,
        start: '2026-12-31',
        end: '2027-01-01',
        allDay: true,
        categories: [],
        stamp: '2026-11-23T09:00:00Z',
        modified: '2026-11-20T15:30:45Z',
        sequence: 3622530,
      },
    ]);
  });

  it('folds long unicode text within 75 octets and ical.js unfolds it back exactly', () => {
    const summary = `Müller & Söhne: ${'Grüße 😀 — ʻokina 中文, '.repeat(12)}`;
    const description = `line one; with\\backslash\n${'ünïcödé '.repeat(40)}`;
    const text = icsCalendar([{ uid: icsUid('x'), date: '2026-02-28', summary, description, categories: ['a,b', 'c;d'], modified: NOW }], {
      now: NOW,
      name: 'Kalender für Zoë',
    });
    expect(Math.max(...lineOctets(text))).toBeLessThanOrEqual(75);
    expect(text).toMatch(/\r\n [^\r]/); // it did fold
    const { calendar, events: parsed } = parse(text);
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Kalender für Zoë');
    expect(parsed[0]).toMatchObject({ summary, description, start: '2026-02-28', end: '2026-03-01', categories: ['a,b', 'c;d'] });
  });

  it('arbitrary text round-trips through ical.js (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 })// text the writer keeps as it is: controls are removed and U+2028/9 written as line breaks (tests above)
        .filter((s) => !/[\x00-\x08\x0b-\x1f\x7f-\x9f\r\u2028\u2029]/.test(s) && s.trim() === s && s.length > 0),
        fc.string({ minLength: 1, maxLength: 40 }),
        (summary, key) => {
          const [event] = parse(icsCalendar([{ uid: icsUid(key), date: '2026-11-23', summary, modified: NOW }], { now: NOW, name: 'n' })).events;
          expect(event).toMatchObject({ summary, uid: icsUid(key), start: '2026-11-23' });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('gives the last day there is, 9999-12-31, no DTEND (one day by RFC 5545), and keeps later days to it', () => {
    const far = (date: string) => icsCalendar([{ uid: icsUid('far'), date, summary: 'far', modified: NOW }], { now: NOW, name: 'n' });
    const last = far('9999-12-31');
    expect(last).toContain('DTSTART;VALUE=DATE:99991231\r\n');
    expect(last).not.toContain('DTEND');
    // A date computed past the end (a due date plus a few days) is the last day, not a 5-digit year.
    expect(far('10000-01-05')).toBe(last);
    expect(far('9999-12-30')).toContain('DTSTART;VALUE=DATE:99991230\r\nDTEND;VALUE=DATE:99991231\r\n');
    expect(far('1900-01-01')).toContain('DTSTART;VALUE=DATE:19000101\r\nDTEND;VALUE=DATE:19000102\r\n');
    expect(parse(last).events[0]).toMatchObject({ start: '9999-12-31', allDay: true });
  });

  it('with no events still holds one component (RFC 5545 section 3.4), a note no calendar view shows', () => {
    const text = icsCalendar([], { now: NOW, name: 'crm follow-ups' });
    expect(text).toBe(
      'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//crm//crm//EN\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n' +
        'X-WR-CALNAME:crm follow-ups\r\nBEGIN:VJOURNAL\r\nUID:empty:crm%20follow-ups@crm\r\nDTSTAMP:20261123T090000Z\r\n' +
        'SUMMARY:crm follow-ups: nothing due\r\nEND:VJOURNAL\r\nEND:VCALENDAR\r\n',
    );
    const { calendar, events: parsed } = parse(text);
    expect(parsed).toEqual([]);
    expect(calendar.getAllSubcomponents().map((c) => c.name)).toEqual(['vjournal']);
    expect(calendar.getFirstSubcomponent('vjournal')!.getFirstPropertyValue('uid')).toBe('empty:crm%20follow-ups@crm');
  });

  it('gives each event LAST-MODIFIED and SEQUENCE from its last change, after DTSTAMP in UTC', () => {
    const at = (modified: number) => parse(icsCalendar([{ ...events[0]!, modified }], { now: NOW, name: 'n' })).events[0]!;
    const before = at(Date.parse('2026-11-21T23:00:00Z'));
    const after = at(Date.parse('2026-11-22T23:00:00Z'));
    expect(after.modified).toBe('2026-11-22T23:00:00Z');
    expect(after.sequence - before.sequence).toBe(24 * 60);
    // Two changes a minute apart are two revisions.
    expect(at(Date.parse('2026-11-22T23:01:00Z')).sequence).toBe(after.sequence + 1);
    // A change is never later than the feed; before 2020 the first revision, 0.
    expect(at(NOW + 5_000)).toMatchObject({ modified: '2026-11-23T09:00:00Z', stamp: '2026-11-23T09:00:00Z' });
    expect(at(Date.parse('2019-05-01T00:00:00Z')).sequence).toBe(0);
    const text = icsCalendar(events, { now: NOW, name: 'n' });
    expect(text).toContain('UID:invoice-overdue:INV-7@crm\r\nDTSTAMP:20261123T090000Z\r\nLAST-MODIFIED:20261122T230000Z\r\nSEQUENCE:3625860\r\n');
  });

  it('dates a text worded relative to today at the start of the local day, or at a later change of the book', () => {
    const moment = { at: NOW, today: '2026-11-23' };
    const startOfDay = Date.parse('2026-11-22T23:00:00Z'); // midnight in Berlin
    expect(textOfTodayModified(moment, undefined)).toBe(startOfDay);
    expect(textOfTodayModified(moment, Date.parse('2026-11-20T10:00:00Z'))).toBe(startOfDay);
    expect(textOfTodayModified(moment, Date.parse('2026-11-23T08:15:00Z'))).toBe(Date.parse('2026-11-23T08:15:00Z'));
    // A change after the moment (remind --at an earlier time) is not seen.
    expect(textOfTodayModified(moment, NOW + 1)).toBe(startOfDay);
  });

  it('is deterministic: the same events and now give the same bytes', () => {
    expect(icsCalendar(events, { now: NOW, name: 'n' })).toBe(icsCalendar(events, { now: NOW, name: 'n' }));
  });
});
