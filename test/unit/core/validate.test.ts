// The field validators every door uses (commands, spreadsheet and address-book import, whole-book import,
// restore): what they refuse, what they keep, and that what they accept is exactly what the book may hold.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import {
  BOOK_ROWS, FieldError, INSTANT_RANGE, TEXT_RULES, checkStoredRow, parseCadenceHours, parseClientName, parseEmail,
  parseIsoInstant, parseTags, parseText, type StoredRow, type TextField,
} from '../../../src/core/validate.js';

/** Characters a terminal acts on, that reorder or hide what is shown, or that are not text at all. */
const HOSTILE = [
  '\x00', '\x07', '\x08', '\t', '\n', '\v', '\f', '\r', '\x1b', '\x7f', '\x80', '\x85', '\x9b', '\x9d', '\x9f',
  '\u2028', '\u2029', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069',
  '\ud800', '\udfff',
];
/** Invisible, and of no use inside a name: refused in one-line texts, kept in notes. */
const INVISIBLE = ['\u200b', '\u2060', '\u2063', '\ufeff', '\u180e'];
/** Text people write: accents, scripts, emoji sequences (ZWJ, variation selectors, tag characters), marks. */
const LEGITIMATE = [
  'Zoë Ärger & Söhne', 'Σίσυφος', '株式会社サンプル', 'Ñandú S.A.', 'O\'Brien "Bob" <bob>', '👩‍💻 Dev Studio',
  '🏳️‍🌈 Pride', '🏴󠁧󠁢󠁳󠁣󠁴󠁿 Scotland Ltd', 'می‌خواهم', 'नमस्ते', 'שלום\u200f Ltd', 'ACME\u00adCorp', '=SUM(1+1)',
];
const ONE_LINE_FIELDS = (Object.keys(TEXT_RULES) as TextField[]).filter((f) => !TEXT_RULES[f].multiLine);
const MULTI_LINE_FIELDS = (Object.keys(TEXT_RULES) as TextField[]).filter((f) => TEXT_RULES[f].multiLine);

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

describe('texts', () => {
  it.each(HOSTILE.map((c) => [codePoint(c), c]))('refuses %s in every one-line field, naming it without printing it', (_, c) => {
    for (const field of ONE_LINE_FIELDS) {
      let message = '';
      try {
        parseText(field, `Acme${c}Corp`);
      } catch (error) {
        expect(error).toBeInstanceOf(InputError);
        message = (error as Error).message;
      }
      expect(message, field).toMatch(/character/);
      expect(message).not.toContain(c);
      if (c.charCodeAt(0) < 0xd800 || c.charCodeAt(0) > 0xdfff) expect(message).toContain(codePoint(c));
      expect(message).toContain('at character 5');
    }
  });

  it.each(INVISIBLE.map((c) => [codePoint(c), c]))('refuses the invisible %s in names, keeps it in notes', (_, c) => {
    expect(() => parseClientName(`Ac${c}me`)).toThrow(/invisible formatting character/);
    expect(parseText('note', `pasted${c}text`)).toBe(`pasted${c}text`);
  });

  it.each(LEGITIMATE)('keeps %s', (name) => {
    expect(parseClientName(name)).toBe(name);
    expect(parseText('note', name)).toBe(name);
  });

  it('keeps line breaks in notes (CRLF and CR become LF), and no other control', () => {
    for (const field of MULTI_LINE_FIELDS) {
      expect(parseText(field, 'first\r\nsecond\rthird\nfourth')).toBe('first\nsecond\nthird\nfourth');
      expect(() => parseText(field, 'tab\there')).toThrow(/U\+0009 a tab/);
      expect(() => parseText(field, 'esc\x1b[2J')).toThrow(/U\+001B ESC/);
      expect(() => parseText(field, 'csi\u009b2J')).toThrow(/U\+009B CSI/);
      expect(() => parseText(field, 'rtl\u202eevil')).toThrow(/U\+202E RIGHT-TO-LEFT OVERRIDE/);
    }
  });

  it('trims, and refuses empty and over-long texts', () => {
    expect(parseText('company', '  Acme  ')).toBe('Acme');
    expect(() => parseText('company', ' \u3000 ')).toThrow(/company is empty/);
    expect(() => parseText('tag', 'x'.repeat(61), '--tag')).toThrow(/--tag is longer than 60 characters/);
    expect(parseText('tag', 'x'.repeat(60))).toHaveLength(60);
  });

  it('reads a name of digits as an id, and an address needs an @', () => {
    expect(() => parseClientName('#42')).toThrow(/only digits/);
    expect(parseClientName('42 Ventures')).toBe('42 Ventures');
    expect(() => parseEmail('ana.example.com')).toThrow(/not an address/);
    expect(() => parseEmail('ana@exa mple.com')).toThrow(/not an address/);
  });

  it('splits tags on commas, lower-cases them, keeps each once', () => {
    expect(parseTags(['VIP, Retainer', 'vip', ' ,'])).toEqual(['vip', 'retainer']);
    expect(() => parseTags(['ok', 'bad\x1b'])).toThrow(/control character/);
  });

  it('every text a one-line validator accepts is one it keeps as it is, and the book may hold', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }), fc.constantFrom(...ONE_LINE_FIELDS), (text, field) => {
        let value: string;
        try {
          value = parseText(field, text);
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          expect((error as Error).message).not.toMatch(/[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
          return;
        }
        expect(parseText(field, value)).toBe(value);
        expect(value).not.toMatch(/[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200b\ufeff]/);
        expect(value).not.toMatch(/\p{Cs}/u);
      }),
      { numRuns: 500 },
    );
  });
});

describe('instants and durations', () => {
  it('reads ISO instants with an offset, within 1900-9999, and real calendar days only', () => {
    expect(parseIsoInstant('2026-03-15T09:30:00.000Z', 'at')).toBe(Date.parse('2026-03-15T09:30:00.000Z'));
    expect(parseIsoInstant('2026-03-15T10:30:00+01:00', 'at')).toBe(Date.parse('2026-03-15T09:30:00Z'));
    for (const bad of ['2026-02-30T00:00:00Z', '+275760-09-12T00:00:00Z', '2026-03-15T09:30:00', '2026-03-15 09:30Z', '1e300', '1850-01-01T00:00:00Z', '2026-03-15T24:00:00Z']) {
      expect(() => parseIsoInstant(bad, 'at'), bad).toThrow(InputError);
    }
    expect(INSTANT_RANGE.max).toBe(Date.parse('9999-12-31T23:59:59.999Z'));
  });

  it('takes a cadence of a day or more', () => {
    expect(parseCadenceHours('2w', '--cadence')).toBe(336);
    expect(() => parseCadenceHours('12h', '--cadence')).toThrow(/less than a day/);
  });
});

/** A valid row of each table, as the book stores it. */
const VALID: Record<keyof typeof BOOK_ROWS, StoredRow> = {
  setting: { key: 'health.weight.bids', value: '30' },
  client: {
    id: 1, name: 'Acme GmbH', email: 'ops@acme.example', company: 'Acme', status: 'active', since: '2026-01-01', endedOn: null,
    endReason: null, cadenceHours: 720, replyWithinHours: 24, note: 'line one\nline two', createdAt: Date.parse('2026-01-01T09:00:00Z'),
    trackedFrom: Date.parse('2026-01-01T09:00:00Z'), lastContact: null,
  },
  client_tag: { clientId: 1, tag: 'vip' },
  interaction: { id: 1, clientId: 1, at: Date.parse('2026-02-01T09:00:00Z'), channel: 'call', fromClient: 0, tone: -2, summary: null, horsemen: 'criticism,contempt', repair: 0, feedback: 1 },
  bid: { id: 1, clientId: 1, interactionId: 1, at: Date.parse('2026-02-01T09:00:00Z'), text: 'the Q3 numbers?', kind: 'question', response: 'toward', answeredAt: Date.parse('2026-02-02T09:00:00Z'), answerInteractionId: null },
  conflict_topic: { id: 1, clientId: 1, topic: 'Deadlines', status: 'resolved', resolvedAt: Date.parse('2026-02-03T09:00:00Z') },
  conflict_event: { id: 1, topicId: 1, interactionId: 1, at: Date.parse('2026-02-01T09:00:00Z'), repaired: 1 },
  appreciation: { id: 1, clientId: 1, interactionId: null, at: Date.parse('2026-02-01T09:00:00Z'), direction: 'from-client', kind: 'referral', note: null },
  need: { id: 1, clientId: 1, learnedAt: Date.parse('2026-02-01T09:00:00Z'), text: 'expand to the US', kind: 'goal' },
  voice: { id: 1, clientId: 1, interactionId: 1, raisedAt: Date.parse('2026-02-01T09:00:00Z'), text: 'pay within 14 days', outcome: 'open', outcomeAt: null },
  invoice: { id: 1, clientId: 1, number: 'INV-1', amountMinor: 150_000, currency: 'EUR', issued: '2026-02-01', due: '2026-03-01', voidedAt: null, note: null },
  payment: { id: 1, invoiceId: 1, amountMinor: 50_000, paidOn: '2026-02-10' },
  follow_up: { id: 1, clientId: 1, interactionId: 1, due: '2026-02-10', text: 'Follow up: the\nnumbers', createdAt: Date.parse('2026-02-01T09:00:00Z'), doneAt: null },
  reminder_state: { key: 'invoice-overdue:INV-1', state: 'snoozed', until: Date.parse('2026-03-05T09:00:00Z'), fingerprint: 'INV-1:100000' },
};

/** The field a stored row is refused for, or null when it is accepted. */
function refusedField(table: keyof typeof BOOK_ROWS, change: StoredRow): string | null {
  try {
    checkStoredRow(table, { ...VALID[table], ...change });
    return null;
  } catch (error) {
    if (!(error instanceof FieldError)) throw error;
    return error.field;
  }
}

describe('stored rows', () => {
  it('accepts a valid row of every table', () => {
    for (const table of Object.keys(VALID) as (keyof typeof BOOK_ROWS)[]) expect(refusedField(table, {}), table).toBeNull();
  });

  it.each<[keyof typeof BOOK_ROWS, StoredRow, string]>([
    // what issue 9 saw a dump bring in
    ['invoice', { currency: 'e$r' }, 'currency'],
    ['invoice', { currency: 'eur' }, 'currency'],
    ['client', { createdAt: 1e300 }, 'createdAt'],
    ['invoice', { amountMinor: 'abc' }, 'amountMinor'],
    ['invoice', { amountMinor: 1.5 }, 'amountMinor'],
    ['invoice', { amountMinor: 0 }, 'amountMinor'],
    ['client', { cadenceHours: 'abc' }, 'cadenceHours'],
    ['client', { cadenceHours: 12 }, 'cadenceHours'],
    ['client', { name: '' }, 'name'],
    ['client', { name: ' Acme' }, 'name'],
    ['client', { since: 'not-a-date' }, 'since'],
    ['client', { since: '2026-02-30' }, 'since'],
    // hostile text
    ['client', { name: 'Evil\x1b]0;PWNED\x07' }, 'name'],
    ['client', { company: 'Acme\u202eCorp' }, 'company'],
    ['client', { note: 'a\tb' }, 'note'],
    ['client_tag', { tag: 'VIP' }, 'tag'],
    ['client_tag', { tag: 'a,b' }, 'tag'],
    ['bid', { text: 'two\nlines' }, 'text'],
    ['invoice', { number: 'INV\u009b1' }, 'number'],
    // values no command writes
    ['interaction', { channel: 'Call' }, 'channel'],
    ['interaction', { tone: 3 }, 'tone'],
    ['interaction', { horsemen: 'contempt,criticism' }, 'horsemen'],
    ['interaction', { fromClient: 2 }, 'fromClient'],
    ['interaction', { at: '2026-02-01' }, 'at'],
    ['interaction', { clientId: 0 }, 'clientId'],
    ['interaction', { shoeSize: 44 }, 'shoeSize'],
    ['client', { status: 'ended' }, 'endedOn'],
    ['client', { status: 'ended', endedOn: '2025-12-31' }, 'endedOn'],
    ['client', { endReason: 'bored' }, 'endReason'],
    ['bid', { answeredAt: null }, 'answeredAt'],
    ['bid', { answeredAt: Date.parse('2026-01-31T09:00:00Z') }, 'answeredAt'],
    ['appreciation', { kind: 'gift' }, 'kind'],
    ['voice', { outcomeAt: Date.parse('2026-02-02T09:00:00Z') }, 'outcomeAt'],
    ['invoice', { due: '2026-01-31' }, 'due'],
    ['invoice', { numberKey: 'inv-2' }, 'numberKey'],
    ['setting', { value: '"30"' }, 'value'],
    ['setting', { value: '-1' }, 'value'],
    ['setting', { key: 'health.weight.shoes' }, 'key'],
    ['reminder_state', { until: null }, 'until'],
    ['reminder_state', { key: 'nonsense' }, 'key'],
    ['payment', { paidOn: Buffer.from('2026-02-10') }, 'paidOn'],
  ])('refuses in %s %j: field %s', (table, change, field) => {
    expect(refusedField(table, change)).toBe(field);
  });

  it('accepts the columns an older dump does not have, and sets them to null', () => {
    const { trackedFrom: _, lastContact: __, ...old } = VALID.client;
    const row: StoredRow = { ...old };
    checkStoredRow('client', row);
    expect(row.trackedFrom).toBeNull();
  });

  it('accepts in every text column whatever its field validator accepts', () => {
    const textColumns: [keyof typeof BOOK_ROWS, string, TextField][] = [
      ['client', 'name', 'clientName'], ['client', 'company', 'company'], ['client', 'note', 'note'], ['client_tag', 'tag', 'tag'],
      ['interaction', 'summary', 'summary'], ['bid', 'text', 'bid'], ['conflict_topic', 'topic', 'topic'], ['need', 'text', 'need'],
      ['voice', 'text', 'voice'], ['invoice', 'number', 'invoiceNumber'], ['follow_up', 'text', 'followUp'],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...textColumns), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }), ([table, column, field], text) => {
        let value: string;
        try {
          value = field === 'clientName' ? parseClientName(text) : field === 'tag' ? parseTags([text])[0] ?? '' : parseText(field, text);
        } catch {
          return;
        }
        if (!value) return;
        expect(refusedField(table, { [column]: value })).toBeNull();
      }),
      { numRuns: 500 },
    );
  });
});
