// Issue 11, contact CSVs: which exporter wrote a file, recognised by its header, and how its columns become a
// client. The files are in test/fixtures/contacts-csv (SOURCES.md says where each comes from).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contactTags, detectContactLayout } from '../../../src/core/contact-csv.js';
import { CsvParser, sniffDelimiter, type CsvDelimiter } from '../../../src/core/csv.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/contacts-csv');

/** A fixture's header and rows, decoded as the exporter wrote it. */
function fixture(name: string, encoding = 'utf-8'): { header: string[]; rows: string[][] } {
  const text = new TextDecoder(encoding).decode(readFileSync(join(FIXTURES, name)));
  const parser = new CsvParser(sniffDelimiter(text.split('\n', 1)[0]!));
  const [header, ...rows] = [...parser.push(text), ...parser.end()].map((r) => r.fields).filter((f) => f.some(Boolean));
  return { header: header!, rows };
}

function read(name: string, encoding?: string) {
  const { header, rows } = fixture(name, encoding);
  const layout = detectContactLayout(header);
  if (!layout) throw new Error(`${name}: no layout`);
  return { layout, contacts: rows.map((row) => layout.read(row)) };
}

describe('contact exports, by their header', () => {
  it('Google Contacts: first, middle and last name, the "* " primary address, organisation, notes and phones, labels', () => {
    const { layout, contacts } = read('google-contacts.csv');
    expect(layout.id).toBe('google');
    expect(contacts[0]).toEqual({
      name: 'Ana Maria Lima',
      email: 'ana@limadesign.example', // E-mail 2, labelled "* Work", wins over E-mail 1
      company: 'Lima Design',
      note: 'Met at the Porto meetup.\r\nPrefers calls before 10.\nPhone: +351 912 345 678 (Mobile)\nPhone: +351 913 000 111 (Mobile)',
      tags: ['clients', 'vip'],
    });
    expect(contacts[1]).toMatchObject({ name: 'Jörg Müller', email: 'j.mueller@example.de', tags: ['clients'] });
    expect(contacts[2]).toMatchObject({ name: '', email: 'newsletter@example.com', tags: [] });
    // A contact that is only an organisation is the company as a client.
    expect(contacts[3]).toMatchObject({ name: 'Acme Widgets Ltd', company: 'Acme Widgets Ltd', tags: ['leads'] });
    expect(contacts[4]).toMatchObject({ name: 'Chen Wei', email: 'chen.wei@example.cn', tags: [] });
    expect(layout.ignored).toContain('Address 1 - Formatted');
    expect(layout.sources.map((s) => s.field)).toEqual(['name', 'email', 'company', 'note', 'tags']);
  });

  it('the older Google CSV: Name, else Given + Family; Organization 1 - Name; Group Membership; several addresses in a cell', () => {
    const { layout, contacts } = read('google-legacy.csv');
    expect(layout.id).toBe('google-legacy');
    expect(contacts[0]).toMatchObject({ name: 'Ana Lima', email: 'ana@limadesign.example', company: 'Lima Design', tags: ['clients'] });
    expect(contacts[1]).toMatchObject({ name: 'Jörg Müller', email: 'j.mueller@example.de', company: 'Müller & Söhne GmbH', tags: ['clients'] });
    expect(contacts[2]!.name).toBe('');
  });

  it('Outlook (Windows-1252): Company, the first filled E-mail column, phones into the note, Categories split on ;', () => {
    const { layout, contacts } = read('outlook.csv', 'windows-1252');
    expect(layout.id).toBe('outlook');
    expect(contacts[0]).toEqual({
      name: 'Jörg Müller',
      email: 'j.mueller@example.de',
      company: 'Müller & Söhne GmbH',
      note: 'Invoices to the Berlin office.\r\nCall before noon.\nPhone: +49 30 1234567 (Business)\nPhone: +49 170 1234567 (Mobile)',
      tags: ['clients', 'vip'],
    });
    expect(contacts[1]).toMatchObject({ name: 'Françoise Dupré', email: 'francoise@dupre.example', tags: ['leads'] });
    expect(layout.ignored).toContain('Business Fax');
  });

  it('HubSpot, Thunderbird (real files) and any first/last name spreadsheet', () => {
    const hubspot = read('hubspot.csv');
    expect(hubspot.layout.id).toBe('hubspot');
    expect(hubspot.contacts[1]).toMatchObject({ name: 'Zoë de Vries', email: 'zoe@devries.example', company: 'De Vries Bouw' });
    expect(hubspot.contacts[0]!.note).toBe('Phone: +351 912 345 678');
    for (const file of ['thunderbird.csv', 'thunderbird-semicolon.csv']) {
      const thunderbird = read(file);
      expect(thunderbird.layout.id).toBe('thunderbird');
      expect(thunderbird.contacts.map((c) => [c.name, c.email])).toEqual([
        ['John Doe', 'john@doe.invalid'],
        ['Jane Doe', 'jane@doe.invalid'],
      ]);
    }
    const sheet = detectContactLayout(['Surname', 'Given name', 'E-mail', 'Organisation']);
    expect(sheet?.id).toBe('first-last');
    expect(sheet!.read(['Lima', 'Ana', 'ana@x.example', 'Lima Design'])).toMatchObject({ name: 'Ana Lima', email: 'ana@x.example', company: 'Lima Design' });
  });

  it("crm's own columns and files that are not contacts are no layout", () => {
    expect(detectContactLayout(fixture('excel-semicolon.csv').header)).toBeNull();
    expect(detectContactLayout(['name', 'email', 'company', 'tags', 'since'])).toBeNull();
    expect(detectContactLayout(['client', 'at', 'summary'])).toBeNull();
    expect(detectContactLayout(['invoice', 'amount'])).toBeNull();
  });

  it('labels, groups and categories become tags: split, system groups dropped, lower case, each once', () => {
    expect(contactTags(['* myContacts ::: Clients ::: * starred ::: VIP'])).toEqual(['clients', 'vip']);
    expect(contactTags(['System Group: My Contacts ::: Friends'])).toEqual(['friends']);
    expect(contactTags(['Clients;VIP; clients', 'Leads, 2025'])).toEqual(['clients', 'vip', 'leads', '2025']);
    expect(contactTags([''])).toEqual([]);
  });
});

describe('the separator, from the header line', () => {
  it.each<[string, CsvDelimiter]>([
    ['name,email,company', ','],
    ['name;email;company;tags;since', ';'],
    ['name\temail\tcompany', '\t'],
    ['"Müller, Söhne";email;x', ';'], // a comma inside quotes does not count
    ['name', ','],
  ])('%j -> %j', (line, delimiter) => expect(sniffDelimiter(line)).toBe(delimiter));

  it('the parser splits on the separator it is given and keeps it inside quotes', () => {
    const parser = new CsvParser(';');
    expect(parser.push('a;"b;c";d\r\n').map((r) => r.fields)).toEqual([['a', 'b;c', 'd']]);
    const tabs = new CsvParser('\t');
    expect(tabs.push('a,b\tc\n').map((r) => r.fields)).toEqual([['a,b', 'c']]);
  });
});
