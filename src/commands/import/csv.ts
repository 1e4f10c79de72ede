// A spreadsheet (CSV) of clients, interactions or invoices. The separator is the one the header line uses (comma,
// semicolon, tab) unless --delimiter names it; a header that a contact export wrote (Google Contacts, Outlook,
// HubSpot...) is read through its layout (core/contact-csv.ts), any other by crm's own column names.
import type { Context } from '../../context.js';
import { detectContactLayout, type ContactLayout } from '../../core/contact-csv.js';
import { CsvError, CsvParser, sniffDelimiter, type CsvDelimiter } from '../../core/csv.js';
import { InputError } from '../../core/errors.js';
import type { Moment } from '../../core/types.js';
import { count } from '../../core/words.js';
import { wrap } from '../../render/table.js';
import type { Db } from '../../store/open.js';
import { readSettings } from '../../store/settings.js';
import { CLIENT_ALIASES, CLIENT_IGNORED, ClientImporter, type OnConflict, type Outcome, type Tally } from './clients.js';
import { mapHeaders } from './fields.js';
import { INTERACTION_ALIASES, INTERACTION_IGNORED, InteractionImporter } from './interactions.js';
import { INVOICE_ALIASES, InvoiceImporter } from './invoices.js';
import type { Input, Progress } from './read.js';

export const CSV_IMPORT_TABLES = ['clients', 'interactions', 'invoices'] as const;
export type ImportTable = (typeof CSV_IMPORT_TABLES)[number];

/** How the columns were read, for --dry-run and the JSON summary. */
export interface CsvReading {
  delimiter: 'comma' | 'semicolon' | 'tab';
  /** the contact export recognised, or "crm" for crm's own column names */
  layout: string;
  layoutTitle: string;
  columns: { field: string; from: string[]; shown: string }[];
  ignored: string[];
}

export interface CsvTally extends Tally {
  rows: number;
  /** rows of a contact export without a name: not clients, skipped with a line each (counted in skipped too) */
  unnamed: number;
  reading: CsvReading;
}

export interface CsvOptions {
  table: ImportTable;
  onConflict: OnConflict;
  delimiter: CsvDelimiter | undefined;
  dryRun: boolean;
}

const DELIMITER_NAMES = { ',': 'comma', ';': 'semicolon', '\t': 'tab' } as const;

export async function importCsv(db: Db, ctx: Context, now: Moment, input: Input, options: CsvOptions, progress: Progress): Promise<CsvTally> {
  const { table, onConflict, dryRun } = options;
  const settings = readSettings(db);
  const { aliases, ignored, required, importer } = {
    clients: { aliases: CLIENT_ALIASES, ignored: CLIENT_IGNORED, required: ['name'], importer: new ClientImporter(db, now, onConflict) },
    interactions: { aliases: INTERACTION_ALIASES, ignored: INTERACTION_IGNORED, required: ['client', 'at'], importer: new InteractionImporter(db, ctx, now) },
    invoices: { aliases: INVOICE_ALIASES, ignored: [], required: ['client', 'amount'], importer: new InvoiceImporter(db, now, settings, onConflict) },
  }[table];
  const delimiter = options.delimiter ?? sniffDelimiter((await input.head()).split('\n', 1)[0]!);
  const parser = new CsvParser(delimiter);
  let toRecord: ((cells: string[]) => Map<string, string>) | null = null;
  let layout: ContactLayout | null = null;
  let reading: CsvReading | null = null;
  let width = 0;
  let rows = 0;
  let unnamed = 0;

  const readHeader = (headers: string[]) => {
    width = headers.length;
    layout = table === 'clients' ? detectContactLayout(headers) : null;
    if (layout) {
      const contacts = layout;
      reading = {
        delimiter: DELIMITER_NAMES[delimiter],
        layout: contacts.id,
        layoutTitle: contacts.title,
        columns: contacts.sources.map((s) => ({ field: s.field, from: s.columns, shown: s.shown })),
        ignored: contacts.ignored,
      };
      toRecord = (cells) => {
        const contact = contacts.read(cells);
        const record = new Map<string, string>([
          ['name', contact.name],
          ['email', contact.email],
          ['company', contact.company],
          ['note', contact.note],
          ['tags', contact.tags.join(',')],
        ]);
        return record;
      };
      return;
    }
    const mapped = mapHeaders(headers, aliases, ignored);
    const missing = required.filter((r) => !mapped.fields.includes(r));
    if (missing.length) {
      const hint = delimiter !== ';' && headers.length === 1 && headers[0]!.includes(';') ? ' (separated by semicolons? add --delimiter ";")' : '';
      throw new InputError(`${input.name}: the header has no ${missing.join(' or ')} column (found: ${headers.join(', ')})${hint}`);
    }
    if (mapped.unknown.length) ctx.info(`crm: ignoring columns ${mapped.unknown.map((u) => `"${u}"`).join(', ')}`);
    const fields = mapped.fields;
    reading = {
      delimiter: DELIMITER_NAMES[delimiter],
      layout: 'crm',
      layoutTitle: "crm's own columns",
      columns: fields.flatMap((field, i) => (field === null ? [] : [{ field, from: [headers[i]!], shown: headers[i]! }])),
      ignored: headers.filter((h, i) => fields[i] === null && h.trim() !== ''),
    };
    toRecord = (cells) => {
      const values = new Map<string, string>();
      fields.forEach((name, i) => {
        if (name !== null) values.set(name, cells[i] ?? '');
      });
      return values;
    };
  };

  const handle = (records: { fields: string[]; line: number }[]) => {
    for (const record of records) {
      if (record.fields.every((f) => f.trim() === '')) continue;
      if (toRecord === null) {
        readHeader(record.fields);
        if (dryRun) showReading(ctx, reading!);
        continue;
      }
      rows++;
      const where = `row ${rows} (line ${record.line})`;
      // Thunderbird and some spreadsheets end each row with an empty field more than the header has: harmless.
      if (record.fields.slice(width).some((f) => f.trim() !== '')) {
        throw new InputError(`${where}: ${record.fields.length} fields, but the header has ${width}`);
      }
      const values = toRecord(record.fields);
      if (layout && !values.get('name')) {
        // An address book holds people with only an address (a newsletter, a one-off mail): not clients.
        unnamed++;
        ctx.info(`crm: ${where}: no name; skipped`);
        continue;
      }
      const outcome = importer.import(values, where);
      if (dryRun && layout && outcome) for (const line of wrap(wouldImport(outcome, values), 80, '  ', '      ')) ctx.info(line);
    }
  };
  try {
    for await (const chunk of input.chunks) {
      const records = parser.push(chunk);
      handle(records);
      progress.advance(Buffer.byteLength(chunk), records.length);
    }
    handle(parser.end());
  } catch (error) {
    if (error instanceof CsvError) throw new InputError(`${input.name}: ${error.message}`);
    throw error;
  }
  if (reading === null) throw new InputError(`${input.name} is empty: a CSV needs a header row, e.g. name,email,company,tags,since`);
  const read: CsvReading = reading;
  if (layout && !dryRun && read.ignored.length) {
    ctx.info(`crm: read as ${read.layoutTitle}; ${read.ignored.length} other columns not used (--dry-run lists them)`);
  }
  const tally = importer.tally;
  return { ...tally, skipped: tally.skipped + unnamed, rows, unnamed, reading };
}

/** --dry-run: which layout was recognised and where each field comes from. */
function showReading(ctx: Context, reading: CsvReading): void {
  ctx.info(`Read as: ${reading.layoutTitle} (${reading.delimiter}-separated)`);
  const width = 80;
  for (const column of reading.columns) {
    for (const line of wrap(column.shown, width, `  ${column.field.padEnd(12)}<- `, ' '.repeat(17))) ctx.info(line);
  }
  if (reading.ignored.length) {
    for (const line of wrap(reading.ignored.join(', '), width, `  not used (${reading.ignored.length}): `, '    ')) ctx.info(line);
  }
}

/** --dry-run of a contact export: one line per contact, as it would enter the book. */
function wouldImport(outcome: Outcome, values: Map<string, string>): string {
  const details = [
    values.get('email') && `<${values.get('email')}>`,
    values.get('company') && `company ${values.get('company')}`,
    values.get('tags') && `tags ${values.get('tags')!.split(',').join(', ')}`,
    values.get('note') && `a note of ${count(values.get('note')!.split('\n').length, 'line')}`,
  ].filter(Boolean);
  const verb = { added: 'add', updated: 'update', skipped: 'skip' }[outcome];
  return `${verb} "${values.get('name')}"${details.length ? `: ${details.join(', ')}` : ''}`;
}
