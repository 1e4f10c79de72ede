import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatabaseError } from '../../src/core/errors.js';
import { addClient, listClients } from '../../src/store/clients.js';
import { AtomicFile } from '../../src/store/files.js';
import { CRM_APPLICATION_ID, LATEST_SCHEMA } from '../../src/store/migrations.js';
import { openBook, type Db } from '../../src/store/open.js';

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;

let dir: string;
const opened: Db[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'crm-store-'));
});

afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

function open(path: string, mode: 'read' | 'write' = 'write') {
  const book = openBook(path, { mode, now: Date.parse('2026-11-23T09:00:00Z') });
  opened.push(book.db);
  return book;
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const mode = (path: string) => statSync(path).mode & 0o777;

function expectBook(db: Db) {
  expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA);
  expect(db.pragma('application_id', { simple: true })).toBe(CRM_APPLICATION_ID);
  const tables = (db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table'`).all() as { name: string }[]).map((t) => t.name);
  expect(tables).toEqual(expect.arrayContaining(['client', 'interaction', 'bid', 'invoice', 'payment', 'follow_up', 'setting']));
}

/** Runs a real crm book through a write and returns its path, closed. */
function makeBook(name = 'book.db'): string {
  const path = join(dir, name);
  const { db } = open(path);
  addClient(db, { name: 'Acme', since: '2026-01-01', createdAt: 0 });
  db.close();
  return path;
}

/** Expects opening to be refused with a DatabaseError whose message matches, and the file to be byte-for-byte unchanged. */
function expectRefusedUnchanged(path: string, message: RegExp) {
  const before = sha256(path);
  let error: unknown;
  try {
    open(path);
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(DatabaseError);
  expect((error as Error).message).toMatch(message);
  expect(sha256(path)).toBe(before);
  expect(existsSync(`${path}-wal`)).toBe(false);
}

describe('openBook', () => {
  it('creates a new book: latest schema, crm application id, WAL, foreign keys on', () => {
    const path = join(dir, 'new.db');
    const { db, writable } = open(path);
    expect(writable).toBe(true);
    expectBook(db);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThanOrEqual(3000);
  });

  it('turns an empty (0-byte) file into a book', () => {
    const path = join(dir, 'empty.db');
    writeFileSync(path, '');
    const { db } = open(path);
    expectBook(db);
    addClient(db, { name: 'Acme', since: '2026-01-01', createdAt: 0 });
    expect(listClients(db).map((c) => c.name)).toEqual(['Acme']);
  });

  it('turns an empty SQLite file (no tables, no ids) into a book', () => {
    const path = join(dir, 'blank.db');
    const blank = new Database(path);
    blank.exec('CREATE TABLE scratch (x); DROP TABLE scratch;');
    blank.close();
    expect(statSync(path).size).toBeGreaterThan(0);
    expectBook(open(path).db);
  });

  it('reopens an existing book with its data and leaves it as it was', () => {
    const path = makeBook();
    const before = sha256(path);
    const { db } = open(path);
    expect(listClients(db).map((c) => c.name)).toEqual(['Acme']);
    db.close();
    expect(sha256(path)).toBe(before);
  });

  it('creates the book 0600 and its missing directories 0700', () => {
    const path = join(dir, 'data', 'crm', 'book.db');
    open(path).db.close();
    expect(mode(path)).toBe(0o600);
    expect(mode(join(dir, 'data', 'crm'))).toBe(0o700);
    expect(mode(join(dir, 'data'))).toBe(0o700);
  });

  it('never changes the mode of an existing book, in either mode, and a read leaves no file beside it', () => {
    const path = makeBook();
    for (const [set, how] of [[0o644, 'write'], [0o640, 'read'], [0o400, 'read'], [0o444, 'read']] as const) {
      chmodSync(path, set);
      const before = sha256(path);
      const book = open(path, how);
      expect(listClients(book.db).map((c) => c.name)).toEqual(['Acme']);
      book.close();
      expect(mode(path).toString(8)).toBe(set.toString(8));
      expect(readdirSync(dir)).toEqual(['book.db']);
      if (how === 'read') expect(sha256(path)).toBe(before);
    }
  });

  it('the next change removes what a killed crm left beside the book (a staged restore); a read leaves it', () => {
    const path = makeBook();
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const staged = AtomicFile.beside(path);
    staged.write('half a restore');
    const leftover = staged.path.replace(`-${process.pid}-`, `-${dead}-`);
    renameSync(staged.path, leftover);
    staged.discard();
    open(path, 'read').close();
    expect(existsSync(leftover)).toBe(true);
    open(path, 'write').close();
    expect(readdirSync(dir)).toEqual(['book.db']);
  });

  it('in read mode on a missing path creates nothing and sees an empty book', () => {
    const path = join(dir, 'missing', 'book.db');
    const { db, writable } = open(path, 'read');
    expect(writable).toBe(false);
    expect(listClients(db)).toEqual([]);
    db.close();
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });

  it('refuses a book from a newer crm, leaving it byte-for-byte unchanged', () => {
    const path = makeBook();
    const raw = new Database(path);
    raw.pragma(`user_version = ${LATEST_SCHEMA + 1}`);
    raw.close();
    expectRefusedUnchanged(path, new RegExp(`newer crm \\(schema ${LATEST_SCHEMA + 1}; this crm knows up to ${LATEST_SCHEMA}\\)`));
  });

  it('refuses a text file, leaving it unchanged', () => {
    const path = join(dir, 'notes.txt');
    writeFileSync(path, 'Call Acme on Monday about the quote.\n');
    expectRefusedUnchanged(path, /not a crm book \(not an SQLite database\); it was left unchanged/);
  });

  it('refuses a file shorter than the SQLite header', () => {
    const path = join(dir, 'tiny');
    writeFileSync(path, 'hi');
    expectRefusedUnchanged(path, /not a crm book/);
  });

  it("refuses another program's SQLite database, leaving it unchanged", () => {
    const path = join(dir, 'other.db');
    const other = new Database(path);
    other.exec(`CREATE TABLE song (title TEXT); INSERT INTO song VALUES ('Blue in Green');`);
    other.close();
    expectRefusedUnchanged(path, /SQLite database of another program, not a crm book; it was left unchanged/);
  });

  it("refuses another program's empty-looking SQLite file that carries its own application id", () => {
    const path = join(dir, 'marked.db');
    const other = new Database(path);
    other.pragma('application_id = 1234');
    other.close();
    expectRefusedUnchanged(path, /another program/);
  });

  it('refuses a corrupt file with an SQLite header, unchanged', () => {
    const path = join(dir, 'corrupt.db');
    writeFileSync(path, Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(200, 0xab)]));
    expectRefusedUnchanged(path, /./);
  });

  it('refuses a directory', () => {
    expect(() => open(dir)).toThrow(DatabaseError);
  });

  it('refuses, as a database problem, a path it cannot create', () => {
    const file = join(dir, 'plain-file');
    writeFileSync(file, 'x');
    // In either mode: a read does not take it for a missing book (an empty one).
    for (const how of ['write', 'read'] as const) {
      expect(() => open(join(file, 'book.db'), how)).toThrow(`cannot use ${join(file, 'book.db')}: a part of its path is a file, not a folder`);
    }
  });

  it('keeps foreign keys on: removing a client removes its rows', () => {
    const { db } = open(join(dir, 'fk.db'));
    const client = addClient(db, { name: 'Acme', since: '2026-01-01', createdAt: 0 });
    db.prepare(`INSERT INTO invoice (client_id, number, number_key, amount_minor, currency, issued, due) VALUES (?, 'INV-1', 'inv-1', 100, 'EUR', '2026-01-01', '2026-01-31')`).run(client.id);
    expect(() =>
      db.prepare(`INSERT INTO invoice (client_id, number, number_key, amount_minor, currency, issued, due) VALUES (999, 'INV-2', 'inv-2', 100, 'EUR', '2026-01-01', '2026-01-31')`).run(),
    ).toThrow(/FOREIGN KEY/);
    db.prepare('DELETE FROM client WHERE id = ?').run(client.id);
    expect(db.prepare('SELECT count(*) AS n FROM invoice').get()).toEqual({ n: 0 });
  });
});
