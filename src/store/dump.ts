// The whole book as rows, table by table: what `crm export --format json|ndjson` writes and
// `crm import` restores exactly. Keys are the columns in camelCase; derived keys (name_key...) are left out
// and recomputed on the way in, so a hand-edited dump cannot make them disagree with the names.
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { InputError } from '../core/errors.js';
import { isoInstant } from '../core/dates.js';
import { nameKey } from '../core/match.js';
import { RENAMED_SETTINGS } from '../core/settings.js';
import { camel, snake } from '../core/tables.js';
import { BOOK_TABLES, FieldError, checkPaymentDate, checkStoredRow, parseIsoInstant, shown, type StoredRow } from '../core/validate.js';
import { isBookRecordKey } from '../core/book-records.js';
import { NOT_A_RECORD } from './book-records.js';
import { FILL_RESOLVED_AT, FILL_TRACKED_FROM, LATEST_SCHEMA, NEW_UID } from './migrations.js';
import type { Db } from './open.js';
import { clientReminderKeys } from './reminders.js';
import { holdSearchIndex } from './search.js';

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;

export const DUMP_FORMAT = 'crm-export';
export const DUMP_VERSION = 1;

/** Parents before children, so foreign keys hold while rows go in. */
export const DUMP_TABLES = BOOK_TABLES;
export type DumpTable = (typeof DUMP_TABLES)[number];

/** Columns derived from another: not exported, recomputed on import. */
const DERIVED: Partial<Record<DumpTable, { column: string; from: string }>> = {
  client: { column: 'name_key', from: 'name' },
  conflict_topic: { column: 'topic_key', from: 'topic' },
  invoice: { column: 'number_key', from: 'number' },
};

/** Columns holding instants (epoch ms in the book): ISO 8601 UTC in the dump, as everywhere in crm's JSON. */
const INSTANT_COLUMNS = new Set([
  'created_at', 'at', 'answered_at', 'learned_at', 'voided_at', 'done_at', 'until', 'tracked_from', 'resolved_at', 'raised_at', 'outcome_at',
]);

/** Flags (0/1 in the book): true/false in the dump. */
const BOOLEAN_COLUMNS = new Set(['from_client', 'repair', 'feedback', 'repaired']);

export interface DumpHeader {
  format: typeof DUMP_FORMAT;
  version: number;
  schema: number;
  exportedAt: string;
  /** a dump of one client's rows (crm export --client): which one */
  client?: { id: number; uid: string };
}

export function dumpHeader(exportedAt: string, client?: { id: number; uid: string }): DumpHeader {
  return { format: DUMP_FORMAT, version: DUMP_VERSION, schema: LATEST_SCHEMA, exportedAt, ...(client && { client }) };
}

/** The keys a table's rows have in a dump (camelCase, derived columns left out). */
export function dumpColumns(db: Db, table: DumpTable): string[] {
  const derived = DERIVED[table]?.column;
  return columnsOf(db, table).filter((c) => c !== derived).map(camel);
}

function columnsOf(db: Db, table: DumpTable): string[] {
  return (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
}

/** The rows of one client in each table (@client its id, @reminders the keys of its silenced reminders as JSON). */
const CLIENT_ROWS: Record<DumpTable, string> = {
  setting: '0', // settings are the book's, no client's
  client: 'id = @client',
  client_tag: 'client_id = @client',
  interaction: 'client_id = @client',
  bid: 'client_id = @client',
  conflict_topic: 'client_id = @client',
  conflict_event: 'topic_id IN (SELECT id FROM conflict_topic WHERE client_id = @client)',
  appreciation: 'client_id = @client',
  need: 'client_id = @client',
  voice: 'client_id = @client',
  invoice: 'client_id = @client',
  payment: 'invoice_id IN (SELECT id FROM invoice WHERE client_id = @client)',
  follow_up: 'client_id = @client',
  reminder_state: 'key IN (SELECT value FROM json_each(@reminders))',
};

/** How many rows each table holds of one client (what crm client forget removes). */
export function clientRowCounts(db: Db, clientId: number): Map<DumpTable, number> {
  const reminders = JSON.stringify(clientReminderKeys(db, clientId));
  const counts = new Map<DumpTable, number>();
  for (const table of DUMP_TABLES) {
    const where = CLIENT_ROWS[table];
    const bound = { ...(where.includes('@client') && { client: clientId }), ...(where.includes('@reminders') && { reminders }) };
    counts.set(table, db.prepare(`SELECT count(*) FROM ${table} WHERE ${where}`).pluck().get(bound) as number);
  }
  return counts;
}

/** The rows of a table in a stable order, streamed (a big book never sits in memory whole); with `clientId`, that client's only. */
export function* dumpRows(db: Db, table: DumpTable, clientId?: number): Generator<Record<string, unknown>> {
  const derived = DERIVED[table]?.column;
  const columns = columnsOf(db, table).filter((c) => c !== derived);
  const order = table === 'setting' || table === 'reminder_state' ? 'key' : table === 'client_tag' ? 'client_id, tag' : 'id';
  // What the book records about itself (its creation, its last backup) describes this file, not the data.
  const conditions = [...(table === 'setting' ? [NOT_A_RECORD] : []), ...(clientId === undefined ? [] : [CLIENT_ROWS[table]])];
  const where = conditions.length > 0 ? `WHERE ${conditions.map((c) => `(${c})`).join(' AND ')}` : '';
  const parameters = clientId === undefined ? {} : { client: clientId, reminders: JSON.stringify(clientReminderKeys(db, clientId)) };
  const used = (name: string) => where.includes(`@${name}`);
  const bound = Object.fromEntries(Object.entries(parameters).filter(([name]) => used(name)));
  const statement = db.prepare(`SELECT ${columns.join(', ')} FROM ${table} ${where} ORDER BY ${order}`);
  for (const row of statement.iterate(bound) as Iterable<Record<string, unknown>>) {
    const out: Record<string, unknown> = {};
    for (const column of columns) out[camel(column)] = dumpValue(table, column, row[column]);
    yield out;
  }
}

/** A value of the book as a dump (and crm's JSON) shows it: instants ISO 8601 UTC, flags true/false, a setting's value itself. */
export function dumpValue(table: string, column: string, value: unknown): unknown {
  if (table === 'setting' && column === 'value') return JSON.parse(value as string);
  if (INSTANT_COLUMNS.has(column) && typeof value === 'number') return isoInstant(value);
  if (BOOLEAN_COLUMNS.has(column)) return value === 1;
  return value;
}

/** A row image of the journal (store/journal.ts) as a dump shows the row: instants ISO, flags true/false, derived columns left out. */
export function imageJson(table: DumpTable, image: Record<string, unknown> | null): Record<string, unknown> | null {
  if (image === null) return null;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(image)) {
    const column = snake(key);
    if (DERIVED[table]?.column !== column) out[key] = dumpValue(table, column, value);
  }
  return out;
}

export function isEmptyBook(db: Db): boolean {
  return DUMP_TABLES.every((t) => !db.prepare(`SELECT 1 FROM ${t} ${t === 'setting' ? `WHERE ${NOT_A_RECORD}` : ''} LIMIT 1`).get());
}

/** Prepared inserts per table; every row is checked as a command would check what it writes. */
export class DumpLoader {
  private inserts = new Map<DumpTable, { columns: string[]; run: (values: unknown[]) => void }>();
  readonly counts = new Map<DumpTable, number>();
  /** builds the search index once the rows are in (a dump goes into an empty book) */
  private readonly indexSearch: () => void;

  constructor(private db: Db) {
    this.indexSearch = holdSearchIndex(db);
  }

  insert(table: string, row: unknown, where: string): void {
    if (!(DUMP_TABLES as readonly string[]).includes(table)) {
      throw new InputError(`${where}: unknown table ${shown(table)} (a crm export has ${DUMP_TABLES.join(', ')})`);
    }
    const name = table as DumpTable;
    if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new InputError(`${where}: a row must be an object`);
    const insert = this.insertFor(name);
    const record = row as Record<string, unknown>;
    if (name === 'setting' && typeof record.key === 'string' && isBookRecordKey(record.key)) {
      throw new InputError(`${where}: ${shown(record.key)} is not a setting: a book records it about itself, and an import does not carry it`);
    }
    const known = new Set(insert.columns.map(camel));
    for (const key of Object.keys(record)) {
      if (!known.has(key)) throw new InputError(`${where}, field ${shown(key)}: unknown column ${shown(key)} in table ${table}`);
    }
    const stored = named(where, () => toStored(name, record));
    named(where, () => checkStoredRow(name, stored));
    const values = insert.columns.map((column) => stored[camel(column)] ?? null);
    try {
      insert.run(values);
    } catch (error) {
      throw new InputError(`${where}${explainSqlite(error, table, this.db, stored)}`);
    }
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }

  /**
   * After the last row: a dump from before schema 2 does not say since when the book followed each client, nor
   * when a topic was resolved; they are filled as migration 2 fills them in a book. Then the rules across rows.
   */
  finish(): void {
    this.db.exec(FILL_TRACKED_FROM);
    this.db.exec(FILL_RESOLVED_AT);
    checkRelations(this.db, '');
    this.indexSearch();
  }

  private insertFor(table: DumpTable) {
    let insert = this.inserts.get(table);
    if (!insert) {
      const columns = columnsOf(this.db, table);
      // A dump from before schema 3 has no uids: each row gets a new one, as a row a command adds.
      const values = columns.map((column) => (column === 'uid' ? `coalesce(?, ${NEW_UID})` : '?'));
      const statement = this.db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${values.join(', ')})`);
      insert = { columns, run: (values) => void statement.run(values) };
      this.inserts.set(table, insert);
    }
    return insert;
  }
}

/**
 * A dump's row as the book keeps it: instants from ISO text to epoch ms, flags from true/false to 1/0, a setting's
 * value as JSON text (under its new name when an older crm wrote it under one since renamed, as migrating the book
 * would move it), and the derived columns computed.
 */
function toStored(table: DumpTable, record: Record<string, unknown>): StoredRow {
  const stored: StoredRow = {};
  for (const [key, value] of Object.entries(record)) {
    const column = snake(key);
    if (value === null || value === undefined) stored[key] = null;
    else if (table === 'setting' && key === 'value') stored[key] = JSON.stringify(value);
    else if (INSTANT_COLUMNS.has(column)) {
      if (typeof value !== 'string') throw new FieldError(key, `must be an ISO instant such as 2026-03-15T09:00:00.000Z`);
      try {
        stored[key] = parseIsoInstant(value, 'it');
      } catch (error) {
        throw new FieldError(key, (error as Error).message);
      }
    } else if (BOOLEAN_COLUMNS.has(column)) {
      if (typeof value !== 'boolean') throw new FieldError(key, 'must be true or false');
      stored[key] = value ? 1 : 0;
    } else if (typeof value === 'object') throw new FieldError(key, 'must be a text or a number');
    else stored[key] = value;
  }
  if (table === 'setting' && typeof stored.key === 'string' && Object.hasOwn(RENAMED_SETTINGS, stored.key)) {
    stored.key = RENAMED_SETTINGS[stored.key]!;
  }
  const derived = DERIVED[table];
  if (derived) {
    const source = stored[camel(derived.from)];
    stored[camel(derived.column)] = typeof source === 'string' ? nameKey(source) : null;
  }
  return stored;
}

/** Runs check; a refused field becomes one line naming the row (`where`) and the field. */
function named<T>(where: string | (() => string), check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof FieldError) throw new InputError(`${typeof where === 'string' ? where : where()}, field ${error.field}: ${error.message}`);
    throw error;
  }
}

/**
 * Checks every row of a book (a copy about to be restored) as `crm import` checks a dump's, then the rules across
 * rows: throws an InputError naming the table, the row and the field, in one line, after `prefix` (the file).
 */
export function checkBookRows(db: Db, prefix: string): void {
  for (const problem of bookRowProblems(db, prefix)) throw problem;
}

/**
 * Each row of the book that breaks what crm's commands keep, as checkBookRows refuses it (one InputError a row),
 * then the first rule across rows that is broken: what `crm doctor` reports.
 */
export function* bookRowProblems(db: Db, prefix = ''): Generator<InputError> {
  for (const table of DUMP_TABLES) {
    const columns = columnsOf(db, table).map((column) => `${column} AS ${camel(column)}`);
    for (const row of db.prepare(`SELECT ${columns.join(', ')} FROM ${table}`).iterate() as Iterable<StoredRow>) {
      try {
        named(() => `${prefix}table ${table}, ${rowName(table, row)}`, () => checkStoredRow(table, row));
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        yield error;
      }
    }
  }
  try {
    checkRelations(db, prefix);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    yield error;
  }
}

/** Checks every row of the book file at path (a staged restore), opened read-only; `source` names it in errors. */
export function checkBookFile(path: string, source: string): void {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    checkBookRows(db, `${source}: `);
  } finally {
    db.close();
  }
}

function rowName(table: DumpTable, row: StoredRow): string {
  if (table === 'setting' || table === 'reminder_state') return `key ${shown(String(row.key))}`;
  if (table === 'client_tag') return `client ${String(row.clientId)} tag ${shown(String(row.tag))}`;
  return `row with id ${String(row.id)}`;
}

/**
 * Rules across rows that crm's commands keep: payments never add up to more than their invoice, nor come before
 * it was issued, nor go to a void invoice; a bid, appreciation, follow-up, need of yours or conflict names an
 * interaction of its own client.
 */
function checkRelations(db: Db, prefix: string): void {
  const first = (sql: string) => db.prepare(sql).get() as Record<string, string | number> | undefined;
  const refuse = (table: DumpTable, row: Record<string, string | number>, field: string, message: string) =>
    new InputError(`${prefix}table ${table}, row with id ${row.id}, field ${field}: ${message}`);
  const over = first(
    `SELECT max(p.id) AS id, i.number AS number FROM invoice i JOIN payment p ON p.invoice_id = i.id
     GROUP BY i.id HAVING total(p.amount_minor) > i.amount_minor ORDER BY i.id LIMIT 1`,
  );
  if (over) throw refuse('payment', over, 'amountMinor', `the payments of invoice ${shown(String(over.number))} add up to more than its amount`);
  const early = first(
    `SELECT p.id AS id, p.paid_on AS paidOn, i.issued AS issued FROM payment p JOIN invoice i ON i.id = p.invoice_id
     WHERE p.paid_on < i.issued ORDER BY p.id LIMIT 1`,
  );
  if (early) {
    try {
      checkPaymentDate(String(early.issued), String(early.paidOn), 'paidOn');
    } catch (error) {
      throw refuse('payment', early, 'paidOn', (error as Error).message);
    }
  }
  const voided = first(
    `SELECT p.id AS id, i.number AS number FROM payment p JOIN invoice i ON i.id = p.invoice_id WHERE i.voided_at IS NOT NULL ORDER BY p.id LIMIT 1`,
  );
  if (voided) throw refuse('payment', voided, 'invoiceId', `invoice ${shown(String(voided.number))} is void: it cannot be paid`);
  const sameClient: [DumpTable, string, string][] = [
    ['bid', 'interaction_id', 't.client_id'],
    ['bid', 'answer_interaction_id', 't.client_id'],
    ['appreciation', 'interaction_id', 't.client_id'],
    ['follow_up', 'interaction_id', 't.client_id'],
    ['voice', 'interaction_id', 't.client_id'],
    ['conflict_event', 'interaction_id', '(SELECT client_id FROM conflict_topic WHERE id = t.topic_id)'],
  ];
  for (const [table, column, client] of sameClient) {
    const other = first(
      `SELECT t.id AS id, i.id AS interaction FROM ${table} t JOIN interaction i ON i.id = t.${column} WHERE i.client_id != ${client} ORDER BY t.id LIMIT 1`,
    );
    if (other) throw refuse(table, other, camel(column), `interaction ${other.interaction} is another client's`);
  }
}

/**
 * What follows the row's name in the error: SQLite's constraint message, with columns named as in the dump. A
 * foreign key error names no column: the first reference whose row is not in the book (yet) is named.
 */
function explainSqlite(error: unknown, table: string, db: Db, row: StoredRow): string {
  const message = (error as Error).message ?? String(error);
  if (/FOREIGN KEY constraint failed/.test(message)) {
    const references = db.prepare(`SELECT "from" AS column, "table" AS parent, "to" AS key FROM pragma_foreign_key_list(?)`).all(table) as {
      column: string; parent: string; key: string;
    }[];
    for (const reference of references) {
      const value = row[camel(reference.column)];
      if (value === null || value === undefined) continue;
      if (!db.prepare(`SELECT 1 FROM ${reference.parent} WHERE ${reference.key} = ?`).get(value)) {
        return `, field ${camel(reference.column)}: foreign key constraint failed: no ${reference.parent} with id ${String(value)} earlier in the dump`;
      }
    }
  }
  const explained = message
    .replace(/^(NOT NULL|UNIQUE|CHECK|FOREIGN KEY) constraint failed:?\s*/, (_, kind: string) => `${kind.toLowerCase()} constraint failed: `)
    .replace(new RegExp(`\\b${table}\\.(\\w+)`, 'g'), (_, column: string) => camel(column))
    .replace(/: $/, '');
  return `: ${explained}`;
}

// Named here before core/tables.ts held them.
export { camel, snake };
