// What `crm doctor` examines and repairs in a book another program may have edited (the sqlite3 shell, a script, a
// dump loaded back): SQLite's own checks, rows whose parent is gone, rows crm's validators refuse, a search index out
// of step with the rows, objects crm did not make, and the marks that name the file a crm book.
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { DatabaseError, InputError } from '../core/errors.js';
import { BOOK_TABLES, type BookTable } from '../core/tables.js';
import { bookRowProblems } from './dump.js';
import { inspectBook, readImage, writeProblem } from './inspect.js';
import { CRM_APPLICATION_ID, LATEST_SCHEMA, MIGRATIONS, SEARCH_KEY_BITS, SEARCH_SOURCES, searchFillSql } from './migrations.js';
import type { Db } from './open.js';

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;

/** Above this size the full integrity_check (every index against its table) gives way to quick_check. */
const FULL_CHECK_BYTES = 256 * 1024 * 1024;
/** Rows refused by the validators are listed up to this many (and all counted). */
const ROWS_LISTED = 20;

/** Rows of `table` that point to a row of `parent` that does not exist (key `parentKey`). */
export interface OrphanGroup {
  table: string;
  parent: string;
  parentKey: string | number | null;
  /** the column that points to the parent */
  column: string;
  rows: number;
  /** a table crm made (--fix repairs its orphans), or one it did not (left alone) */
  crmTable: boolean;
  /** what --fix does, as the reference's ON DELETE says crm would have: remove the rows, or clear the reference */
  repair: 'remove' | 'clear';
}

export interface SchemaObject {
  type: string;
  name: string;
  table: string;
}

export interface BookExamination {
  check: 'integrity_check' | 'quick_check';
  /** what SQLite's check found (empty: nothing) */
  damage: string[];
  orphans: OrphanGroup[];
  /** rows crm's validators refuse, one line each (at most ROWS_LISTED), and how many in all */
  invalidRows: string[];
  invalidRowCount: number;
  /** texts of the rows missing from the search index, and entries of the index with no such text in the rows */
  searchIndex: { missing: number; stale: number; damaged: string | null };
  foreignObjects: SchemaObject[];
  applicationId: number;
  schema: number;
}

/** Examines the book, changing nothing. `db` must allow a write statement (the FTS5 check is one): a copy in memory. */
export function examineBook(db: Db, bytes: number): BookExamination {
  const check = bytes > FULL_CHECK_BYTES ? 'quick_check' : 'integrity_check';
  const damage = (db.pragma(check) as Record<string, string>[]).map((row) => Object.values(row)[0]!).filter((line) => line !== 'ok');
  const problems = [...bookRowProblems(db)];
  return {
    check,
    damage,
    orphans: orphanGroups(db),
    invalidRows: problems.slice(0, ROWS_LISTED).map((problem) => problem.message),
    invalidRowCount: problems.length,
    searchIndex: searchIndexState(db),
    foreignObjects: foreignObjects(db),
    applicationId: db.pragma('application_id', { simple: true }) as number,
    schema: db.pragma('user_version', { simple: true }) as number,
  };
}

/**
 * PRAGMA foreign_key_check names the references that dangle; each is then counted by the key it points to:
 * "3 interactions of client #7".
 */
function orphanGroups(db: Db): OrphanGroup[] {
  const crmTables = new Set<string>(BOOK_TABLES);
  const order = (table: string) => (crmTables.has(table) ? BOOK_TABLES.indexOf(table as BookTable) : BOOK_TABLES.length);
  const dangling = (db.prepare('SELECT DISTINCT "table", parent, fkid FROM pragma_foreign_key_check').all() as { table: string; parent: string; fkid: number }[])
    .sort((a, b) => order(a.table) - order(b.table) || a.table.localeCompare(b.table) || a.fkid - b.fkid);
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  return dangling.flatMap(({ table, parent, fkid }) => {
    const reference = db
      .prepare('SELECT "from" AS column, "to" AS key, on_delete AS onDelete FROM pragma_foreign_key_list(?) WHERE id = ? ORDER BY seq')
      .all(table, fkid) as { column: string; key: string | null; onDelete: string }[];
    if (reference.length !== 1) return []; // a key of several columns: only a table crm did not make has one
    const { column, key, onDelete } = reference[0]!;
    const repair = onDelete.toUpperCase() === 'SET NULL' ? 'clear' : 'remove';
    const target = key === null ? 'rowid' : quote(key);
    const groups = db
      .prepare(
        `SELECT ${quote(column)} AS parentKey, count(*) AS rows FROM ${quote(table)} t
         WHERE ${quote(column)} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${quote(parent)} p WHERE p.${target} = t.${quote(column)})
         GROUP BY 1 ORDER BY 1`,
      )
      .all() as { parentKey: string | number; rows: number }[];
    return groups.map((g) => ({ table, parent, parentKey: g.parentKey, rows: g.rows, crmTable: crmTables.has(table), repair, column }));
  });
}

/** The index's copy of each text against the rows' texts, then FTS5's own check of the index against its copy. */
function searchIndexState(db: Db): BookExamination['searchIndex'] {
  const expected = SEARCH_SOURCES.map(
    ({ code, table, column }) => `SELECT (id << ${SEARCH_KEY_BITS}) | ${code} AS key, ${column} AS text FROM ${table} WHERE ${column} IS NOT NULL`,
  ).join(' UNION ALL ');
  const indexed = 'SELECT rowid AS key, text FROM search_index';
  const n = (sql: string) => (db.prepare(`SELECT count(*) AS n FROM (${sql})`).get() as { n: number }).n;
  let damaged: string | null = null;
  try {
    db.exec(`INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 0)`);
  } catch (error) {
    damaged = (error as Error).message;
  }
  const rows = `SELECT key, text FROM (${expected})`;
  return { missing: n(`${rows} EXCEPT ${indexed}`), stale: n(`${indexed} EXCEPT ${rows}`), damaged };
}

/** Tables, indexes, triggers and views of the book that crm's schema does not have. */
function foreignObjects(db: Db): SchemaObject[] {
  const own = new Set(schemaObjects(referenceBook(LATEST_SCHEMA)).map((o) => o.name));
  return schemaObjects(db).filter((o) => !own.has(o.name) && !o.name.startsWith('sqlite_'));
}

function schemaObjects(db: Db): (SchemaObject & { sql: string | null })[] {
  return db.prepare(`SELECT type, name, tbl_name AS "table", sql FROM sqlite_schema ORDER BY type, name`).all() as (SchemaObject & { sql: string | null })[];
}

const references = new Map<number, Db>();

/** An empty book in memory at schema `version`, as crm makes it. */
function referenceBook(version: number): Db {
  let db = references.get(version);
  if (!db) {
    db = new Database(':memory:');
    for (const migration of MIGRATIONS.slice(0, version)) db.exec(migration);
    references.set(version, db);
  }
  return db;
}

/**
 * Repairs what can be repaired safely, in one transaction on the book as it is now: orphans of crm's tables are
 * removed (with what hangs from them), the search index is built again from the rows. Objects and rows crm did
 * not make are never touched.
 */
export function repairBook(db: Db): { removed: OrphanGroup[]; searchRebuilt: boolean } {
  return db.transaction(() => repairNow(db)).immediate();
}

function repairNow(db: Db): { removed: OrphanGroup[]; searchRebuilt: boolean } {
  const removed = orphanGroups(db).filter((group) => group.crmTable);
  for (const { table, parent, column, repair } of removed) {
    const gone = `${column} IS NOT NULL AND ${column} NOT IN (SELECT id FROM ${parent})`;
    // With foreign keys on: what hangs from a removed orphan (the payments of an orphan invoice) goes with it.
    if (repair === 'remove') db.prepare(`DELETE FROM ${table} WHERE ${gone}`).run();
    else db.prepare(`UPDATE ${table} SET ${column} = NULL WHERE ${gone}`).run();
  }
  const index = searchIndexState(db);
  const searchRebuilt = index.missing + index.stale > 0 || index.damaged !== null;
  if (searchRebuilt) {
    db.exec('DELETE FROM search_index');
    db.exec(searchFillSql());
  }
  return { removed, searchRebuilt };
}

/**
 * The crm schema version whose tables, indexes, triggers and views the book has, exactly (objects crm did not make
 * aside), the latest first; undefined when none matches.
 */
export function matchingSchema(db: Db): number | undefined {
  const normal = (sql: string | null) => (sql ?? '').replace(/\s+/g, ' ').trim();
  const present = new Map(schemaObjects(db).map((o) => [`${o.type} ${o.name}`, normal(o.sql)]));
  for (let version = LATEST_SCHEMA; version >= 1; version--) {
    const wanted = schemaObjects(referenceBook(version));
    if (wanted.every((o) => present.get(`${o.type} ${o.name}`) === normal(o.sql))) return version;
  }
  return undefined;
}

/** Whether a database that is not marked as a crm book has crm's tables (a book rebuilt from a dump): read from its bytes. */
export function hasCrmTables(path: string): boolean {
  try {
    const db = new Database(readImage(path));
    try {
      const names = new Set((db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table'`).pluck().all() as string[]));
      return ['client', 'interaction', 'invoice'].every((name) => names.has(name));
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}

/**
 * Marks a database with crm's schema as a crm book (application_id and user_version, which `sqlite3 .dump` does not
 * carry over), after checking its schema is one crm made. Returns the schema version it was given.
 */
export function adoptBook(path: string): number {
  const file = inspectBook(path);
  if (file.state !== 'database' || !file.header) throw new InputError(`${path} is not an SQLite database: there is nothing to adopt`);
  if (file.header.applicationId === CRM_APPLICATION_ID) throw new InputError(`${path} is already a crm book: there is nothing to adopt (crm doctor checks it)`);
  if (file.header.applicationId !== 0) {
    throw new DatabaseError(`${path} is marked as another program's database (application_id ${file.header.applicationId}): crm does not adopt it; it was left unchanged`);
  }
  const problem = writeProblem(file);
  if (problem) throw new DatabaseError(`cannot change ${path}: ${problem}; nothing was changed`);
  const db = new Database(path, { fileMustExist: true });
  try {
    return db.transaction(() => {
      const version = matchingSchema(db);
      const marked = db.pragma('user_version', { simple: true }) as number;
      if (version === undefined || (marked !== 0 && marked !== version)) {
        throw new DatabaseError(
          `${path} does not have the tables, indexes and triggers of any crm schema${marked ? ` (its user_version says ${marked})` : ''}: crm does not adopt it; it was left unchanged`,
        );
      }
      db.pragma(`application_id = ${CRM_APPLICATION_ID}`);
      db.pragma(`user_version = ${version}`);
      return version;
    }).immediate();
  } finally {
    db.close();
  }
}

/** A reference from a table crm did not make to one of crm's, which makes SQLite refuse to delete the rows it points to. */
export interface BlockingReference {
  table: string;
  column: string;
  parent: string;
}

/**
 * The references of tables crm did not make to crm's tables that block a delete (no ON DELETE CASCADE or SET NULL),
 * read from the book at `path`: what a failed foreign key names, after a delete crm made was refused. Empty when
 * there are none, or the book cannot be read.
 */
export function blockingReferences(path: string, open: (path: string) => { db: Db; close(): void }): BlockingReference[] {
  try {
    const book = open(path);
    try {
      const crmTables = new Set<string>(BOOK_TABLES);
      return foreignObjects(book.db)
        .filter((o) => o.type === 'table')
        .flatMap(({ name: table }) =>
          (book.db.prepare('SELECT "from" AS column, "table" AS parent, on_delete AS onDelete FROM pragma_foreign_key_list(?)').all(table) as {
            column: string;
            parent: string;
            onDelete: string;
          }[])
            .filter((r) => crmTables.has(r.parent) && !['CASCADE', 'SET NULL', 'SET DEFAULT'].includes(r.onDelete.toUpperCase()))
            .map(({ column, parent }) => ({ table, column, parent })),
        );
    } finally {
      book.close();
    }
  } catch {
    return [];
  }
}

/** The orphans of crm's own tables (rows whose parent is gone), grouped as `crm doctor` names them. */
export function bookOrphans(db: Db): OrphanGroup[] {
  return orphanGroups(db).filter((group) => group.crmTable);
}

/** Whether the book at `path` has rows of crm's tables whose parent is gone (false when it cannot be read). */
export function orphansIn(path: string, open: (path: string) => { db: Db; close(): void }): boolean {
  try {
    const book = open(path);
    try {
      return bookOrphans(book.db).length > 0;
    } finally {
      book.close();
    }
  } catch {
    return false;
  }
}
