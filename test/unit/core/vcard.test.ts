import { describe, expect, it } from 'vitest';
import { parseVCards, type VCardContact } from '../../../src/core/vcard.js';

const crlf = (lines: string[]) => `${lines.join('\r\n')}\r\n`;
const only = (text: string): VCardContact => {
  const contacts = parseVCards(text);
  expect(contacts).toHaveLength(1);
  return contacts[0]!;
};

describe('parseVCards', () => {
  it('reads a vCard 3.0 card', () => {
    const text = crlf([
      'BEGIN:VCARD',
      'VERSION:3.0',
      'N:Doe;Jane;;;',
      'FN:Jane Doe',
      'ORG:Doe Consulting',
      'EMAIL;TYPE=INTERNET,WORK:jane@doe.example',
      'TEL;TYPE=CELL:+49 170 0000000',
      'NOTE:met at the fair',
      'END:VCARD',
    ]);
    expect(parseVCards(text)).toEqual([
      { index: 1, name: 'Jane Doe', email: 'jane@doe.example', organisation: 'Doe Consulting', note: 'met at the fair', categories: [] },
    ]);
  });

  it('reads a vCard 4.0 card', () => {
    const text = crlf([
      'BEGIN:VCARD',
      'VERSION:4.0',
      'FN:Bob Roe',
      'N:Roe;Bob;;;',
      'EMAIL;PREF=1;TYPE=work:bob@roe.example',
      'ORG:Roe & Co',
      'END:VCARD',
    ]);
    expect(only(text)).toMatchObject({ name: 'Bob Roe', email: 'bob@roe.example', organisation: 'Roe & Co' });
  });

  it('reads a vCard 2.1 card with QUOTED-PRINTABLE UTF-8 values', () => {
    const text = crlf([
      'BEGIN:VCARD',
      'VERSION:2.1',
      'N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen;;;',
      'FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=BCrgen M=C3=BCller',
      'EMAIL;INTERNET:jm@mueller.example',
      'ORG;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:B=C3=A4ckerei M=C3=BCller',
      'END:VCARD',
    ]);
    expect(only(text)).toMatchObject({ name: 'Jürgen Müller', email: 'jm@mueller.example', organisation: 'Bäckerei Müller' });
    // 2.1 also allows a parameter value without its name
    expect(only(crlf(['BEGIN:VCARD', 'VERSION:2.1', 'FN;QUOTED-PRINTABLE:Ren=C3=A9e', 'END:VCARD'])).name).toBe('Renée');
  });

  it('joins QUOTED-PRINTABLE soft line breaks (a value ending in "=" goes on on the next line)', () => {
    const text = crlf([
      'BEGIN:VCARD',
      'VERSION:2.1',
      'FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=4A=C3=BC=72=67=65=6E=20=4D=C3=BC=6C=',
      '=6C=65=72',
      'NOTE;ENCODING=QUOTED-PRINTABLE:first line=0D=0Asecond=',
      '=20line',
      'EMAIL:jm@mueller.example',
      'END:VCARD',
    ]);
    expect(only(text)).toMatchObject({ name: 'Jürgen Müller', email: 'jm@mueller.example', note: 'first line\r\nsecond line' });
  });

  it('unfolds folded lines (a line break then a space or a tab)', () => {
    const text = crlf([
      'BEGIN:VCARD',
      'VERSION:3.0',
      'FN:Alexandra Maria',
      '  von Stein',
      'EMAIL:alexandra.vonstein@exam',
      '\tple.com',
      'ORG:Stein Holding',
      ' s',
      'END:VCARD',
    ]);
    expect(only(text)).toMatchObject({
      name: 'Alexandra Maria von Stein',
      email: 'alexandra.vonstein@example.com',
      organisation: 'Stein Holdings',
    });
  });

  it('undoes escaped backslashes, commas, semicolons and newlines', () => {
    const text = crlf([
      'BEGIN:VCARD',
      'VERSION:4.0',
      'FN:Doe\\, Jane',
      'ORG:Acme\\; Sons\\, Inc.',
      'NOTE:line one\\nline two\\Nthree\\\\n\\;\\,',
      'END:VCARD',
    ]);
    expect(only(text)).toMatchObject({ name: 'Doe, Jane', organisation: 'Acme; Sons, Inc.', note: 'line one\nline two\nthree\\n;,' });
  });

  it('builds the name from N when there is no FN: given, additional, family', () => {
    const text = crlf(['BEGIN:VCARD', 'VERSION:3.0', 'N:Doe;Jane;Q.;Dr.;PhD', 'END:VCARD', 'BEGIN:VCARD', 'VERSION:3.0', 'N:Solo;;;;', 'END:VCARD']);
    expect(parseVCards(text).map((c) => c.name)).toEqual(['Jane Q. Doe', 'Solo']);
  });

  it('prefers FN over N, whatever their order; an empty FN falls back to N', () => {
    const text = crlf([
      'BEGIN:VCARD', 'N:Doe;Jane;;;', 'FN:JD', 'END:VCARD',
      'BEGIN:VCARD', 'FN:', 'N:Roe;Bob;;;', 'END:VCARD',
    ]);
    expect(parseVCards(text).map((c) => c.name)).toEqual(['JD', 'Bob Roe']);
  });

  it('leaves the name null when a card has neither FN nor N', () => {
    expect(only(crlf(['BEGIN:VCARD', 'EMAIL:x@y.example', 'END:VCARD'])).name).toBeNull();
  });

  it('takes the organisation of ORG, not its units', () => {
    const text = crlf(['BEGIN:VCARD', 'FN:A', 'ORG:ABC\\, Inc.;North American Division;Marketing', 'END:VCARD']);
    expect(only(text).organisation).toBe('ABC, Inc.');
    expect(only(crlf(['BEGIN:VCARD', 'FN:A', 'ORG:Acme;', 'END:VCARD'])).organisation).toBe('Acme');
    expect(only(crlf(['BEGIN:VCARD', 'FN:A', 'ORG:;', 'END:VCARD'])).organisation).toBeNull();
  });

  it('takes the first of several EMAILs', () => {
    const text = crlf(['BEGIN:VCARD', 'FN:A', 'EMAIL;TYPE=HOME:first@a.example', 'EMAIL;TYPE=WORK:second@a.example', 'END:VCARD']);
    expect(only(text).email).toBe('first@a.example');
  });

  it('reads grouped properties (item1.EMAIL, as Apple writes them)', () => {
    const text = crlf([
      'BEGIN:VCARD',
      'VERSION:3.0',
      'FN:Grace Hopper',
      'item1.EMAIL;type=INTERNET;type=pref:grace@navy.example',
      'item1.X-ABLabel:_$!<Work>!$_',
      'item2.ORG:US Navy',
      'END:VCARD',
    ]);
    expect(only(text)).toMatchObject({ name: 'Grace Hopper', email: 'grace@navy.example', organisation: 'US Navy' });
  });

  it('reads property names case-insensitively', () => {
    const text = 'begin:vcard\nversion:3.0\nfn:Lower Case\nemail:lc@x.example\nend:vcard\n';
    expect(only(text)).toMatchObject({ name: 'Lower Case', email: 'lc@x.example' });
  });

  it('reads CRLF, LF and CR files alike, with or without a final line break', () => {
    const lines = ['BEGIN:VCARD', 'VERSION:3.0', 'FN:Ada Lovelace', 'EMAIL:ada@x.example', 'END:VCARD'];
    const expected = [{ index: 1, name: 'Ada Lovelace', email: 'ada@x.example', organisation: null, note: null, categories: [] }];
    expect(parseVCards(lines.join('\r\n'))).toEqual(expected);
    expect(parseVCards(`${lines.join('\n')}\n`)).toEqual(expected);
    expect(parseVCards(`${lines.join('\r')}\r`)).toEqual(expected);
  });

  it('ignores text outside cards, and numbers the cards in order', () => {
    const text = crlf([
      'Exported by Some Address Book',
      'FN:Not A Card',
      'BEGIN:VCARD',
      'FN:One',
      'END:VCARD',
      '',
      'Subject: between cards',
      'BEGIN:VCARD',
      'FN:Two',
      'EMAIL:two@x.example',
      'END:VCARD',
      'EMAIL:trailing@x.example',
    ]);
    const contacts = parseVCards(text);
    expect(contacts.map((c) => [c.index, c.name, c.email])).toEqual([
      [1, 'One', null],
      [2, 'Two', 'two@x.example'],
    ]);
  });

  it('finds no contacts in a file without cards, and drops a card that never ends', () => {
    expect(parseVCards('')).toEqual([]);
    expect(parseVCards('name,email\r\nA,a@x.example\r\n')).toEqual([]);
    expect(parseVCards(crlf(['BEGIN:VCARD', 'FN:Done', 'END:VCARD', 'BEGIN:VCARD', 'FN:Cut off']))).toHaveLength(1);
  });

  it('takes the FN with the lowest PREF (or TYPE=pref), else the first of several', () => {
    const card = (...lines: string[]) => only(crlf(['BEGIN:VCARD', 'VERSION:4.0', ...lines, 'END:VCARD'])).name;
    expect(card('FN:First', 'FN:Second')).toBe('First');
    expect(card('FN:First', 'FN;PREF=2:Second', 'FN;PREF=1:Third')).toBe('Third');
    expect(card('FN:First', 'FN;TYPE=pref:Second')).toBe('Second');
    expect(card('FN;PREF=1:', 'FN:Named')).toBe('Named');
  });

  it('takes the preferred EMAIL: PREF=1, TYPE=pref, or a bare PREF (2.1)', () => {
    const email = (...lines: string[]) => only(crlf(['BEGIN:VCARD', 'FN:A', ...lines, 'END:VCARD'])).email;
    expect(email('EMAIL:other@x.example', 'EMAIL;PREF=1:main@x.example')).toBe('main@x.example');
    expect(email('EMAIL;TYPE=HOME:other@x.example', 'EMAIL;TYPE=INTERNET,pref:main@x.example')).toBe('main@x.example');
    expect(email('EMAIL;INTERNET:other@x.example', 'EMAIL;INTERNET;PREF:main@x.example')).toBe('main@x.example');
  });

  it('reads a property under any group prefix', () => {
    const text = crlf(['BEGIN:VCARD', 'VERSION:3.0', 'work.FN:Grouped Name', 'work.EMAIL:w@x.example', 'A-1.ORG:Acme', 'item2.NOTE:hi', 'END:VCARD']);
    expect(only(text)).toMatchObject({ name: 'Grouped Name', email: 'w@x.example', organisation: 'Acme', note: 'hi' });
  });

  it('joins a QUOTED-PRINTABLE soft line break before unfolding, and drops a final "="', () => {
    const text = crlf([
      'BEGIN:VCARD', 'VERSION:2.1', 'FN:Soft',
      'ORG;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Big=', ' Company',
      'NOTE;ENCODING=QUOTED-PRINTABLE:ends in=', '',
      'EMAIL:soft@x.example',
      'END:VCARD',
    ]);
    expect(only(text)).toMatchObject({ organisation: 'Big Company', note: 'ends in', email: 'soft@x.example' });
    const last = crlf(['BEGIN:VCARD', 'VERSION:2.1', 'FN:Last', 'NOTE;ENCODING=QUOTED-PRINTABLE:the end=', 'END:VCARD', 'BEGIN:VCARD', 'FN:Next', 'END:VCARD']);
    expect(parseVCards(last).map((c) => [c.name, c.note])).toEqual([['Last', 'the end'], ['Next', null]]);
  });

  it('reads QUOTED-PRINTABLE =0D=0A as a line break and a tab as a space (Outlook notes)', () => {
    const text = crlf(['BEGIN:VCARD', 'VERSION:2.1', 'FN:Out Look', 'NOTE;ENCODING=QUOTED-PRINTABLE:one=09two=0D=0Athree', 'END:VCARD']);
    expect(only(text).note).toBe('one two\r\nthree');
  });

  it('skips a nested vCard 2.1 AGENT card: it does not replace the outer card', () => {
    const outer = (...agent: string[]) => crlf(['BEGIN:VCARD', 'VERSION:2.1', 'FN:Outer Person', ...agent, 'EMAIL:outer@x.example', 'END:VCARD']);
    const inner = ['BEGIN:VCARD', 'VERSION:2.1', 'FN:Agent Smith', 'EMAIL:smith@x.example', 'END:VCARD'];
    // 2.1 nests the card on the lines after AGENT (or after AGENT:BEGIN:VCARD); 3.0 escapes it into one value
    const escaped = `AGENT:${inner.join('\\n')}\\n`;
    for (const text of [outer('AGENT:', ...inner), outer(`AGENT:${inner[0]}`, ...inner.slice(1)), outer(escaped)]) {
      expect(parseVCards(text)).toEqual([
        { index: 1, name: 'Outer Person', email: 'outer@x.example', organisation: null, note: null, categories: [] },
      ]);
    }
  });

  it('reads CATEGORIES, every line of them, each category once', () => {
    const text = crlf(['BEGIN:VCARD', 'FN:A', 'CATEGORIES:Clients,VIP', 'CATEGORIES:VIP,a\\, b', 'END:VCARD']);
    expect(only(text).categories).toEqual(['Clients', 'VIP', 'a, b']);
  });

  describe('from bytes', () => {
    /** A string of byte values (U+0000-U+00FF) as those bytes. */
    const bytes = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

    it('decodes an 8-bit or QUOTED-PRINTABLE value in its CHARSET (Windows-1252), the others as UTF-8', () => {
      const text = crlf([
        'BEGIN:VCARD', 'VERSION:2.1',
        'FN;CHARSET=Windows-1252:J\xfcrgen M\xfcller',
        'ORG;CHARSET=windows-1252;ENCODING=QUOTED-PRINTABLE:B=E4ckerei =80',
        'NOTE:' + String.fromCharCode(...new TextEncoder().encode('Grüße')),
        'END:VCARD',
      ]);
      expect(parseVCards(bytes(text))[0]).toMatchObject({ name: 'Jürgen Müller', organisation: 'Bäckerei €', note: 'Grüße' });
    });

    it('refuses a value whose bytes are not valid UTF-8, naming the card and line; --encoding reads it', () => {
      const text = bytes(crlf(['BEGIN:VCARD', 'VERSION:2.1', 'FN:M\xfcller', 'END:VCARD']));
      expect(() => parseVCards(text)).toThrow(/^card 1 \(line 3\): FN holds bytes that are not valid utf-8: .*--encoding windows-1252/);
      expect(parseVCards(text, 'windows-1252')[0]!.name).toBe('Müller');
    });

    it('decodes only the values it keeps: a broken PHOTO or a second ORG does not stop the card', () => {
      const text = bytes(crlf(['BEGIN:VCARD', 'VERSION:2.1', 'FN:Kept', 'ORG:Acme', 'ORG;ENCODING=QUOTED-PRINTABLE:=C3=80=80', 'ADR:\xff\xfe', 'END:VCARD']));
      expect(parseVCards(text)[0]).toMatchObject({ name: 'Kept', organisation: 'Acme' });
    });

    it('reads UTF-16 by its byte order mark, and a UTF-8 byte order mark', () => {
      const card = crlf(['BEGIN:VCARD', 'FN:Zoë Ünal', 'END:VCARD']);
      const utf16 = Uint8Array.from([0xff, 0xfe, ...Array.from(card).flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8])]);
      expect(parseVCards(utf16)[0]!.name).toBe('Zoë Ünal');
      expect(parseVCards(Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(card)]))[0]!.name).toBe('Zoë Ünal');
    });
  });
});
