// The vCard writer, read back by a real parser (ical.js reads vCard 3.0 and 4.0 into jCard).
import fc from 'fast-check';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { strictDecoder } from '../../../src/core/text-encoding.js';
import { parseVCards } from '../../../src/core/vcard.js';
import { VCARD_VERSIONS, vcardOf, type ClientCard, type VCardVersion } from '../../../src/core/vcard-write.js';

const card = (fields: Partial<ClientCard> = {}): ClientCard => ({
  uid: '0123456789abcdef0123456789abcdef',
  name: 'Jane Q. Public',
  email: 'jane@public.example',
  company: 'Public Works',
  note: 'met at the fair',
  tags: ['retainer', 'vip'],
  revised: Date.parse('2026-11-23T09:15:30Z'),
  ...fields,
});

/** The card as ical.js reads it: property name -> its values (several for N and CATEGORIES). */
function parsed(text: string) {
  const vcard = new ICAL.Component(ICAL.parse(text) as unknown[]);
  const value = (name: string) => vcard.getFirstProperty(name)?.getValues() as unknown[] | undefined;
  return {
    version: vcard.getFirstPropertyValue('version'),
    fn: vcard.getFirstPropertyValue('fn'),
    n: value('n')?.[0],
    email: vcard.getFirstPropertyValue('email') ?? null,
    org: vcard.getFirstPropertyValue('org') ?? null,
    note: vcard.getFirstPropertyValue('note') ?? null,
    categories: vcard.getAllProperties('categories').flatMap((p) => p.getValues() as string[]),
    uid: vcard.getFirstPropertyValue('uid'),
    rev: String(vcard.getFirstPropertyValue('rev')),
  };
}

/** What a value becomes in a vCard: control characters (none of which TEXT may hold) removed, line breaks \n. */
const asWritten = (text: string) => text.replace(/\r\n|[\r\u2028\u2029]/g, '\n').replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, '');
/**
 * The same as ical.js gives it back: RFC 2426 (3.0) has a semicolon escaped in every TEXT value, and ical.js
 * leaves the backslash of "\;" outside N and ORG (RFC 6350 lets 4.0 leave the semicolon as it is, and crm does).
 */
const asIcalReads = (text: string, version: VCardVersion) => (version === '3.0' ? asWritten(text).replace(/;/g, '\\;') : asWritten(text));

describe('vcardOf', () => {
  it.each(VCARD_VERSIONS)('writes a vCard %s that a real parser reads field by field', (version) => {
    const text = vcardOf(card(), version);
    expect(parsed(text)).toEqual({
      version,
      fn: 'Jane Q. Public',
      n: ['Public', 'Jane', 'Q.', '', ''],
      email: 'jane@public.example',
      org: 'Public Works',
      note: 'met at the fair',
      categories: ['retainer', 'vip'],
      uid: 'urn:uuid:01234567-89ab-cdef-0123-456789abcdef',
      rev: '2026-11-23T09:15:30Z',
    });
    expect(text).toMatch(version === '3.0' ? /\r\nREV:2026-11-23T09:15:30Z\r\n/ : /\r\nREV:20261123T091530Z\r\n/);
  });

  it('keeps N empty for a name it cannot split, and leaves out what the client does not have', () => {
    const text = vcardOf(card({ name: 'Acme GmbH', company: 'Acme GmbH', email: null, note: null, tags: [] }));
    expect(text).toContain('\r\nN:;;;;\r\n');
    expect(parsed(text)).toMatchObject({ fn: 'Acme GmbH', n: ['', '', '', '', ''], email: null, note: null, categories: [] });
    expect(parsed(vcardOf(card({ name: 'Dr. No 7' }))).n).toEqual(['', '', '', '', '']);
  });

  it('escapes, folds at 75 octets without cutting a character, ends lines in CRLF, and lets no control through', () => {
    const hostile = card({
      name: 'Zoë, Ünal; \\ 李小龍 👩‍👩‍👧‍👦 \x1b[31mred\x1b[0m \u009b2J',
      company: 'A;B,C\\D',
      note: `line one\nline two\r\nthird;\u2028fourth, \\n literal\x07\x00 ${'é'.repeat(80)}`,
      email: 'o\'brien+x@example.com',
      tags: ['a b', 'ü'],
    });
    for (const version of VCARD_VERSIONS) {
      const text = vcardOf(hostile, version);
      expect(text.endsWith('\r\n')).toBe(true);
      expect(text.replace(/\r\n/g, '')).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
      const [read] = parseVCards(text);
      expect(read).toMatchObject({ name: asWritten(hostile.name), organisation: 'A;B,C\\D', note: asWritten(hostile.note!), categories: ['a b', 'ü'] });
      for (const line of text.split('\r\n').slice(0, -1)) {
        const bytes = new TextEncoder().encode(line);
        expect(bytes.length).toBeLessThanOrEqual(75);
        // a fold never cuts a UTF-8 sequence: every line decodes on its own
        expect(() => strictDecoder('utf-8').decode(bytes)).not.toThrow();
      }
      expect(parsed(text)).toMatchObject({
        fn: asIcalReads(hostile.name, version),
        org: 'A;B,C\\D',
        note: asIcalReads(hostile.note!, version),
        email: hostile.email,
        categories: ['a b', 'ü'],
      });
    }
  });

  it('round-trips any text through ical.js and through crm\'s own reader', () => {
    const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 120 }).filter((t) => asWritten(t).trim() !== '');
    fc.assert(
      fc.property(text, text, text, fc.constantFrom<VCardVersion>(...VCARD_VERSIONS), (name, company, note, version) => {
        const written = vcardOf(card({ name, company, note }), version);
        expect(parsed(written)).toMatchObject({ fn: asIcalReads(name, version), org: asWritten(company), note: asIcalReads(note, version) });
        const [read] = parseVCards(written);
        const tidy = (t: string) => asWritten(t).replace(/\t/g, ' ').trim() || null;
        expect(read).toMatchObject({ name: tidy(name), organisation: tidy(company), note: tidy(note) });
      }),
      { numRuns: 100 },
    );
  });
});

describe('strictDecoder', () => {
  it('reads windows-1252 as the WHATWG standard has it, whatever Node does (0x80 is €, 0x92 is ’)', () => {
    const high = Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i);
    expect(strictDecoder('windows-1252').decode(high)).toBe('€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ');
    expect(strictDecoder('windows-1252').decode(Uint8Array.from([0x4d, 0xfc]))).toBe('Mü');
  });
});
