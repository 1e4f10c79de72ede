// Backups of a live book, and restoring a book from one. Every file written here goes through store/files.ts:
// created 0600 under a temporary name in its final folder and only then put in place, so a reader never sees
// half a copy, and a full disk is an error rather than a short file.
import { closeSync, existsSync, mkdirSync, openSync, readSync, rmdirSync, statSync, unlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { CrmError, DatabaseError, InputError } from '../core/errors.js';
import type { LastBackup } from '../core/book-records.js';
import { ENCRYPTED_MAGIC, HEADER_BYTES, TAG_BYTES, isEncryptedBackup, startDecryption, startEncryption, type ScryptParams } from '../core/backup-crypto.js';
import { NOT_A_RECORD, recordBackup } from './book-records.js';
import { countClients } from './clients.js';
import { checkBookFile } from './dump.js';
import { AtomicFile, failureReason, isWriteFailure, openSource, readFailure, sameFile, TargetExistsError, writeFailure } from './files.js';
import { inspectBook } from './inspect.js';
import { CRM_APPLICATION_ID, LATEST_SCHEMA } from './migrations.js';
import { BUSY_TIMEOUT_MS, openBook, type Db } from './open.js';

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;

export interface BackupResult {
  /** clients in the copy: the state the copy was taken in */
  clients: number;
}

/**
 * Writes a consistent, standalone copy of the open book `db` (at bookPath) to destination.
 *
 * VACUUM INTO rather than the online backup API (db.backup): VACUUM INTO reads the whole book inside one read
 * transaction, so the copy is the book as of one commit; in WAL mode other crm processes keep writing meanwhile
 * and do not wait for it. The backup API copies 100 pages per step and starts over whenever another process
 * commits between two steps (with a steady writer it took 24 times the steps a quiet book needs), so a big,
 * busy book may take unboundedly long. VACUUM INTO also writes a rollback-journal file (one file is the whole
 * book, no -wal needed) without free pages, where the backup API's copy keeps the WAL flag and needs a second pass.
 */
export function backupBook(db: Db, bookPath: string, destination: string, options: { force: boolean; encryption?: Encryption }): BackupResult {
  const file = AtomicFile.create(destination, {
    replace: options.force,
    notThese: bookFiles(bookPath),
    example: 'crm-backup.db',
    specialHint: 'back up to a regular file',
  });
  try {
    for (const companion of [`${destination}-wal`, `${destination}-journal`]) {
      // Replacing a database that still has a journal would let SQLite replay that journal into the new copy.
      if (existsSync(companion)) throw new InputError(`${destination} is a database in use (${companion} exists): back up to another file`);
    }
    let clients: number;
    if (options.encryption) {
      // The unencrypted copy is made beside the book, which holds the same bytes: private, and always removed.
      const plain = AtomicFile.beside(bookPath, { what: `the copy of the book to encrypt into ${destination}` });
      try {
        vacuumInto(db, plain.path, destination);
        clients = readOnly(plain.path, (copy) => countClients(copy));
        encryptInto(plain.path, file, options.encryption);
      } finally {
        plain.discard();
      }
    } else {
      vacuumInto(db, file.path, destination);
      clients = readOnly(file.path, (copy) => countClients(copy));
    }
    file.commit();
    return { clients };
  } finally {
    file.discard();
  }
}

/** A passphrase and the key derivation's parameters for an encrypted backup (core/backup-crypto.ts). */
export interface Encryption {
  passphrase: string;
  params: ScryptParams;
}

const CHUNK_BYTES = 1 << 20;

/** The file at plainPath, encrypted, into file: header, ciphertext, tag. */
function encryptInto(plainPath: string, file: AtomicFile, { passphrase, params }: Encryption): void {
  const encryption = startEncryption(passphrase, params);
  file.write(encryption.header);
  const fd = openSync(plainPath, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK_BYTES);
    for (let read: number; (read = readSync(fd, buffer, 0, buffer.length, null)) > 0; ) file.write(encryption.update(buffer.subarray(0, read)));
  } finally {
    closeSync(fd);
  }
  file.write(encryption.final());
}

/** Whether source is an encrypted backup (it starts with CRMENC1): restore then needs a passphrase. */
export function isEncryptedBackupFile(source: string): boolean {
  const { fd } = openSource(source, 'restore');
  try {
    return isEncryptedBackup(readAt(fd, 0, ENCRYPTED_MAGIC.length, source));
  } finally {
    closeSync(fd);
  }
}

/** Up to `length` bytes of the open source from `position`. */
function readAt(fd: number, position: number, length: number, source: string): Buffer {
  const buffer = Buffer.alloc(length);
  let read = 0;
  try {
    for (let n: number; read < length && (n = readSync(fd, buffer, read, length - read, position + read)) > 0; ) read += n;
  } catch (error) {
    throw readFailure(error, source, 'restore');
  }
  return buffer.subarray(0, read);
}

/**
 * An encrypted backup decrypted into file (the private staged copy), streamed: nothing of it is trusted until the
 * tag at the end matches, and on any error the caller discards the copy.
 */
function decryptInto(fd: number, size: number, file: AtomicFile, source: string, passphrase: string): void {
  const decryption = startDecryption(readAt(fd, 0, HEADER_BYTES, source), size, passphrase, source);
  const end = size - TAG_BYTES;
  for (let position = HEADER_BYTES; position < end; ) {
    const chunk = readAt(fd, position, Math.min(CHUNK_BYTES, end - position), source);
    if (chunk.length === 0) throw new DatabaseError(`${source} changed while it was read (shorter than it was); nothing was changed`);
    file.write(decryption.update(chunk));
    position += chunk.length;
  }
  const tag = readAt(fd, end, TAG_BYTES, source);
  if (tag.length < TAG_BYTES) throw new DatabaseError(`${source} changed while it was read (shorter than it was); nothing was changed`);
  file.write(decryption.final(tag));
}

/**
 * Records a backup in the book at bookPath (`crm info` shows the last one), or says why it could not (a read-only
 * book, another crm holding it past the timeout). On a connection and in a transaction of its own: a backup is no
 * change to the data, so no command's change. A book of an older schema is
 * not upgraded for it: the next command that changes the book does that.
 */
export function noteBackup(bookPath: string, backup: LastBackup): string | undefined {
  try {
    const version = inspectBook(bookPath).header?.userVersion;
    if (version !== LATEST_SCHEMA) return `the book has schema ${version ?? 0}; the next change upgrades it to ${LATEST_SCHEMA}`;
    const opened = openBook(bookPath, { mode: 'write' });
    try {
      opened.db.transaction(() => recordBackup(opened.db, backup)).immediate();
    } finally {
      opened.close();
    }
    return undefined;
  } catch (error) {
    return error instanceof CrmError ? error.message : failureReason(error);
  }
}

/** SQLite copies the book into path; a full disk or a size limit says which file could not be written. */
function vacuumInto(db: Db, path: string, target: string): void {
  try {
    db.prepare('VACUUM INTO ?').run(path);
  } catch (error) {
    throw isWriteFailure(error) ? writeFailure(error, target) : error;
  }
}

function bookFiles(bookPath: string): string[] {
  return [bookPath, `${bookPath}-wal`, `${bookPath}-shm`, `${bookPath}-journal`];
}

// --- restore ---

/** A checked copy of the file to restore, next to the book, at the latest schema. */
export interface StagedRestore {
  /** the file as the user named it */
  source: string;
  clients: number;
  /** Removes the staged copy (and a folder made for it) unless it became the book. Safe to call twice. */
  discard(): void;
}

interface Staged extends StagedRestore {
  file: AtomicFile;
}

/**
 * Copies source next to the book and checks the copy: a crm book, a schema this crm knows, passing SQLite's
 * integrity and foreign key checks. An older schema is migrated on the copy. The source is only read, and only
 * if it is a regular file (a FIFO would hang the restore, a device would never end).
 */
export function stageRestore(source: string, bookPath: string, passphrase?: string): StagedRestore {
  const { fd, stat } = openSource(source, 'restore');
  try {
    const encrypted = isEncryptedBackup(readAt(fd, 0, ENCRYPTED_MAGIC.length, source));
    if (encrypted && passphrase === undefined) throw new InputError(`${source} is an encrypted backup: it needs its passphrase; nothing was changed`);
    if (!encrypted && !hasSqliteHeader(fd, source)) throw new DatabaseError(`${source} is not a crm book (not an SQLite database); nothing was changed`);
    const journal = `${source}-wal`;
    if (!encrypted && existsSync(journal) && statSync(journal).size > 0) {
      throw new DatabaseError(
        `${source} still has changes in ${journal} (is a program using it?): copy it with crm --db ${source} backup COPY and restore COPY; nothing was changed`,
      );
    }
    for (const part of [bookPath, `${bookPath}-wal`]) {
      if (sameFile(source, part)) throw new InputError(`${source} is the book itself: nothing to restore`);
    }
    const folder = dirname(bookPath);
    let madeFolder: string | undefined;
    try {
      madeFolder = mkdirSync(folder, { recursive: true, mode: 0o700 });
    } catch (error) {
      throw new CrmError('runtime', `cannot create the folder ${folder}: ${(error as Error).message}`);
    }
    const removeMadeFolder = () => {
      if (madeFolder) removeEmptyFolders(folder, madeFolder);
    };
    let file: AtomicFile;
    try {
      file = AtomicFile.beside(bookPath, { what: `the copy of ${source} beside the book` });
    } catch (error) {
      removeMadeFolder();
      throw error;
    }
    const staged: Staged = {
      source,
      clients: 0,
      file,
      discard() {
        file.discard();
        removeMadeFolder();
      },
    };
    try {
      if (encrypted) decryptInto(fd, stat.size, file, source, passphrase!);
      else copyInto(fd, stat.size, file, source);
      staged.clients = checkCopy(file.path, source);
      checkBookFile(file.path, source);
      return staged;
    } catch (error) {
      staged.discard();
      throw error;
    }
  } finally {
    closeSync(fd);
  }
}

/** The whole of the open source file, through the checked writer. */
function copyInto(fd: number, size: number, file: AtomicFile, source: string): void {
  const buffer = Buffer.alloc(1 << 20);
  let position = 0;
  for (;;) {
    let read: number;
    try {
      read = readSync(fd, buffer, 0, buffer.length, position);
    } catch (error) {
      throw readFailure(error, source, 'restore');
    }
    if (read === 0) break;
    file.write(buffer.subarray(0, read));
    position += read;
  }
  if (position < size) throw new DatabaseError(`${source} changed while it was read (shorter than it was); nothing was changed`);
}

/** Checks the staged copy, migrates it when its schema is older; returns its number of clients. */
function checkCopy(path: string, source: string): number {
  let version: number;
  let clients: number;
  let db: Db | undefined;
  try {
    db = new Database(path, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    const applicationId = db.pragma('application_id', { simple: true }) as number;
    version = db.pragma('user_version', { simple: true }) as number;
    if (applicationId !== CRM_APPLICATION_ID || version === 0) {
      throw new DatabaseError(`${source} is an SQLite database of another program, not a crm book; nothing was changed`);
    }
    if (version > LATEST_SCHEMA) {
      throw new DatabaseError(
        `${source} was written by a newer crm (schema ${version}; this crm knows up to ${LATEST_SCHEMA}): upgrade crm to restore it; nothing was changed`,
      );
    }
    const problems = (db.prepare('PRAGMA integrity_check(3)').all() as { integrity_check: string }[]).map((r) => r.integrity_check);
    if (problems.length !== 1 || problems[0] !== 'ok') {
      throw new DatabaseError(`${source} is damaged (${problems[0]}); nothing was changed`);
    }
    if (db.prepare('PRAGMA foreign_key_check').all().length > 0) {
      throw new DatabaseError(`${source} is damaged (rows point to rows that do not exist); nothing was changed`);
    }
    clients = countClients(db);
    // The copy is read through ATTACH later: in rollback-journal mode that creates no -wal or -shm beside it.
    db.pragma('journal_mode = DELETE');
  } catch (error) {
    if (error instanceof CrmError) throw error;
    throw new DatabaseError(`${source} is not a usable crm book (${(error as Error).message}); nothing was changed`);
  } finally {
    db?.close();
  }
  if (version < LATEST_SCHEMA) {
    // The source file itself is the copy from before the upgrade: the one openBook makes of the staged file goes.
    const migrated = openBook(path, { mode: 'write', onBackup: (copy) => removeFile(copy) }).db;
    migrated.pragma('journal_mode = DELETE');
    migrated.close();
  }
  return clients;
}

/** Puts the staged copy in place when there is no book yet (the folder was made 0700 by stageRestore). */
export function installBook(staged: StagedRestore, bookPath: string): void {
  try {
    (staged as Staged).file.commit();
  } catch (error) {
    if (error instanceof TargetExistsError) {
      throw new DatabaseError(`a book appeared at ${bookPath} while restoring: run crm restore again; nothing was changed`);
    }
    throw error;
  }
}

/** Where the current book will be kept: the first free `<book>.before-restore-<UTC time>[-n].bak`. */
export function keepAsidePath(bookPath: string, at: number): string {
  const base = `${bookPath}.before-restore-${stamp(at)}`;
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? `${base}.bak` : `${base}-${n}.bak`;
    if (!existsSync(candidate)) return candidate;
  }
}

/**
 * Replaces the contents of the open book `db` with the staged copy, in one write transaction, after copying
 * the book as it stands to keepAs (or the next free name); returns where the old book was kept.
 *
 * The rows are replaced inside the live file rather than by renaming another file over it: a crm that already
 * has the book open and waits for the lock then writes into the restored book, not into a file that is gone.
 * Whole or not at all: a crash or an error before COMMIT leaves the old book as it was.
 *
 * The write lock is held only to swap the rows: the old book is copied aside before it is taken (and again
 * under it in the rare case another crm committed in between), and rows go parents first, children last, so
 * each foreign key costs one lookup by primary key. Children first made SQLite count every row as a pending
 * violation and search the child tables for each parent inserted: quadratic, 115 s for 100,000 interactions,
 * while crm processes waiting to write gave up after 5 s.
 */
export function replaceBook(db: Db, bookPath: string, staged: StagedRestore, keepAs: string): string {
  const copy = staged as Staged;
  db.prepare('ATTACH DATABASE ? AS restored').run(copy.file.path);
  let kept = '';
  try {
    const tables = tablesToCopy(db, copy.source);
    const version = dataVersion(db);
    kept = keepAside(bookPath, keepAs);
    db.exec('BEGIN IMMEDIATE'); // other crm processes now wait (busy timeout) until COMMIT
    try {
      if (dataVersion(db) !== version) {
        // Another crm committed after the copy: copy again, now that nothing more can be committed.
        removeFile(kept);
        kept = '';
        kept = keepAside(bookPath, keepAs);
      }
      db.pragma('defer_foreign_keys = ON');
      // What the book records about itself (created, last backup) describes this file, not the data: it stays.
      const records = db.prepare(`SELECT key, value FROM main.setting WHERE NOT (${NOT_A_RECORD})`).all();
      for (const table of [...tables].reverse()) db.exec(`DELETE FROM main.${quote(table.name)}`);
      for (const table of tables) {
        db.exec(`INSERT INTO main.${quote(table.name)} (${table.columns}) SELECT ${table.columns} FROM restored.${quote(table.name)}`);
      }
      db.exec(`DELETE FROM main.setting WHERE NOT (${NOT_A_RECORD})`);
      const keep = db.prepare('INSERT INTO main.setting (key, value) VALUES (@key, @value)');
      for (const record of records) keep.run(record);
      if (hasTable(db, 'main', 'sqlite_sequence')) {
        db.exec('DELETE FROM main.sqlite_sequence');
        if (hasTable(db, 'restored', 'sqlite_sequence')) {
          db.exec('INSERT INTO main.sqlite_sequence (name, seq) SELECT name, seq FROM restored.sqlite_sequence');
        }
      }
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw describeDamage(error, bookPath);
    }
  } catch (error) {
    if (kept) removeFile(kept);
    throw error;
  } finally {
    db.exec('DETACH DATABASE restored');
  }
  copy.discard();
  return kept;
}

/** Changes whenever another connection commits to the book. */
function dataVersion(db: Db): number {
  return db.pragma('main.data_version', { simple: true }) as number;
}

interface TableCopy {
  name: string;
  /** quoted column list, with rowid first for rowid tables whose rowid is not a column */
  columns: string;
}

/**
 * The book's tables and their columns, each after the tables it refers to; the staged copy (same schema
 * version) must have the same.
 */
function tablesToCopy(db: Db, source: string): TableCopy[] {
  const tables = db
    .prepare(`SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name`)
    .all() as { name: string; wr: number }[];
  const copies = tables.map(({ name, wr }) => {
    const columnsOf = (schema: string) =>
      db.prepare(`SELECT name, type, pk FROM pragma_table_info(?, ?) ORDER BY cid`).all(name, schema) as { name: string; type: string; pk: number }[];
    const columns = columnsOf('main');
    const restored = columnsOf('restored').map((c) => c.name);
    if (restored.join('\0') !== columns.map((c) => c.name).join('\0')) {
      throw new DatabaseError(`${source} does not have the tables of a crm book (table ${name} differs); nothing was changed`);
    }
    const keys = columns.filter((c) => c.pk > 0);
    const rowidIsColumn = keys.length === 1 && keys[0]!.type.toUpperCase() === 'INTEGER';
    const names = columns.map((c) => quote(c.name));
    return { name, columns: (wr === 0 && !rowidIsColumn ? ['rowid', ...names] : names).join(', ') };
  });
  const parentsOf = (name: string) =>
    (db.prepare(`SELECT DISTINCT "table" AS parent FROM pragma_foreign_key_list(?, 'main')`).all(name) as { parent: string }[])
      .map((row) => row.parent)
      .filter((parent) => parent !== name);
  return parentsFirst(copies, (table) => parentsOf(table.name));
}

/** Orders tables so that each comes after the tables it refers to (the schema has no cycles). */
function parentsFirst(tables: TableCopy[], parentsOf: (table: TableCopy) => string[]): TableCopy[] {
  const byName = new Map(tables.map((table) => [table.name, table]));
  const ordered: TableCopy[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (table: TableCopy) => {
    if (state.get(table.name) === 'done') return;
    if (state.get(table.name) === 'visiting') throw new Error(`foreign keys of table ${table.name} form a cycle`);
    state.set(table.name, 'visiting');
    for (const parent of parentsOf(table)) {
      const found = byName.get(parent);
      if (found) visit(found);
    }
    state.set(table.name, 'done');
    ordered.push(table);
  };
  for (const table of tables) visit(table);
  return ordered;
}

function hasTable(db: Db, schema: string, name: string): boolean {
  return db.prepare(`SELECT 1 FROM pragma_table_list WHERE schema = ? AND name = ?`).get(schema, name) !== undefined;
}

/** Copies the book as of its last commit to keepAs (or the next free name), 0600. */
function keepAside(bookPath: string, keepAs: string): string {
  const file = AtomicFile.beside(keepAs, { what: `${keepAs} (the current book kept aside)` });
  try {
    const reader = new Database(bookPath, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    try {
      vacuumInto(reader, file.path, keepAs);
    } finally {
      reader.close();
    }
    return file.commitAtFirstFree((n) => (n === 1 ? keepAs : keepAs.replace(/(-\d+)?\.bak$/, `-${n}.bak`)));
  } finally {
    file.discard();
  }
}

function describeDamage(error: unknown, bookPath: string): unknown {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB'))) {
    return new DatabaseError(`the book at ${bookPath} is damaged (${(error as Error).message}): move it away and run crm restore again`);
  }
  return error;
}

// --- files ---

const SQLITE_HEADER = 'SQLite format 3\0';

/** A file that does not start with the SQLite header is refused before SQLite ever opens it. */
function hasSqliteHeader(fd: number, source: string): boolean {
  const header = Buffer.alloc(16);
  let read: number;
  try {
    read = readSync(fd, header, 0, 16, 0);
  } catch (error) {
    throw readFailure(error, source, 'restore');
  }
  return read === 16 && header.toString('latin1') === SQLITE_HEADER;
}

function readOnly<T>(path: string, read: (db: Db) => T): T {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

function removeFile(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

/** Removes folder and its parents up to top (the first folder made), as long as they are empty. */
function removeEmptyFolders(folder: string, top: string): void {
  let current = resolve(folder);
  const last = resolve(top);
  while (!relative(last, current).startsWith('..')) {
    try {
      rmdirSync(current);
    } catch {
      return;
    }
    if (current === last) return;
    current = dirname(current);
  }
}

function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function stamp(at: number): string {
  return new Date(at).toISOString().replace(/[-:]/g, '').replace(/\..*$/, 'Z');
}
