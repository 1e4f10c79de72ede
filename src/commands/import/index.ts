// crm import: a crm export (JSON or NDJSON) into an empty book, or clients, interactions or invoices from a
// spreadsheet (CSV) or an address book (vCard). One transaction: a bad row anywhere and nothing is imported.
import { existsSync, rmSync } from 'node:fs';
import { Option, type Command } from '@commander-js/extra-typings';
import type { Context } from '../../context.js';
import { CSV_DELIMITERS } from '../../core/csv.js';
import { InputError } from '../../core/errors.js';
import { encodingNamed } from '../../core/text-encoding.js';
import { count } from '../../core/words.js';
import type { Moment } from '../../core/types.js';
import { formatOf, printItem } from '../../render/output.js';
import { DUMP_FORMAT, DUMP_TABLES, DUMP_VERSION, DumpLoader, isEmptyBook } from '../../store/dump.js';
import { closeChange, openChange } from '../../store/journal.js';
import { LATEST_SCHEMA } from '../../store/migrations.js';
import type { Db } from '../../store/open.js';
import { withExamples } from '../shared.js';
import { ClientImporter, type OnConflict, type Tally } from './clients.js';
import { CSV_IMPORT_TABLES, importCsv, type CsvOptions, type CsvReading, type ImportTable } from './csv.js';
import { openInput, Progress, type Input } from './read.js';
import { importVCards } from './vcard.js';

const FORMATS = ['json', 'ndjson', 'csv', 'vcf'] as const;
type Format = (typeof FORMATS)[number];

interface Summary extends Tally {
  file: string;
  format: Format;
  table: string;
  rows: number;
  /** contacts (vCards, rows of a contact export) skipped for having no name (counted in skipped too) */
  unnamed?: number;
  /** a CSV: its separator, the layout recognised and where each field came from */
  reading?: CsvReading;
  dryRun: boolean;
}

export function registerImport(program: Command, ctx: Context): void {
  const command = program
    .command('import')
    .description('import a crm export, or clients, interactions or invoices from CSV, or clients from vCard (.vcf)')
    .argument('<file>', 'the file to read, or - for standard input')
    .addOption(new Option('--format <format>', 'json, ndjson, csv or vcf (default: from the file name or its content)').choices(FORMATS))
    .addOption(new Option('--table <table>', 'what a CSV holds (default clients)').choices(CSV_IMPORT_TABLES))
    .addOption(
      new Option('--delimiter <sep>', 'the CSV separator: , ; or tab (default: from the header line)').choices(Object.keys(CSV_DELIMITERS) as (keyof typeof CSV_DELIMITERS)[]),
    )
    .option('--encoding <name>', "the file's text encoding, e.g. windows-1252 (default: UTF-8, or UTF-16 by its byte order mark)")
    .option('--dry-run', 'check everything and report what would change, then change nothing')
    .addOption(
      new Option('--on-conflict <mode>', 'a client (by name) or invoice (by number) already in the book: skip, update, or fail')
        .choices(['skip', 'update', 'fail'] as const)
        .default('fail' as OnConflict),
    )
    .option('--json', 'print the summary as JSON')
    .action(async (file, flags) => {
      const format = formatOf({ json: flags.json });
      const encoding = flags.encoding === undefined ? undefined : encodingNamed(flags.encoding);
      const input = openInput(ctx, file, encoding);
      const detected = flags.format ?? (await detectFormat(input));
      if (flags.table && detected !== 'csv') throw new InputError(`--table is for CSV files; this is ${detected}`);
      if (flags.delimiter && detected !== 'csv') throw new InputError(`--delimiter is for CSV files; this is ${detected}`);
      const table: ImportTable | 'book' = detected === 'csv' ? (flags.table ?? 'clients') : detected === 'vcf' ? 'clients' : 'book';
      const now = ctx.now();
      // A dry run never creates a book; a missing one is read as an empty one. A failed import into a
      // book it had to create leaves no file behind.
      const created = !flags.dryRun && !existsSync(ctx.bookPath);
      const db = flags.dryRun ? ctx.book('read', { ownTransactions: true }) : ctx.book('write');
      const progress = new Progress(ctx, input.size);
      db.exec('BEGIN IMMEDIATE');
      // Clients, interactions or invoices from a file are one change, undone as one (crm undo); a whole book loaded
      // into an empty one is not journaled, as no bulk load is.
      const journaled = !flags.dryRun && table !== 'book';
      if (journaled) openChange(db, { at: now.at, command: ctx.commandName });
      let summary: Summary;
      try {
        const csv: CsvOptions = {
          table: table === 'book' ? 'clients' : table,
          onConflict: flags.onConflict,
          delimiter: flags.delimiter && CSV_DELIMITERS[flags.delimiter],
          dryRun: Boolean(flags.dryRun),
        };
        const tally = await importInto(db, ctx, now, input, encoding, detected, csv, progress);
        summary = { file: input.name, format: detected, table, ...tally, dryRun: Boolean(flags.dryRun) };
        if (journaled) closeChange(db, describe(summary));
        db.exec(flags.dryRun ? 'ROLLBACK' : 'COMMIT');
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        if (created) removeBook(ctx);
        throw error;
      } finally {
        progress.done();
      }
      if (format === 'json') printItem(ctx, 'json', summary, () => '');
      else ctx.info(describe(summary));
    });
  withExamples(command, [
    'crm import clients.csv                     # name,email,company,tags,since',
    'crm import clients.csv --dry-run           # what would change; no change',
    'crm import clients.csv --on-conflict update # update same-named clients',
    'crm import calls.csv --table interactions  # client,at,channel,summary,tone',
    'crm import invoices.csv --table invoices   # client,number,amount,due,...',
    'crm import contacts.vcf',
    'crm import google-contacts.csv --dry-run   # Google, Outlook, HubSpot...',
    'crm import excel.csv --delimiter ";"       # semicolon-separated',
    'crm import excel.csv --encoding windows-1252 # not UTF-8',
    'crm export | crm --db new.db import -      # copy a whole book',
  ]);
}

function removeBook(ctx: Context): void {
  const path = ctx.bookPath;
  ctx.close();
  for (const file of [path, `${path}-wal`, `${path}-shm`]) rmSync(file, { force: true });
}

async function detectFormat(input: Input): Promise<Format> {
  const extension = /\.([a-z]+)$/i.exec(input.name)?.[1]?.toLowerCase();
  if (extension === 'json' || extension === 'ndjson' || extension === 'csv' || extension === 'vcf') return extension;
  if (extension === 'jsonl') return 'ndjson';
  if (extension === 'vcard') return 'vcf';
  const head = (await input.head()).trimStart();
  if (/^BEGIN:VCARD/i.test(head)) return 'vcf';
  if (head.startsWith('{')) {
    const firstLine = head.split('\n', 1)[0]!;
    try {
      JSON.parse(firstLine);
      return head.includes('\n') && !firstLine.includes('"tables"') ? 'ndjson' : 'json';
    } catch {
      return 'json';
    }
  }
  return 'csv';
}

async function importInto(
  db: Db,
  ctx: Context,
  now: Moment,
  input: Input,
  encoding: string | undefined,
  format: Format,
  csv: CsvOptions,
  progress: Progress,
): Promise<Tally & { rows: number; unnamed?: number; reading?: CsvReading }> {
  if (format === 'json' || format === 'ndjson') {
    if (!isEmptyBook(db)) {
      throw new InputError(`a crm export goes into an empty book, and ${ctx.bookPath} has data: use --db NEW.db, or crm restore for a backup`);
    }
    const rows = format === 'json' ? await loadJsonDump(db, input, progress) : await loadNdjsonDump(db, input, progress);
    return { added: rows, updated: 0, skipped: 0, rows };
  }
  if (format === 'vcf') return importVCards(db, ctx, now, input, encoding, csv.onConflict, progress);
  return importCsv(db, ctx, now, input, csv, progress);
}

function checkHeader(header: unknown, where: string): void {
  const h = header as { format?: unknown; version?: unknown; schema?: unknown } | null;
  if (!h || h.format !== DUMP_FORMAT) throw new InputError(`${where}: not a crm export (no "format": "${DUMP_FORMAT}")`);
  if (typeof h.version !== 'number' || h.version > DUMP_VERSION) {
    throw new InputError(`${where}: export format version ${String(h.version)} is newer than this crm reads (${DUMP_VERSION}): upgrade crm`);
  }
  if (typeof h.schema === 'number' && h.schema > LATEST_SCHEMA) {
    throw new InputError(`${where}: exported from a newer crm (schema ${h.schema}): upgrade crm`);
  }
}

async function loadJsonDump(db: Db, input: Input, progress: Progress): Promise<number> {
  let text = '';
  for await (const chunk of input.chunks) {
    text += chunk;
    progress.advance(Buffer.byteLength(chunk), 0);
  }
  let dump: { tables?: unknown };
  try {
    dump = JSON.parse(text) as { tables?: unknown };
  } catch (error) {
    throw new InputError(`${input.name} is not valid JSON: ${(error as Error).message}`);
  }
  checkHeader(dump, input.name);
  if (typeof dump.tables !== 'object' || dump.tables === null) throw new InputError(`${input.name}: no "tables" object`);
  const loader = new DumpLoader(db);
  let rows = 0;
  // Parents first, whatever order the file lists them in.
  const tables = dump.tables as Record<string, unknown>;
  const order = Object.keys(tables).sort((a, b) => tableRank(a) - tableRank(b));
  for (const table of order) {
    const list = tables[table];
    if (!Array.isArray(list)) throw new InputError(`${input.name}: table ${table} must be an array`);
    list.forEach((row, i) => loader.insert(table, row, `table ${table}, row ${i + 1}`));
    rows += list.length;
  }
  loader.finish();
  return rows;
}

async function loadNdjsonDump(db: Db, input: Input, progress: Progress): Promise<number> {
  const loader = new DumpLoader(db);
  let buffered = '';
  let line = 0;
  let rows = 0;
  let header = false;
  const take = (text: string) => {
    line++;
    if (!text.trim()) return;
    let value: { table?: unknown; row?: unknown };
    try {
      value = JSON.parse(text) as { table?: unknown; row?: unknown };
    } catch (error) {
      throw new InputError(`line ${line}: not valid JSON: ${(error as Error).message}`);
    }
    if (!header) {
      checkHeader(value, `line ${line}`);
      header = true;
      return;
    }
    const table = typeof value.table === 'string' ? value.table : '';
    loader.insert(table, value.row, table ? `line ${line}, table ${table}` : `line ${line}`);
    rows++;
  };
  for await (const chunk of input.chunks) {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const text of lines) take(text);
    progress.advance(Buffer.byteLength(chunk), lines.length);
  }
  take(buffered);
  if (!header) throw new InputError(`${input.name} is empty`);
  loader.finish();
  return rows;
}

function tableRank(table: string): number {
  const rank = (DUMP_TABLES as readonly string[]).indexOf(table);
  return rank < 0 ? DUMP_TABLES.length : rank;
}

function describe(summary: Summary): string {
  const what = summary.table === 'book' ? 'row' : summary.table.replace(/s$/, '');
  const read = count(summary.rows, what);
  if (summary.dryRun) {
    const would = [`add ${summary.added}`, `update ${summary.updated}`, `skip ${summary.skipped}${summary.unnamed ? ` (${summary.unnamed} without a name)` : ''}`].join(', ');
    return `Dry run of ${summary.file}: ${read} read; would ${would}. Nothing was changed.`;
  }
  const parts = [`${summary.added} added`];
  if (summary.updated) parts.push(`${summary.updated} updated`);
  if (summary.skipped) parts.push(`${summary.skipped} skipped${summary.unnamed ? ` (${summary.unnamed} without a name)` : ''}`);
  return `Imported ${read} from ${summary.file}: ${parts.join(', ')}.`;
}
