// crm export: the whole book as JSON or NDJSON (restored exactly by crm import), or one table as CSV.
import { existsSync } from 'node:fs';
import { Option, type Command } from '@commander-js/extra-typings';
import type { Context } from '../context.js';
import { isoInstant } from '../core/dates.js';
import { InputError } from '../core/errors.js';
import { csvRecord } from '../core/csv.js';
import { VCARD_VERSIONS, vcardOf, type VCardVersion } from '../core/vcard-write.js';
import { Sink } from '../render/sink.js';
import { DUMP_TABLES, dumpHeader, dumpRows, type DumpTable } from '../store/dump.js';
import { clientCards } from '../store/client-cards.js';
import { AtomicFile, checkTarget, type WriteOptions } from '../store/files.js';
import type { Db } from '../store/open.js';
import { noBookError } from '../store/path.js';
import { CSV_TABLES, csvExport, TABLE_NAMES, type TableName } from './import/tables.js';
import { findClient, refuseOrphans, withExamples } from './shared.js';
import { clientUid } from '../store/clients.js';

const FORMATS = ['json', 'ndjson', 'csv', 'vcf'] as const;

export function registerExport(program: Command, ctx: Context): void {
  const command = program
    .command('export')
    .description('write the whole book as JSON or NDJSON (crm import restores it exactly), one table as CSV, or the clients as vCards')
    .addOption(new Option('--format <format>', 'json (default), ndjson, csv (one table), or vcf (clients)').choices(FORMATS))
    .option('--out <file>', 'write to this new file (created 0600) instead of stdout; - is stdout')
    .option('-f, --force', 'with --out: replace the file if it exists')
    .addOption(new Option('--table <table>', 'only this table (csv: default clients)').choices(TABLE_NAMES))
    .addOption(new Option('--vcard-version <version>', 'with --format vcf: 4.0 (default) or 3.0').choices(VCARD_VERSIONS))
    .option('--client <client>', 'everything about one client (json, ndjson; crm import reads it into an empty book), or its vCard (vcf)')
    .action(async (flags) => {
      const format = flags.format ?? 'json';
      if (flags.client !== undefined && format === 'csv') {
        throw new InputError("--client writes json or ndjson (every table of the client's rows) or vcf (its card), not --format csv");
      }
      const table = flags.table as TableName | undefined;
      if (format === 'vcf' && table) throw new InputError('--table is for json, ndjson and csv: --format vcf writes the clients, one card each');
      if (flags.vcardVersion && format !== 'vcf') throw new InputError('--vcard-version goes with --format vcf');
      const out = flags.out === '-' ? undefined : flags.out;
      if (out === '') throw new InputError('--out needs a file name, such as crm-export.json');
      const options = outputOptions(ctx.bookPath, Boolean(flags.force));
      // Refused before the book is read: a long export does not end in "already exists".
      if (out !== undefined) checkTarget(out, options);
      // A nightly export with a wrong HOME or CRM_DB must not write an empty book, night after night.
      if (!existsSync(ctx.bookPath)) throw noBookError(ctx.bookLocation, 'nothing to export');
      const db = ctx.book('read');
      // A dump or a sheet with rows whose client is gone would not load back; the cards are the clients alone.
      if (format !== 'vcf') refuseOrphans(db, 'nothing was exported');
      // Found in the same snapshot its rows are read from.
      const client = flags.client === undefined ? undefined : findClient(db, flags.client);
      const write = async (sink: Sink) => {
        if (format === 'csv') await writeCsv(db, sink, table ?? 'clients', ctx);
        else if (format === 'vcf') await writeVCards(db, sink, flags.vcardVersion ?? '4.0', client?.id);
        else await writeDump(db, sink, format, { only: table, clientId: client?.id, exportedAt: isoInstant(ctx.now().at) });
      };
      if (out === undefined) {
        const sink = new Sink(ctx.streams.stdout);
        await write(sink);
        await sink.flush();
      } else {
        await writeFile(out, options, write);
        ctx.info(`Exported to ${out}.`);
      }
    });
  withExamples(command, [
    'crm export --out crm-2026-11-23.json',
    'crm export --format ndjson | gzip > crm.ndjson.gz',
    'crm export --format csv --table invoices > invoices.csv',
    'crm export --format csv --table clients --out clients.csv --force',
    'crm export --format vcf --out clients.vcf       # vCard 4.0',
    'crm export --format vcf --vcard-version 3.0 > clients.vcf',
    'crm export --client acme --out acme.json',
    'crm export --client acme --format vcf > acme.vcf',
  ]);
}

interface DumpScope {
  only: TableName | undefined;
  /** one client's rows (crm export --client) */
  clientId: number | undefined;
  exportedAt: string;
}

async function writeDump(db: Db, sink: Sink, format: 'json' | 'ndjson', { only, clientId, exportedAt }: DumpScope) {
  const header = dumpHeader(exportedAt, clientId === undefined ? undefined : { id: clientId, uid: clientUid(db, clientId) });
  const tables: readonly DumpTable[] = only ? [CSV_TABLES[only].dump] : DUMP_TABLES;
  if (format === 'ndjson') {
    await sink.write(`${JSON.stringify(header)}\n`);
    for (const table of tables) {
      for (const row of dumpRows(db, table, clientId)) await sink.write(`${JSON.stringify({ table, row })}\n`);
    }
    return;
  }
  // One row a line, so the file stays readable and diffable however big the book.
  await sink.write(`${JSON.stringify(header).slice(0, -1)},"tables":{`);
  let firstTable = true;
  for (const table of tables) {
    await sink.write(`${firstTable ? '' : ','}\n${JSON.stringify(table)}:[`);
    firstTable = false;
    let first = true;
    for (const row of dumpRows(db, table, clientId)) {
      await sink.write(`${first ? '' : ','}\n${JSON.stringify(row)}`);
      first = false;
    }
    await sink.write(first ? ']' : '\n]');
  }
  await sink.write('\n}}\n');
}

async function writeCsv(db: Db, sink: Sink, table: TableName, ctx: Context) {
  const { columns, rows } = csvExport(db, table, ctx.now().today);
  await sink.write(csvRecord(columns));
  for (const row of rows) await sink.write(csvRecord(columns.map((c) => row[c])));
}

/** The clients (or the one of --client) as vCards, one after the other, by name. */
async function writeVCards(db: Db, sink: Sink, version: VCardVersion, clientId?: number) {
  for (const card of clientCards(db, clientId === undefined ? undefined : [clientId])) await sink.write(vcardOf(card, version));
}

/** --out's target: a new file, or an existing regular file with --force; never the book, a link or a device. */
function outputOptions(bookPath: string, force: boolean): WriteOptions {
  return {
    replace: force,
    notThese: [bookPath, `${bookPath}-wal`, `${bookPath}-shm`, `${bookPath}-journal`],
    example: 'crm-export.json',
    specialHint: 'to write to standard output, leave out --out (or give --out -)',
  };
}

/** Private data: the file is created 0600, written whole to a temporary name, then renamed into place. */
async function writeFile(path: string, options: WriteOptions, write: (sink: Sink) => Promise<void>): Promise<void> {
  const file = AtomicFile.create(path, options);
  try {
    const sink = new Sink((chunk) => file.write(chunk));
    await write(sink);
    await sink.flush();
    file.commit();
  } finally {
    file.discard();
  }
}
