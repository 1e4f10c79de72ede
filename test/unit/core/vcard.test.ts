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
      { index: 1, name: 'Jane Doe', email: 'jane@doe.example', organisation: 'Doe Consulting', note: 'met at the fair' },
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

  it('joins ORG units with commas', () => {
    const text = crlf(['BEGIN:VCARD', 'FN:A', 'ORG:ABC\\, Inc.;North American Division;Marketing', 'END:VCARD']);
    expect(only(text).organisation).toBe('ABC, Inc., North American Division, Marketing');
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
    const expected = [{ index: 1, name: 'Ada Lovelace', email: 'ada@x.example', organisation: null, note: null }];
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
});
