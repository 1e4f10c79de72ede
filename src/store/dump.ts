// The whole book as rows, table by table: what `crm export --format json|ndjson` writes and
// `crm import` restores exactly. Keys are the columns in camelCase; derived keys (name_key...) are left out
// and recomputed on the way in, so a hand-edited dump cannot make them disagree with the names.
import { InputError } from '../core/errors.js';
import { isoInstant } from '../core/dates.js';
import { nameKey } from '../core/match.js';
import { isSettingKey, parseSettingValue, RENAMED_SETTINGS } from '../core/settings.js';
import { FILL_RESOLVED_AT, FILL_TRACKED_FROM, LATEST_SCHEMA } from './migrations.js';
import type { Db } from './open.js';

export const DUMP_FORMAT = 'crm-export';
export const DUMP_VERSION = 1;

/** Parents before children, so foreign keys hold while rows go in. */
export const DUMP_TABLES = [
  'setting', 'client', 'client_tag', 'interaction', 'bid', 'conflict_topic', 'conflict_event',
  'appreciation', 'need', 'voice', 'invoice', 'payment', 'follow_up', 'reminder_state',
] as const;
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

export const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export interface DumpHeader {
  format: typeof DUMP_FORMAT;
  version: number;
  schema: number;
  exportedAt: string;
}

export function dumpHeader(exportedAt: string): DumpHeader {
  return { format: DUMP_FORMAT, version: DUMP_VERSION, schema: LATEST_SCHEMA, exportedAt };
}

/** The keys a table's rows have in a dump (camelCase, derived columns left out). */
export function dumpColumns(db: Db, table: DumpTable): string[] {
  const derived = DERIVED[table]?.column;
  return columnsOf(db, table).filter((c) => c !== derived).map(camel);
}

function columnsOf(db: Db, table: DumpTable): string[] {
  return (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
}

/** The rows of a table in a stable order, streamed (a big book never sits in memory whole). */
export function* dumpRows(db: Db, table: DumpTable): Generator<Record<string, unknown>> {
  const derived = DERIVED[table]?.column;
  const columns = columnsOf(db, table).filter((c) => c !== derived);
  const order = table === 'setting' || table === 'reminder_state' ? 'key' : table === 'client_tag' ? 'client_id, tag' : 'id';
  const statement = db.prepare(`SELECT ${columns.join(', ')} FROM ${table} ORDER BY ${order}`);
  for (const row of statement.iterate() as Iterable<Record<string, unknown>>) {
    const out: Record<string, unknown> = {};
    for (const column of columns) {
      const value = row[column];
      // Settings hold JSON text; export the value itself.
      if (table === 'setting' && column === 'value') out[camel(column)] = JSON.parse(value as string);
      else if (INSTANT_COLUMNS.has(column) && typeof value === 'number') out[camel(column)] = isoInstant(value);
      else if (BOOLEAN_COLUMNS.has(column)) out[camel(column)] = value === 1;
      else out[camel(column)] = value;
    }
    yield out;
  }
}

export function isEmptyBook(db: Db): boolean {
  return DUMP_TABLES.every((t) => !db.prepare(`SELECT 1 FROM ${t} LIMIT 1`).get());
}

/** Prepared inserts per table, checking every key against the table's columns. */
export class DumpLoader {
  private inserts = new Map<DumpTable, { columns: string[]; run: (values: unknown[]) => void }>();
  readonly counts = new Map<DumpTable, number>();

  constructor(private db: Db) {}

  insert(table: string, row: unknown, where: string): void {
    if (!(DUMP_TABLES as readonly string[]).includes(table)) {
      throw new InputError(`${where}: unknown table "${table}" (a crm export has ${DUMP_TABLES.join(', ')})`);
    }
    const name = table as DumpTable;
    if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new InputError(`${where}: a row must be an object`);
    const insert = this.insertFor(name);
    let record = row as Record<string, unknown>;
    const known = new Set(insert.columns.map(camel));
    for (const key of Object.keys(record)) {
      if (!known.has(key)) throw new InputError(`${where}: unknown column "${key}" in table ${table}`);
    }
    if (name === 'setting') record = checkSetting(record, where);
    const derived = DERIVED[name];
    const values = insert.columns.map((column) => {
      if (derived && column === derived.column) {
        const source = record[camel(derived.from)];
        return typeof source === 'string' ? nameKey(source) : null;
      }
      const value = record[camel(column)];
      if (name === 'setting' && column === 'value') return value === undefined ? null : JSON.stringify(value);
      if (typeof value === 'boolean') return value ? 1 : 0;
      if (INSTANT_COLUMNS.has(column) && typeof value === 'string') {
        const at = /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : Number.NaN;
        if (!Number.isFinite(at)) throw new InputError(`${where}: column "${camel(column)}" must be an ISO instant such as 2026-03-15T09:00:00.000Z`);
        return at;
      }
      if (value !== null && value !== undefined && typeof value === 'object') {
        throw new InputError(`${where}: column "${camel(column)}" must be a text or a number`);
      }
      return value ?? null;
    });
    try {
      insert.run(values);
    } catch (error) {
      throw new InputError(`${where}: ${explainSqlite(error, table)}`);
    }
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }

  /**
   * After the last row: a dump from before schema 2 does not say since when the book followed each client, nor
   * when a topic was resolved; they are filled as migration 2 fills them in a book.
   */
  finish(): void {
    this.db.exec(FILL_TRACKED_FROM);
    this.db.exec(FILL_RESOLVED_AT);
  }

  private insertFor(table: DumpTable) {
    let insert = this.inserts.get(table);
    if (!insert) {
      const columns = columnsOf(this.db, table);
      const statement = this.db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      insert = { columns, run: (values) => void statement.run(values) };
      this.inserts.set(table, insert);
    }
    return insert;
  }
}

/**
 * A setting must be one crm knows, with a value it accepts: the score reads these directly. A setting an older
 * crm wrote under a name since changed goes in under its new name, as migrating the book would move it.
 */
function checkSetting(record: Record<string, unknown>, where: string): Record<string, unknown> {
  const named = String(record.key);
  const key = Object.hasOwn(RENAMED_SETTINGS, named) ? RENAMED_SETTINGS[named]! : named;
  if (!isSettingKey(key)) throw new InputError(`${where}: unknown setting "${key}"`);
  try {
    parseSettingValue(key, String(record.value));
  } catch (error) {
    throw new InputError(`${where}: ${(error as Error).message}`);
  }
  return { ...record, key };
}

/** SQLite's constraint messages name columns in snake_case: say them as the dump does. */
function explainSqlite(error: unknown, table: string): string {
  const message = (error as Error).message ?? String(error);
  return message
    .replace(/^(NOT NULL|UNIQUE|CHECK|FOREIGN KEY) constraint failed:?\s*/, (_, kind: string) => `${kind.toLowerCase()} constraint failed: `)
    .replace(new RegExp(`\\b${table}\\.(\\w+)`, 'g'), (_, column: string) => camel(column))
    .replace(/: $/, '');
}

export { snake };
