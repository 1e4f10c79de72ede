// Opening a book safely: refuse anything that is not a crm book without touching it,
// refuse newer schemas, migrate older ones (after copying the file aside), set the pragmas.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { DatabaseError } from '../core/errors.js';
import { CRM_APPLICATION_ID, LATEST_SCHEMA, MIGRATIONS } from './migrations.js';

export type Db = BetterSqlite3.Database;

const requireNative = createRequire(import.meta.url);
const SQLITE_HEADER = 'SQLite format 3\0';
export const BUSY_TIMEOUT_MS = 5000;

export interface OpenOptions {
  /** 'read' never creates a file: a missing book opens as an empty in-memory book. */
  mode: 'read' | 'write';
  /** Called with the path of the copy made before a migration. */
  onBackup?: (path: string) => void;
  now?: number;
}

export interface OpenedBook {
  db: Db;
  path: string;
  /** false when the book did not exist and a read opened an empty one in memory */
  persisted: boolean;
}

function loadDriver(): typeof BetterSqlite3 {
  return requireNative('better-sqlite3') as typeof BetterSqlite3;
}

export function openBook(path: string, options: OpenOptions): OpenedBook {
  const Database = loadDriver();
  const exists = existsSync(path);
  if (!exists && options.mode === 'read') {
    const db = new Database(':memory:');
    migrate(db, path, options);
    return { db, path, persisted: false };
  }
  if (exists) {
    assertSqliteFile(path);
  } else {
    createPrivateFile(path);
  }
  let db: Db;
  try {
    db = new Database(path, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw new DatabaseError(`cannot open the book ${path}: ${(error as Error).message}`);
  }
  try {
    assertCrmBook(db, path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db, path, options);
    keepPrivate(path);
  } catch (error) {
    db.close();
    throw error;
  }
  return { db, path, persisted: true };
}

/** A file that does not start with the SQLite header is refused before SQLite ever opens it. */
function assertSqliteFile(path: string): void {
  const stat = statSync(path);
  if (stat.isDirectory()) throw new DatabaseError(`${path} is a directory, not a crm book`);
  if (stat.size === 0) return; // an empty file becomes a new book
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(16);
    const read = readSync(fd, header, 0, 16, 0);
    if (read < 16 || header.toString('latin1') !== SQLITE_HEADER) {
      throw new DatabaseError(`${path} is not a crm book (not an SQLite database); it was left unchanged`);
    }
  } finally {
    closeSync(fd);
  }
}

/** An SQLite file of another program is refused; an empty SQLite file may become a book. */
function assertCrmBook(db: Db, path: string): void {
  let applicationId: number;
  let version: number;
  let tables: number;
  try {
    // One read transaction: another crm creating this book at the same moment is seen before or after, never halfway.
    ({ applicationId, version, tables } = db.transaction(() => ({
      applicationId: db.pragma('application_id', { simple: true }) as number,
      version: db.pragma('user_version', { simple: true }) as number,
      tables: (db.prepare('SELECT count(*) AS n FROM sqlite_schema').get() as { n: number }).n,
    }))());
  } catch (error) {
    throw new DatabaseError(`${path} is not a readable crm book: ${(error as Error).message}`);
  }
  const empty = applicationId === 0 && version === 0 && tables === 0;
  if (applicationId !== CRM_APPLICATION_ID && !empty) {
    throw new DatabaseError(`${path} is an SQLite database of another program, not a crm book; it was left unchanged`);
  }
  if (version > LATEST_SCHEMA) {
    throw new DatabaseError(
      `${path} was written by a newer crm (schema ${version}; this crm knows up to ${LATEST_SCHEMA}): upgrade crm to open it`,
    );
  }
}

function migrate(db: Db, path: string, options: OpenOptions): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version === LATEST_SCHEMA) return;
  if (version > 0 && path !== ':memory:' && existsSync(path)) {
    const copy = createCopyFile(`${path}.v${version}-${stamp(options.now ?? Date.now())}`);
    try {
      db.prepare('VACUUM INTO ?').run(copy); // into the empty 0600 file: never readable by others, even briefly
    } catch (error) {
      rmSync(copy, { force: true });
      throw error;
    }
    keepPrivate(copy);
    options.onBackup?.(copy);
  }
  const apply = (next: number) => {
    // Another crm may have applied this migration while we waited for the write lock.
    if ((db.pragma('user_version', { simple: true }) as number) >= next) return;
    db.exec(MIGRATIONS[next - 1]!);
    db.pragma(`application_id = ${CRM_APPLICATION_ID}`);
    db.pragma(`user_version = ${next}`);
  };
  if (version === 0) {
    // A new book is created at the latest schema in one transaction: another crm opening it at the same
    // moment never sees a book halfway through its versions (and would copy it aside to "upgrade" it).
    db.transaction(() => {
      for (let next = 1; next <= LATEST_SCHEMA; next++) apply(next);
    }).immediate();
    return;
  }
  for (let next = version + 1; next <= LATEST_SCHEMA; next++) db.transaction(() => apply(next)).immediate();
}

/**
 * Creates the first free `<base>.bak` (then `<base>-2.bak`...) empty and 0600. A second attempt in the same
 * second (after a failed migration, with CRM_NOW set, or another crm upgrading the same book) gets its own copy.
 */
function createCopyFile(base: string): string {
  for (let n = 1; ; n++) {
    const copy = n === 1 ? `${base}.bak` : `${base}-${n}.bak`;
    try {
      closeSync(openSync(copy, 'wx', 0o600));
      return copy;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || n >= 100) {
        throw new DatabaseError(`cannot copy the book to ${copy} before upgrading it: ${(error as Error).message}; nothing was changed`);
      }
    }
  }
}

function stamp(at: number): string {
  return new Date(at).toISOString().replace(/[-:]/g, '').replace(/\..*$/, 'Z');
}

function createPrivateFile(path: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new DatabaseError(`cannot create the book ${path}: ${(error as Error).message}`);
  }
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new DatabaseError(`cannot create the book ${path}: ${(error as Error).message}`);
    }
  }
}

/** The book holds private business data: owner-only, whatever the umask. */
function keepPrivate(path: string): void {
  if (process.platform === 'win32') return;
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      chmodSync(file, 0o600);
    } catch {
      // -wal/-shm may not exist yet
    }
  }
}
