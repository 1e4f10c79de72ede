// vCards in and out (issue 11): an address book import that keeps going past nameless cards and follows
// --on-conflict for a name twice in one file, CHARSET honoured, real files from public test suites
// (test/fixtures/vcard/SOURCES.md); crm export --format vcf read back by ical.js and by crm import.
// In-process (helpers/in-process.ts).
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseVCards } from '../../src/core/vcard.js';
import { TempBook } from '../helpers/cli.js';
import { inProcessBook, refused } from '../helpers/in-process.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'vcard');

let book: TempBook;
let other: TempBook;
beforeEach(() => {
  book = new TempBook();
  other = new TempBook();
});
afterEach(() => {
  book.cleanup();
  other.cleanup();
});
const { run, ok } = inProcessBook(() => book.path);

/** Writes a file next to the book: text as UTF-8, or bytes as they are; returns its path. */
function write(name: string, content: string | Uint8Array): string {
  const path = join(book.dir, name);
  writeFileSync(path, content);
  return path;
}
const crlf = (...lines: string[]) => `${lines.join('\r\n')}\r\n`;

type ClientJson = { name: string; email: string | null; company: string | null; note: string | null; tags: string[] };
const clients = async (db = book.path) =>
  (await run(['client', 'list', '--json'], undefined, db)).json<ClientJson[]>().map(({ name, email, company, note, tags }) => ({ name, email, company, note, tags }));

describe('crm import of vCards that keeps going', () => {
  it('skips each card without a name with a line on stderr, counts it, and imports the named ones (a real Android export)', async () => {
    const file = join(FIXTURES, 'ez-vcard-John_Doe_ANDROID.vcf');
    const result = await ok('import', file);
    expect(result.stderr.split('\n').slice(0, 3)).toEqual([
      'crm: card 1: no name (FN or N); skipped',
      'crm: card 2: no name (FN or N); skipped',
      `Imported 6 clients from ${file}: 4 added, 2 skipped (2 without a name).`,
    ]);
    expect((await clients()).map((c) => c.name)).toEqual(['Ñ Ñ Ñ Ñ', 'Ñ Ñ Ñ Ñ Ñ', 'Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ', 'ÑÑÑÑ']);
  });

  it('a name twice in one file follows --on-conflict: fail names both cards, skip keeps the first, update takes the second', async () => {
    const file = write('twice.vcf', crlf(
      'BEGIN:VCARD', 'VERSION:3.0', 'FN:Ann Lee', 'EMAIL:first@lee.example', 'END:VCARD',
      'BEGIN:VCARD', 'VERSION:3.0', 'FN:ann lee', 'EMAIL:second@lee.example', 'ORG:Lee Ltd', 'END:VCARD',
    ));
    refused(await run(['import', file]), 2, /^crm: card 2, column name: "ann lee" is already in card 1 of this file; use --on-conflict skip or update$/m);
    expect(await clients()).toEqual([]);
    expect((await ok('import', file, '--on-conflict', 'skip', '--dry-run')).stderr).toContain('would add 1, update 0, skip 1');
    expect((await ok('import', file, '--on-conflict', 'skip')).stderr).toContain(': 1 added, 1 skipped.');
    expect(await clients()).toEqual([{ name: 'Ann Lee', email: 'first@lee.example', company: null, note: null, tags: [] }]);
    await run(['client', 'remove', 'Ann Lee', '--yes']);
    expect((await ok('import', file, '--on-conflict', 'update')).stderr).toContain(': 1 added, 1 updated.');
    expect(await clients()).toEqual([{ name: 'Ann Lee', email: 'second@lee.example', company: 'Lee Ltd', note: null, tags: [] }]);
  });

  it('so does an invoice number twice in one spreadsheet (the sibling in CSV)', async () => {
    await ok('client', 'add', 'Ann Lee');
    const file = write('invoices.csv', 'client,number,amount,currency,issued\r\nAnn Lee,A-1,10,EUR,2026-10-01\r\nAnn Lee,a-1,25,EUR,2026-10-02\r\n');
    refused(await run(['import', file, '--table', 'invoices']), 2, /^crm: row 2 \(line 3\), column number: invoice a-1 is already in row 1 \(line 2\) of this file; use --on-conflict skip or update$/m);
    expect((await ok('import', file, '--table', 'invoices', '--on-conflict', 'update')).stderr).toContain(': 1 added, 1 updated.');
    expect((await run(['invoice', 'list', '--json'])).json()).toMatchObject([{ number: 'A-1', amountMinor: 2500, issued: '2026-10-02' }]);
  });

  it('reads a vCard 2.1 in its CHARSET (Windows-1252, 8-bit and QUOTED-PRINTABLE) with PREF, groups, CATEGORIES and an AGENT', async () => {
    const card = crlf(
      'BEGIN:VCARD', 'VERSION:2.1',
      'FN:J\xfcrgen M\xfcller',
      'FN;CHARSET=Windows-1252;PREF:J\xfcrgen M\xfcller',
      'N;CHARSET=Windows-1252;ENCODING=QUOTED-PRINTABLE:M=FCller;J=FCrgen',
      'EMAIL;INTERNET:home@mueller.example',
      'work.EMAIL;INTERNET;PREF:jm@mueller.example',
      'ORG;CHARSET=Windows-1252;ENCODING=QUOTED-PRINTABLE:B=E4ckerei =',
      'M=FCller;Backstube',
      'NOTE;CHARSET=Windows-1252;ENCODING=QUOTED-PRINTABLE:Br=F6tchen =80 2=0D=0A=93frisch=94 seit 1920',
      'CATEGORIES:Kunden,VIP',
      'AGENT:',
      'BEGIN:VCARD', 'VERSION:2.1', 'FN:Agent Smith', 'EMAIL:smith@agent.example', 'END:VCARD',
      'END:VCARD',
    );
    // the first FN has no CHARSET: its byte 0xFC is not UTF-8, but the preferred one is taken and the other never read
    const file = write('outlook.vcf', Uint8Array.from(card, (c) => c.charCodeAt(0)));
    await ok('import', file);
    expect(await clients()).toEqual([
      { name: 'Jürgen Müller', email: 'jm@mueller.example', company: 'Bäckerei Müller', note: 'Brötchen € 2\n“frisch” seit 1920', tags: ['kunden', 'vip'] },
    ]);
  });

  it('refuses bytes that are not valid where no CHARSET says, naming card and line; --encoding reads them', async () => {
    const file = write('latin.vcf', Uint8Array.from(crlf('BEGIN:VCARD', 'VERSION:2.1', 'FN:M\xfcller', 'NOTE:Gr\xfc\xdfe', 'END:VCARD'), (c) => c.charCodeAt(0)));
    refused(await run(['import', file]), 2, /^crm: card 1 \(line 3\): FN holds bytes that are not valid utf-8: if the file is in another encoding, name it, e\.g\. --encoding windows-1252$/m);
    await ok('import', file, '--encoding', 'windows-1252');
    expect(await clients()).toMatchObject([{ name: 'Müller', note: 'Grüße' }]);
  });
});

/** What every fixture gives: the clients' names, and the cards skipped (without a name). */
const FIXTURE_NAMES: Record<string, { names: string[]; unnamed?: number }> = {
  'ez-vcard-John_Doe_ANDROID.vcf': { names: ['Ñ Ñ Ñ Ñ', 'Ñ Ñ Ñ Ñ Ñ', 'Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ', 'ÑÑÑÑ'], unnamed: 2 },
  'ez-vcard-John_Doe_BLACK_BERRY.vcf': { names: ['John Doe'] },
  'ez-vcard-John_Doe_EVOLUTION.vcf': { names: ['Mr. John Richter, James Doe Sr.'] },
  'ez-vcard-John_Doe_GMAIL.vcf': { names: ['Mr. John Richter, James Doe Sr.'] },
  'ez-vcard-John_Doe_IPHONE.vcf': { names: ['Mr. John Richter James Doe Sr.'] },
  'ez-vcard-John_Doe_LOTUS_NOTES.vcf': { names: ['Mr. Doe John I Johny'] },
  'ez-vcard-John_Doe_MAC_ADDRESS_BOOK.vcf': { names: ['Mr. John Richter,James Doe Sr.'] },
  'ez-vcard-John_Doe_MS_OUTLOOK.vcf': { names: ['Mr. John Richter James Doe Sr.'] },
  'ez-vcard-fullcontact.vcf': { names: ['Prefix FirstName MiddleName LastName Suffix'] },
  'ez-vcard-gmail-list.vcf': { names: ['Arnold Smith', 'Chris Beatle', 'Doug White'] },
  'ez-vcard-gmail-single.vcf': { names: ['Greg Dartmouth'] },
  'ez-vcard-gmail-single2.vcf': { names: ['VCard Test'] },
  'ez-vcard-issue114.vcf': { names: ['Dummy, Dummy'] },
  'ez-vcard-outlook-2003.vcf': { names: ['John Doe III'] },
  'ez-vcard-outlook-2007.vcf': { names: ['Mr. Michael Angstadt Jr.'] },
  'ez-vcard-rfc2426-example.vcf': { names: ['Frank Dawson', 'Tim Howes'] },
  'ez-vcard-rfc6350-example.vcf': { names: ['Simon Perreault'] },
  'ez-vcard-thunderbird-MoreFunctionsForAddressBook-extension.vcf': { names: ['John Doe'] },
  'vobject-radicale-1587.vcf': { names: ['Given Family'] },
};

describe('real vCard files from public test suites (test/fixtures/vcard)', () => {
  it('lists every fixture here, and SOURCES.md names each one', () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.vcf')).sort();
    expect(files).toEqual(Object.keys(FIXTURE_NAMES).sort());
    const sources = readFileSync(join(FIXTURES, 'SOURCES.md'), 'utf8');
    for (const file of files) expect(sources, file).toContain(`\`${file}\``);
  });

  it('every fixture reads with the names expected, and a card without one is the only kind left out', () => {
    for (const [file, expected] of Object.entries(FIXTURE_NAMES)) {
      const cards = parseVCards(readFileSync(join(FIXTURES, file)));
      expect(cards.filter((c) => c.name !== null).map((c) => c.name).sort(), file).toEqual([...expected.names].sort());
      expect(cards.filter((c) => c.name === null), file).toHaveLength(expected.unnamed ?? 0);
    }
  });

  it('crm import takes every fixture, each skipped card said, with no mojibake', async () => {
    const all = new Set<string>();
    for (const [file, expected] of Object.entries(FIXTURE_NAMES)) {
      // one book for all of them, so the same John Doe of two files is one client
      const result = await run(['import', join(FIXTURES, file), '--on-conflict', 'update', '--json']);
      expect(result.code, `${file}: ${result.stderr}`).toBe(0);
      const unnamed = expected.unnamed ?? 0;
      expect(result.json(), file).toMatchObject({ rows: expected.names.length + unnamed, added: expect.any(Number), ...(unnamed ? { unnamed } : {}) });
      expect(result.stderr.split('\n').filter((l) => / no name \(FN or N\); skipped$/.test(l)), file).toHaveLength(unnamed);
      for (const name of expected.names) all.add(name);
    }
    const imported = await clients();
    expect(imported.map((c) => c.name).sort()).toEqual([...all].sort());
    // never mojibake: no replacement character, no C1 control from a wrong decoding, no UTF-8 read as Latin-1
    expect(JSON.stringify(imported)).not.toMatch(/\ufffd|[\u0080-\u009f]|Ã/);
    // what the exporters put where: Outlook notes with line breaks, the preferred e-mail, the company, tags
    const byName = new Map(imported.map((c) => [c.name, c]));
    expect(byName.get('Mr. Michael Angstadt Jr.')).toMatchObject({
      email: 'mike.angstadt@gmail.com', company: 'TheCompany',
      note: expect.stringMatching(/^This is the NOTE field +\nI assume it encodes this text inside a NOTE vCard type\.\n/),
    });
    expect(byName.get('John Doe III')).toMatchObject({ company: 'Company, The', note: 'This is the note field!!\nSecond line\n\nThird line is empty' });
    // the iPhone's card, then Outlook's of the same name (--on-conflict update): Outlook's preferred e-mail
    expect(byName.get('Mr. John Richter James Doe Sr.')).toMatchObject({ email: 'john.doe@ibm.cm', company: 'IBM' });
    expect(byName.get('Mr. John Richter, James Doe Sr.')).toMatchObject({ tags: ['vip'] });
    expect(byName.get('John Doe')).toMatchObject({ tags: ['category1', 'category2', 'category3'] });
  });
});

describe('crm export --format vcf', () => {
  const people = [
    ['Jane Q. Public', '--email', 'jane@public.example', '--company', 'Public Works; Roads, Bridges', '--tag', 'retainer', '--tag', 'vip', '--note', 'first line\nsecond, with \\ and ;'],
    ['Zoë Ünal-Şahin', '--company', '李小龍 Films 👩‍👩‍👧‍👦', '--note', `${'é'.repeat(60)} ${'😀'.repeat(30)}`],
    ['Acme GmbH', '--email', 'ops@acme.example'],
  ];

  it('writes one card per client that ical.js reads field by field, in 4.0 and 3.0; crm import of it gives the same clients', async () => {
    for (const person of people) await ok('client', 'add', ...person);
    const book = await clients();
    const list = (await run(['client', 'list', '--json'])).json<{ name: string }[]>();
    const dump = (await run(['export'])).json<{ tables: { client: { name: string; uid: string }[] } }>();
    const uids = new Map(dump.tables.client.map((c) => [c.name, c.uid]));
    for (const version of ['4.0', '3.0']) {
      const args = ['export', '--format', 'vcf', ...(version === '3.0' ? ['--vcard-version', '3.0'] : [])];
      const text = (await ok(...args)).stdout;
      expect(text.split('\r\n').every((line) => new TextEncoder().encode(line).length <= 75 && !line.includes('\n'))).toBe(true);
      const cards = (ICAL.parse(text) as unknown[][]).map((jcard) => new ICAL.Component(jcard));
      const semicolon = (t: string | null) => (t !== null && version === '3.0' ? t.replace(/;/g, '\\;') : t); // ical.js keeps 3.0's "\;"
      expect(cards.map((card) => ({
        version: card.getFirstPropertyValue('version'),
        name: card.getFirstPropertyValue('fn'),
        email: card.getFirstPropertyValue('email') ?? null,
        company: card.getFirstPropertyValue('org') ?? null,
        note: card.getFirstPropertyValue('note') ?? null,
        tags: card.getAllProperties('categories').flatMap((p) => p.getValues() as string[]),
        uid: card.getFirstPropertyValue('uid'),
        rev: String(card.getFirstPropertyValue('rev')),
      }))).toEqual(book.map((client) => ({
        version,
        ...client,
        name: semicolon(client.name),
        note: semicolon(client.note),
        uid: `urn:uuid:${uids.get(client.name)!.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5')}`,
        rev: '2026-11-23T09:00:00Z',
      })));
      expect(list.map((c) => c.name)).toEqual(book.map((c) => c.name));
      const file = write(`clients-${version}.vcf`, text);
      other.cleanup();
      other = new TempBook();
      await run(['import', file], undefined, other.path);
      expect(await clients(other.path)).toEqual(book);
    }
  });

  it('writes through --out (0600, --force to replace), and refuses --table and a --vcard-version without vcf', async () => {
    await ok('client', 'add', 'Ann Lee');
    const out = join(book.dir, 'clients.vcf');
    expect((await ok('export', '--format', 'vcf', '--out', out)).stderr).toBe(`Exported to ${out}.\n`);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(readFileSync(out, 'utf8')).toMatch(/^BEGIN:VCARD\r\nVERSION:4\.0\r\n[^]*\r\nFN:Ann Lee\r\nN:Lee;Ann;;;\r\n[^]*END:VCARD\r\n$/);
    refused(await run(['export', '--format', 'vcf', '--out', out]), 2, /already exists/);
    await ok('export', '--format', 'vcf', '--out', out, '--force', '--vcard-version', '3.0');
    expect(readFileSync(out, 'utf8')).toContain('\r\nVERSION:3.0\r\n');
    refused(await run(['export', '--format', 'vcf', '--table', 'clients']), 2, /^crm: --table is for json, ndjson and csv: --format vcf writes the clients, one card each$/m);
    refused(await run(['export', '--vcard-version', '3.0']), 2, /^crm: --vcard-version goes with --format vcf$/m);
  });
});
