// Issue 11, CSV: `crm import FILE` takes the contact exports of Google Contacts (current and older), Outlook,
// Thunderbird, HubSpot and a Dutch/German Excel sheet (semicolons) as they are, by their header. In-process (cli.ts
// main) for the import itself; the built binary once, for --dry-run and the encodings as a user meets them.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileDigest, runCrm } from '../helpers/cli.js';
import { inProcessBook, refused } from '../helpers/in-process.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/contacts-csv');
const fixture = (name: string) => join(FIXTURES, name);

let dir: string;
let book: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'crm-contacts-'));
  book = join(dir, 'book.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const { run: crm, ok } = inProcessBook(() => book);

interface ClientJson {
  name: string;
  email: string | null;
  company: string | null;
  tags: string[];
  note: string | null;
}

async function clients(): Promise<Record<string, Omit<ClientJson, 'name'>>> {
  const list = JSON.parse((await ok('client', 'list', '--json')).stdout) as ClientJson[];
  return Object.fromEntries(list.map(({ name, email, company, tags, note }) => [name, { email, company, tags, note }]));
}

/** A fixture's text written again in another encoding (UTF-16 with its byte order mark, Windows-1252). */
function reencoded(name: string, encoding: 'utf-16le' | 'utf-16be' | 'windows-1252', from = 'utf-8'): string {
  const text = new TextDecoder(from).decode(readFileSync(fixture(name)));
  let bytes: Buffer;
  if (encoding === 'windows-1252') bytes = Buffer.from(text, 'latin1'); // the fixtures' letters are all in Latin-1
  else {
    const le = Buffer.from(`\ufeff${text}`, 'utf16le');
    bytes = encoding === 'utf-16le' ? le : Buffer.from(le).swap16();
  }
  const path = join(dir, `${encoding}-${name}`);
  writeFileSync(path, bytes);
  return path;
}

describe('contact exports import by their header', () => {
  it('Google Contacts: names joined, the primary address, organisation, notes with a CRLF and phones in the note, labels as tags; an e-mail-only contact left out', async () => {
    const result = await ok('import', fixture('google-contacts.csv'), '--json');
    expect(JSON.parse(result.stdout)).toMatchObject({ added: 4, unnamed: 1, rows: 5, reading: { layout: 'google', delimiter: 'comma' } });
    expect(result.stderr).toContain('crm: read as Google Contacts; 22 other columns not used (--dry-run lists them)\n');
    expect(result.stderr).toContain('crm: row 3 (line 7): no name; skipped\n');
    expect(await clients()).toEqual({
      'Ana Maria Lima': {
        email: 'ana@limadesign.example',
        company: 'Lima Design',
        tags: ['clients', 'vip'],
        note: 'Met at the Porto meetup.\nPrefers calls before 10.\nPhone: +351 912 345 678 (Mobile)\nPhone: +351 913 000 111 (Mobile)',
      },
      'Jörg Müller': { email: 'j.mueller@example.de', company: 'Müller & Söhne GmbH', tags: ['clients'], note: 'Phone: +49 30 1234567 (Work)' },
      'Acme Widgets Ltd': { email: 'hello@acme.example', company: 'Acme Widgets Ltd', tags: ['leads'], note: 'Phone: +44 20 7946 0000 (Work)' },
      'Chen Wei': { email: 'chen.wei@example.cn', company: null, tags: [], note: null },
    });
  });

  it('the older Google CSV, Outlook (Windows-1252, CRLF in a note), HubSpot and Thunderbird (real files)', async () => {
    await ok('import', fixture('google-legacy.csv'));
    await ok('import', fixture('outlook.csv'), '--encoding', 'windows-1252', '--on-conflict', 'update');
    const hubspot = await ok('import', fixture('hubspot.csv'), '--on-conflict', 'skip');
    expect(hubspot.stderr).toContain('Imported 3 clients from');
    expect(hubspot.stderr).toContain('1 added, 2 skipped (1 without a name).');
    await ok('import', fixture('thunderbird.csv'));
    const book = await clients();
    expect(Object.keys(book).sort()).toEqual(['Ana Lima', 'Françoise Dupré', 'Jane Doe', 'John Doe', 'Jörg Müller', 'Zoë de Vries']);
    expect(book['Ana Lima']).toEqual({ email: 'ana@limadesign.example', company: 'Lima Design', tags: ['clients'], note: 'Met at the Porto meetup.\nPhone: +351 912 345 678 (Mobile)' });
    // Outlook updated the Jörg Müller of the Google file: its categories, its note (a CRLF inside quotes) and phones.
    expect(book['Jörg Müller']).toEqual({
      email: 'j.mueller@example.de',
      company: 'Müller & Söhne GmbH',
      tags: ['clients', 'vip'],
      note: 'Invoices to the Berlin office.\nCall before noon.\nPhone: +49 30 1234567 (Business)\nPhone: +49 170 1234567 (Mobile)',
    });
    expect(book['Zoë de Vries']).toMatchObject({ email: 'zoe@devries.example', company: 'De Vries Bouw' });
    expect(book['John Doe']).toMatchObject({ email: 'john@doe.invalid' });
  });

  it('--on-conflict: fail names the client, skip and update do what they say', async () => {
    await ok('import', fixture('google-contacts.csv'));
    const digest = fileDigest(book);
    refused(await crm(['import', fixture('google-contacts.csv')]), 2, /row 1 \(line 2\), column name: a client named "Ana Maria Lima" is already in the book/);
    expect(fileDigest(book)).toBe(digest);
    expect(JSON.parse((await ok('import', fixture('google-contacts.csv'), '--on-conflict', 'skip', '--json')).stdout)).toMatchObject({ skipped: 5, added: 0, unnamed: 1 });
    expect(JSON.parse((await ok('import', fixture('google-contacts.csv'), '--on-conflict', 'update', '--json')).stdout)).toMatchObject({ updated: 4 });
  });

  it('a file that is not a contact export keeps its rules: a row without a name is an error, not skipped', async () => {
    const sheet = join(dir, 'clients.csv');
    writeFileSync(sheet, 'name,email\nAna,ana@x.example\n,only@x.example\n');
    refused(await crm(['import', sheet]), 2, /row 2 \(line 3\), column name: the name is empty/);
    expect(existsSync(book)).toBe(false);
  });
});

describe('separators', () => {
  it('semicolons (Dutch/German Excel, a UTF-8 BOM, CRLF) are found on the header line; --delimiter names them', async () => {
    const result = await ok('import', fixture('excel-semicolon.csv'), '--json');
    expect(JSON.parse(result.stdout)).toMatchObject({ added: 2, reading: { layout: 'crm', delimiter: 'semicolon' } });
    expect(await clients()).toMatchObject({
      'Bram de Vries': { email: 'bram@devries.example', company: 'De Vries Bouw', tags: ['clients', 'construction'] },
      'Jörg Müller': { company: 'Müller; Söhne GmbH' },
    });
    refused(
      await crm(['import', fixture('excel-semicolon.csv'), '--delimiter', ',', '--on-conflict', 'skip']),
      2,
      /the header has no name column \(found: name;email;company;tags;since\) \(separated by semicolons\? add --delimiter ";"\)\n$/,
    );
    expect(JSON.parse((await ok('import', fixture('excel-semicolon.csv'), '--delimiter', ';', '--on-conflict', 'skip', '--json')).stdout)).toMatchObject({ skipped: 2 });
  });

  it('tabs, found or named; interactions from a semicolon sheet too', async () => {
    const tabs = join(dir, 'tabs.txt');
    writeFileSync(tabs, 'First Name\tLast Name\tE-mail\nAna\tLima\tana@x.example\n');
    await ok('import', tabs, '--format', 'csv');
    await ok('import', tabs, '--format', 'csv', '--delimiter', 'tab', '--on-conflict', 'skip');
    expect(await clients()).toEqual({ 'Ana Lima': { email: 'ana@x.example', company: null, tags: [], note: null } });
    const calls = join(dir, 'calls.csv');
    writeFileSync(calls, 'client;at;channel;summary\r\nAna Lima;2026-11-20 10:00;call;"kick-off; scope"\r\n');
    await ok('import', calls, '--table', 'interactions');
    expect((await ok('log', 'list', '--json')).stdout).toContain('kick-off; scope');
    refused(await crm(['import', fixture('thunderbird.csv'), '--format', 'json', '--delimiter', ';']), 2, /--delimiter is for CSV files; this is json/);
  });
});

describe('encodings, for every layout', () => {
  it('UTF-16 with its byte order mark (LE and BE) imports as UTF-8 does', async () => {
    for (const [name, from] of [['google-contacts.csv', 'utf-8'], ['google-legacy.csv', 'utf-8'], ['outlook.csv', 'windows-1252'], ['hubspot.csv', 'utf-8'], ['excel-semicolon.csv', 'utf-8'], ['thunderbird-semicolon.csv', 'utf-8']] as const) {
      const encoding = name.length % 2 ? 'utf-16le' : 'utf-16be';
      const result = JSON.parse((await ok('import', reencoded(name, encoding, from), '--dry-run', '--json')).stdout) as { added: number };
      expect(result.added, `${name} in ${encoding}`).toBeGreaterThanOrEqual(2);
    }
    await ok('import', reencoded('outlook.csv', 'utf-16be', 'windows-1252'));
    expect(await clients()).toMatchObject({ 'Jörg Müller': { tags: ['clients', 'vip'] }, 'Françoise Dupré': { company: 'Atelier Dupré' } });
  });

  it('Windows-1252 read as UTF-8 is refused with its line and byte and the --encoding hint (never mojibake), and imports with --encoding', async () => {
    for (const [name, line, at] of [['google-contacts.csv', 6, 2], ['google-legacy.csv', 3, 3], ['hubspot.csv', 3, 6], ['excel-semicolon.csv', 3, 2]] as const) {
      const path = reencoded(name, 'windows-1252');
      refused(
        await crm(['import', path]),
        2,
        new RegExp(`^crm: line ${line}: bytes that are not valid utf-8 \\(0x[0-9A-F]{2} at byte ${at} of the line\\): if the file is in another encoding, name it, e\\.g\\. --encoding windows-1252\n$`),
      );
      expect(existsSync(book), name).toBe(false);
      await ok('import', path, '--encoding', 'windows-1252', '--dry-run');
    }
    refused(await crm(['import', fixture('outlook.csv')]), 2, /^crm: line 2: bytes that are not valid utf-8 \(0xF6 at byte 6 of the line\)/);
  });
});

describe('the built crm', () => {
  it('--dry-run names the layout and the mapping, lists what it would add, and changes nothing; UTF-16 and Windows-1252 as a user meets them', () => {
    const env = { CRM_DB: book };
    const dry = runCrm(['import', fixture('google-contacts.csv'), '--dry-run'], { env });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toBe('');
    const lines = dry.stderr.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'Read as: Google Contacts (comma-separated)',
      '  name        <- First Name + Middle Name + Last Name, else Organization Name',
      '  email       <- E-mail 1 - Value, E-mail 2 - Value: the one labelled "* "',
    ]);
    expect(dry.stderr).toContain('  tags        <- Labels, split, without system groups such as "* myContacts"\n');
    expect(dry.stderr).toContain('  not used (22): Phonetic First Name,');
    expect(dry.stderr).toContain('  add "Ana Maria Lima": <ana@limadesign.example>, company Lima Design, tags\n      clients, vip, a note of 4 lines\n');
    expect(dry.stderr).toContain('crm: row 3 (line 7): no name; skipped\n');
    expect(dry.stderr).toMatch(/Dry run of .*google-contacts\.csv: 5 clients read; would add 4, update 0, skip 1 \(1 without a name\)\. Nothing was changed\.\n$/);
    expect(lines.filter((line) => line.length > 80 && !line.startsWith('Dry run'))).toEqual([]);
    expect(existsSync(book)).toBe(false);

    const mojibake = runCrm(['import', fixture('outlook.csv')], { env });
    expect(mojibake.code).toBe(2);
    expect(mojibake.stderr).toMatch(/^crm: line 2: bytes that are not valid utf-8 \(0xF6 at byte 6 of the line\): .* --encoding windows-1252\n$/);
    expect(existsSync(book)).toBe(false);
    const utf16 = runCrm(['import', reencoded('hubspot.csv', 'utf-16le')], { env });
    expect(utf16.code, utf16.stderr).toBe(0);
    expect(utf16.stderr).toContain('2 added, 1 skipped (1 without a name).');
  });
});
