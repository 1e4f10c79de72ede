// Opening a book safely. Before SQLite touches the file, its bytes are inspected (./inspect.ts): anything that is not a
// crm book this crm can use is refused unchanged, -wal included. A read never changes the file: it is opened
// read-only (or read from a copy in memory), an older schema is upgraded only in that copy, and a missing or empty
// file reads as an empty book. A write refuses a read-only file or folder, copies an older book aside before
// upgrading it, and never changes the mode of a file it did not create.
import { closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { CrmError, DatabaseError } from '../core/errors.js';
import { shellWord } from '../core/words.js';
import { AtomicFile, failureReason, removeStaleTempFiles } from './files.js';
import { asRollbackImage, bookDamaged, folderWritable, inspectBook, readImage, writeProblem, type BookFile } from './inspect.js';
import { CRM_APPLICATION_ID, FOREIGN_KEYS_OFF, LATEST_SCHEMA, MIGRATIONS } from './migrations.js';
import { hasCrmTables } from './doctor.js';
import { completeSearchIndex } from './search.js';

export type Db = BetterSqlite3.Database;

const requireNative = createRequire(import.meta.url);
export const BUSY_TIMEOUT_MS = 5000;

export interface OpenOptions {
  /**
   * read: a connection that cannot change the file. scratch: a private copy in memory, to change and throw away
   * (a dry run). write: the file itself, created when missing (folders 0700, file 0600), upgraded when older.
   */
  mode: 'read' | 'scratch' | 'write';
  /** Called with the path of the copy made before a migration. */
  onBackup?: (path: string) => void;
  /** Called when a write made a new book (at a path with no file, or an empty one), before any row is in it. */
  onCreate?: (path: string) => void;
  now?: number;
}

export interface OpenedBook {
  db: Db;
  path: string;
  /** true when the connection writes the file; false for a read-only connection or a copy in memory */
  writable: boolean;
  /** Closes the connection (and lets SQLite remove the -wal and -shm a read-only connection had to create). */
  close(): void;
}

function loadDriver(): typeof BetterSqlite3 {
  return requireNative('better-sqlite3') as typeof BetterSqlite3;
}

export function openBook(path: string, options: OpenOptions): OpenedBook {
  const file = inspectBook(path);
  assertCrmFile(file);
  return options.mode === 'write' ? openForWriting(file, options) : openForReading(file, options.mode === 'scratch');
}

/** Another program's database, or a newer crm's book, is refused from its bytes: SQLite never opens it. */
function assertCrmFile(file: BookFile): void {
  if (!file.header) return;
  const { applicationId, userVersion, schemaEmpty } = file.header;
  try {
    assertCrmBook(file.path, applicationId, userVersion, applicationId === 0 && userVersion === 0 && schemaEmpty);
  } catch (error) {
    // `sqlite3 book.db .dump | sqlite3 copy.db` keeps the tables but not the marks (application_id, user_version).
    if (applicationId === 0 && hasCrmTables(file.path)) {
      throw new DatabaseError(
        `${file.path} has crm's tables but not the mark of a crm book (a book rebuilt from a dump, such as sqlite3 .dump, loses it); ` +
          `it was left unchanged: crm doctor --adopt --db ${shellWord(file.path)} checks its schema and adopts it`,
      );
    }
    throw error;
  }
}

function assertCrmBook(path: string, applicationId: number, version: number, empty: boolean): void {
  if (applicationId !== CRM_APPLICATION_ID && !empty) {
    throw new DatabaseError(`${path} is an SQLite database of another program, not a crm book; it was left unchanged`);
  }
  if (version > LATEST_SCHEMA) {
    throw new DatabaseError(
      `${path} was written by a newer crm (schema ${version}; this crm knows up to ${LATEST_SCHEMA}): upgrade crm to open it; it was left unchanged`,
    );
  }
}

/** The same check through SQLite, once open: the file may have changed since it was inspected (another crm creating it). */
function verifyOpened(db: Db, path: string): number {
  let facts: { applicationId: number; version: number; tables: number };
  try {
    // One read transaction: another crm creating this book at the same moment is seen before or after, never halfway.
    facts = db.transaction(() => ({
      applicationId: db.pragma('application_id', { simple: true }) as number,
      version: db.pragma('user_version', { simple: true }) as number,
      tables: (db.prepare('SELECT count(*) AS n FROM sqlite_schema').get() as { n: number }).n,
    }))();
  } catch (error) {
    if (isDamage(error)) throw bookDamaged(path, (error as Error).message);
    throw error;
  }
  assertCrmBook(path, facts.applicationId, facts.version, facts.applicationId === 0 && facts.version === 0 && facts.tables === 0);
  return facts.version;
}

export function isDamage(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

function openForWriting(file: BookFile, options: OpenOptions): OpenedBook {
  const { path } = file;
  const problem = writeProblem(file);
  if (problem) throw new DatabaseError(`cannot change the book ${path}: ${problem}; nothing was changed`);
  if (file.state === 'missing') createPrivateFile(path);
  // What a crm killed while writing beside the book left (a restore's staged copy, an upgrade's copy): gone now.
  removeStaleTempFiles(dirname(path));
  const Database = loadDriver();
  let db: Db;
  try {
    db = new Database(path, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw new DatabaseError(`cannot open the book ${path}: ${(error as Error).message}`);
  }
  try {
    verifyOpened(db, path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    configure(db);
    if (migrate(db, (version) => copyAside(db, path, version, options))) options.onCreate?.(path);
    completeSearchIndex(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return { db, path, writable: true, close: () => db.close() };
}

function openForReading(file: BookFile, scratch: boolean): OpenedBook {
  const { path } = file;
  const inMemory = (image?: Buffer): OpenedBook => {
    const db = image?.length ? new (loadDriver())(image) : new (loadDriver())(':memory:');
    configure(db);
    if (image?.length) verifyOpened(db, path);
    migrate(db); // only this copy: the file keeps its schema until a command changes the book
    return { db, path, writable: false, close: () => db.close() };
  };
  if (file.state !== 'database') return inMemory();
  // SQLite reads a book in WAL mode through a -wal and a -shm, and creates them when missing. Beside a book crm may
  // not write (a read-only file or folder) nobody but another program could remove them again: unless both are
  // there (a crm may be writing through them), the book is read from its bytes.
  if (writeProblem(file) && !(file.hasWal && file.hasShm)) return inMemory(readImage(path));
  const db = openReadOnly(file);
  if (!db) return inMemory(readImage(path));
  let version: number;
  try {
    version = verifyOpened(db, path);
  } catch (error) {
    db.close();
    throw error;
  }
  if (scratch || version < LATEST_SCHEMA) {
    // serialize() reads the book in one read transaction: a consistent copy, whatever another crm commits.
    const image = asRollbackImage(db.serialize());
    closeReadOnly(db, file);
    return inMemory(image);
  }
  configure(db);
  return { db, path, writable: false, close: () => closeReadOnly(db, file) };
}

/**
 * A read-only connection to the file, or undefined when SQLite cannot read it in place: a book in WAL mode needs a
 * -shm beside it, which a read-only folder without one cannot give. There nobody can be writing the book, so it is
 * read from its bytes instead.
 */
function openReadOnly(file: BookFile): Db | undefined {
  const Database = loadDriver();
  let db: Db;
  try {
    db = new Database(file.path, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw new DatabaseError(`cannot open the book ${file.path}: ${(error as Error).message}`);
  }
  try {
    db.pragma('schema_version'); // SQLite opens the -wal and -shm at the first read
    return db;
  } catch (error) {
    db.close();
    const code = String((error as { code?: unknown }).code);
    if (!folderWritable(file.path) && (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY'))) return undefined;
    if (isDamage(error)) throw bookDamaged(file.path, (error as Error).message);
    throw new DatabaseError(`cannot read the book ${file.path}: ${(error as Error).message}`);
  }
}

/**
 * SQLite removes a book's -wal and -shm when the last connection that may write closes it; a read-only connection
 * leaves them. When this read found neither and SQLite made them for it, a connection that may write (and writes
 * nothing: its log is empty) opens and closes, and SQLite removes them, unless another crm has the book open.
 */
function closeReadOnly(db: Db, file: BookFile): void {
  db.close();
  const wal = `${file.path}-wal`;
  if (file.hasWal || file.hasShm || !existsSync(wal) || statSync(wal).size !== 0 || writeProblem(file)) return;
  try {
    const tidy = new (loadDriver())(file.path, { fileMustExist: true, timeout: 0 });
    try {
      tidy.pragma('schema_version');
    } finally {
      tidy.close();
    }
  } catch {
    // Another crm holds the book: it removes them when it closes.
  }
}

/** Settings of every connection: damage found as soon as a damaged page is read, before anything is written over it. */
function configure(db: Db): void {
  db.pragma('foreign_keys = ON');
  db.pragma('cell_size_check = ON');
}

/**
 * Brings the book to the latest schema; beforeUpgrade runs first when an existing (not new) book is upgraded.
 * True when this made a new book (from nothing, or an empty file).
 */
function migrate(db: Db, beforeUpgrade?: (version: number) => void): boolean {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version === LATEST_SCHEMA) return false;
  if (version > 0) beforeUpgrade?.(version);
  const apply = (next: number) => {
    // Another crm may have applied this migration while we waited for the write lock.
    if ((db.pragma('user_version', { simple: true }) as number) >= next) return;
    db.exec(MIGRATIONS[next - 1]!);
    const dangling = FOREIGN_KEYS_OFF.has(next) ? (db.prepare('PRAGMA foreign_key_check').get() as { table: string; parent: string } | undefined) : undefined;
    if (dangling) {
      throw new DatabaseError(
        `the book has rows of table ${dangling.table} that point to rows of ${dangling.parent} that do not exist (changed outside crm?): ` +
          `it cannot be upgraded to schema ${next}; nothing was changed`,
      );
    }
    db.pragma(`application_id = ${CRM_APPLICATION_ID}`);
    db.pragma(`user_version = ${next}`);
  };
  /** Runs `migrate` in one transaction, with foreign keys off when a migration in it rebuilds tables. */
  const inTransaction = <T>(versions: number[], migrate: () => T): T => {
    const keysOff = versions.some((next) => FOREIGN_KEYS_OFF.has(next));
    if (keysOff) db.pragma('foreign_keys = OFF'); // only outside a transaction does SQLite take this
    try {
      return db.transaction(migrate).immediate();
    } finally {
      if (keysOff) db.pragma('foreign_keys = ON');
    }
  };
  if (version === 0) {
    // A new book is created at the latest schema in one transaction: another crm opening it at the same
    // moment never sees a book halfway through its versions (and would copy it aside to "upgrade" it).
    const all = Array.from({ length: LATEST_SCHEMA }, (_, i) => i + 1);
    return inTransaction(all, () => {
      // Another crm may have made the book while we waited for the write lock: then this one did not.
      if ((db.pragma('user_version', { simple: true }) as number) > 0) return false;
      all.forEach(apply);
      return true;
    });
  }
  for (let next = version + 1; next <= LATEST_SCHEMA; next++) inTransaction([next], () => apply(next));
  return false;
}

/**
 * The book as it is, copied to `<book>.v<version>-<time>.bak` (or the first free `-2.bak`...) before an upgrade:
 * written whole beside the book under a temporary name and only then put in place, never replacing anything, so a
 * crm killed meanwhile leaves no partial copy under the name (the next run removes its temporary file).
 */
function copyAside(db: Db, path: string, version: number, options: OpenOptions): void {
  const base = `${path}.v${version}-${stamp(options.now ?? Date.now())}`;
  const what = `${base}.bak (the copy of the book before upgrading it)`;
  let copy: string;
  try {
    const file = AtomicFile.beside(`${base}.bak`, { what });
    try {
      db.prepare('VACUUM INTO ?').run(file.path); // into the empty 0600 temporary file: never readable by others
      copy = file.commitAtFirstFree((n) => (n === 1 ? `${base}.bak` : `${base}-${n}.bak`));
    } finally {
      file.discard();
    }
  } catch (error) {
    const reason = error instanceof CrmError ? error.message : `cannot write ${what}: ${failureReason(error)}`;
    throw new DatabaseError(`${reason.replace(/; nothing was written$/, '')}; the book was not upgraded, nothing was changed`);
  }
  options.onBackup?.(copy);
}

function stamp(at: number): string {
  return new Date(at).toISOString().replace(/[-:]/g, '').replace(/\..*$/, 'Z');
}

/** A new book is private from its first byte: folders 0700, the file 0600 (a umask can only take bits away). */
function createPrivateFile(path: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new DatabaseError(`cannot create the book ${path}: ${failureReason(error)}`);
  }
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new DatabaseError(`cannot create the book ${path}: ${failureReason(error)}`);
    }
  }
}
