// Schema migrations. A test book is kept for every released schema version (test/fixtures/books/vN.db, made by
// that version, with its export vN.json): the current crm opens each and upgrades it with nothing lost. The
// runner itself is tested with extra, temporary migrations: the copy made first, one transaction per migration,
// and books from a newer crm refused untouched.
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CRM_APPLICATION_ID, LATEST_SCHEMA } from '../../src/store/migrations.js';
import type { Db, OpenOptions, OpenedBook } from '../../src/store/open.js';
import { DEFAULT_NOW, expectError, fileMode, runCrm } from '../helpers/cli.js';

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
const BOOKS = join(import.meta.dirname, '..', 'fixtures', 'books');
const NOW = Date.parse(DEFAULT_NOW);
const STAMP = '20261123T090000Z';

let dir: string;
const opened: Db[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'crm-migrations-'));
});
afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
  vi.doUnmock('../../src/store/migrations.js');
  vi.resetModules();
  rmSync(dir, { recursive: true, force: true });
});

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** The schema versions that have a test book: from the vN.db files in the fixtures folder. */
function fixtureVersions(): number[] {
  return readdirSync(BOOKS)
    .map((name) => /^v(\d+)\.db$/.exec(name)?.[1])
    .filter((v): v is string => v !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

/** A private copy of a test book to work on, world-readable as a careless copy would be. */
function copyOfFixture(version: number, name = 'book.db'): string {
  const path = join(dir, name);
  copyFileSync(join(BOOKS, `v${version}.db`), path);
  chmodSync(path, 0o644);
  return path;
}

interface Contents {
  userVersion: number;
  applicationId: number;
  /** CREATE statements of tables and indexes */
  schema: string[];
  /** every row of every table, in a stable order */
  tables: Record<string, Record<string, unknown>[]>;
}

/** Everything a book holds, read with SQLite directly. */
function contentsOf(db: Db): Contents {
  const names = (db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name`).all() as { name: string }[]).map((t) => t.name);
  const rows = (table: string) =>
    (db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[])
      .map((row) => [JSON.stringify(row), row] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, row]) => row);
  return {
    userVersion: db.pragma('user_version', { simple: true }) as number,
    applicationId: db.pragma('application_id', { simple: true }) as number,
    schema: (db.prepare(`SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name`).all() as { sql: string }[]).map((r) => r.sql),
    tables: Object.fromEntries(names.map((name) => [name, rows(name)])),
  };
}

function contentsOfFile(path: string): Contents {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return contentsOf(db);
  } finally {
    db.close();
  }
}

/** Each row cut down to the fields of the matching old row: what a later migration added is not compared. */
function asBefore(now: Record<string, Record<string, unknown>[]>, before: Record<string, Record<string, unknown>[]>) {
  return Object.fromEntries(
    Object.entries(before).map(([table, rows]) => [
      table,
      (now[table] ?? []).map((row, i) => Object.fromEntries(Object.keys(rows[i] ?? row).map((key) => [key, row[key]]))),
    ]),
  );
}

describe('a test book for every released schema version', () => {
  it(`has one for each version from 1 to ${LATEST_SCHEMA}, each as it was made (SHA256SUMS)`, () => {
    const versions = fixtureVersions();
    expect(versions).toEqual(Array.from({ length: LATEST_SCHEMA }, (_, i) => i + 1));
    const sums = new Map(
      readFileSync(join(BOOKS, 'SHA256SUMS'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => line.split(/\s+\*?/) as [string, string])
        .map(([hash, name]) => [name, hash]),
    );
    for (const version of versions) {
      for (const name of [`v${version}.db`, `v${version}.json`]) {
        expect({ name, sha256: sha256(join(BOOKS, name)) }).toEqual({ name, sha256: sums.get(name) });
      }
      // The book records its own version, and is one file (no -wal beside it needed).
      const book = contentsOfFile(join(BOOKS, `v${version}.db`));
      expect(book.userVersion).toBe(version);
      expect(book.applicationId).toBe(CRM_APPLICATION_ID);
      expect(readFileSync(join(BOOKS, `v${version}.db`)).readUInt8(18)).toBe(1); // rollback journal, not WAL
    }
  });

  for (const version of fixtureVersions()) {
    it(`v${version}: the current crm opens it, upgrades it to schema ${LATEST_SCHEMA} and loses nothing`, () => {
      const fixture = join(BOOKS, `v${version}.db`);
      const fixtureDigest = sha256(fixture);
      const path = copyOfFixture(version);
      const before = contentsOfFile(path);

      const exported = runCrm(['--db', path, 'export'], { now: DEFAULT_NOW });
      expect(exported.code, exported.stderr).toBe(0);

      // An older book is copied aside first: the old book itself, private.
      const copies = readdirSync(dir).filter((name) => name.endsWith('.bak'));
      if (version < LATEST_SCHEMA) {
        const copy = `book.db.v${version}-${STAMP}.bak`;
        expect(copies).toEqual([copy]);
        expect(exported.stderr).toContain(`copied the book to ${join(dir, copy)} before upgrading it`);
        expect(fileMode(join(dir, copy))).toBe(0o600);
        expect(contentsOfFile(join(dir, copy))).toEqual(before);
      } else {
        expect(copies).toEqual([]);
        expect(exported.stderr).toBe('');
      }

      // The upgraded book: latest schema, a crm book, intact, private.
      const db = new Database(path, { fileMustExist: true });
      opened.push(db);
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA);
      expect(db.pragma('application_id', { simple: true })).toBe(CRM_APPLICATION_ID);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      db.close();
      expect(fileMode(path)).toBe(0o600);

      // Nothing lost: every row and field of the export the old crm made (later migrations may add fields).
      type Dump = { format: string; schema: number; tables: Record<string, Record<string, unknown>[]> };
      const old = JSON.parse(readFileSync(join(BOOKS, `v${version}.json`), 'utf8')) as Dump;
      const now = exported.json<Dump>();
      expect(old.schema).toBe(version);
      expect(now.format).toBe(old.format);
      expect(now.schema).toBe(LATEST_SCHEMA);
      for (const [table, rows] of Object.entries(old.tables)) expect(now.tables[table], table).toHaveLength(rows.length);
      expect(asBefore(now.tables, old.tables)).toEqual(old.tables);

      // And the upgraded book is usable: read, written, read again.
      for (const args of [['health', '--json'], ['remind', '--json'], ['log', '1', '-m', 'after the upgrade', '-q'], ['client', 'show', '1', '--json']]) {
        const result = runCrm(['--db', path, ...args], { now: DEFAULT_NOW });
        expect(result.code, `crm ${args.join(' ')}: ${result.stderr}`).toBe(0);
      }
      expect(sha256(fixture)).toBe(fixtureDigest);
    });
  }
});

describe('a book from a newer crm', () => {
  it('is refused with exit 4 and left byte-for-byte unchanged, nothing created beside it', () => {
    const path = copyOfFixture(LATEST_SCHEMA);
    const raw = new Database(path);
    raw.pragma(`user_version = ${LATEST_SCHEMA + 1}`);
    raw.close();
    const digest = sha256(path);
    for (const args of [['health', '--json'], ['remind'], ['export'], ['log', '1', '-m', 'hello'], ['client', 'add', 'Someone'], ['backup', join(dir, 'copy.db')]]) {
      const result = runCrm(['--db', path, ...args], { now: DEFAULT_NOW });
      expectError(result, 4, new RegExp(`newer crm \\(schema ${LATEST_SCHEMA + 1}; this crm knows up to ${LATEST_SCHEMA}\\)`));
      expect(sha256(path)).toBe(digest);
      expect(readdirSync(dir)).toEqual(['book.db']);
    }
    // A restore of it is refused too, and the book being restored into is left as it was.
    const target = copyOfFixture(LATEST_SCHEMA, 'target.db');
    const targetDigest = sha256(target);
    expectError(runCrm(['--db', target, 'restore', path, '--yes'], { now: DEFAULT_NOW }), 4, /newer crm/);
    expect(sha256(target)).toBe(targetDigest);
    expect(readdirSync(dir).sort()).toEqual(['book.db', 'target.db']);
  });
});

describe('the migration runner, with temporary extra migrations', () => {
  /** openBook of a crm whose MIGRATIONS end with `extra`: what a later release would run on today's books. */
  async function crmWith(extra: string[]): Promise<(path: string, options?: Partial<OpenOptions>) => OpenedBook> {
    vi.resetModules();
    vi.doMock('../../src/store/migrations.js', async (importOriginal) => {
      const actual = await importOriginal<typeof import('../../src/store/migrations.js')>();
      const MIGRATIONS = [...actual.MIGRATIONS, ...extra];
      return { ...actual, MIGRATIONS, LATEST_SCHEMA: MIGRATIONS.length };
    });
    const { openBook } = await import('../../src/store/open.js');
    return (path, options = {}) => {
      const book = openBook(path, { mode: 'write', now: NOW, ...options });
      opened.push(book.db);
      return book;
    };
  }

  const NEXT = LATEST_SCHEMA + 1;
  const ADD_NICKNAME = `
    ALTER TABLE client ADD COLUMN nickname TEXT;
    CREATE TABLE probe (x INTEGER NOT NULL);
    INSERT INTO probe VALUES (42);`;
  /** Changes the book, then fails halfway: none of it may stay. */
  const FAILING = `
    ALTER TABLE client ADD COLUMN nickname TEXT;
    CREATE TABLE probe (x INTEGER NOT NULL);
    UPDATE client SET name = name || ' (renamed)';
    INSERT INTO no_such_table VALUES (1);`;

  it(`copies a v${LATEST_SCHEMA} book aside (0600, the same content), then upgrades it to v${NEXT}`, async () => {
    const path = copyOfFixture(LATEST_SCHEMA);
    const before = contentsOfFile(path);
    const open = await crmWith([ADD_NICKNAME]);
    const copies: string[] = [];
    const { db } = open(path, { onBackup: (copy) => copies.push(copy) });

    expect(copies).toEqual([`${path}.v${LATEST_SCHEMA}-${STAMP}.bak`]);
    expect(fileMode(copies[0]!)).toBe(0o600);
    expect(contentsOfFile(copies[0]!)).toEqual(before);

    const after = contentsOf(db);
    expect(after.userVersion).toBe(NEXT);
    expect(after.applicationId).toBe(CRM_APPLICATION_ID);
    expect(after.tables.probe).toEqual([{ x: 42 }]);
    expect(after.tables.client!.every((row) => row.nickname === null)).toBe(true);
    delete after.tables.probe;
    expect(asBefore(after.tables, before.tables)).toEqual(before.tables);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(fileMode(path)).toBe(0o600);
    db.close();

    // Opened again, it is at the latest version: no second copy.
    open(path, { onBackup: (copy) => copies.push(copy) }).db.close();
    expect(copies).toHaveLength(1);
  });

  it('a failing migration leaves the book at its version with nothing changed; a later attempt succeeds', async () => {
    const path = copyOfFixture(LATEST_SCHEMA);
    const before = contentsOfFile(path);
    const failing = await crmWith([FAILING]);
    const copies: string[] = [];
    expect(() => failing(path, { onBackup: (copy) => copies.push(copy) })).toThrow(/no such table: no_such_table/);
    expect(contentsOfFile(path)).toEqual(before);
    // The copy made before the attempt stays: it is the book as it was.
    expect(copies).toHaveLength(1);
    expect(contentsOfFile(copies[0]!)).toEqual(before);

    // The fixed release, in the same second (or with CRM_NOW set): its own copy, then the upgrade.
    const fixed = await crmWith([ADD_NICKNAME]);
    const { db } = fixed(path, { onBackup: (copy) => copies.push(copy) });
    expect(contentsOf(db).userVersion).toBe(NEXT);
    expect(copies).toHaveLength(2);
    expect(new Set(copies).size).toBe(2);
    for (const copy of copies) {
      expect(fileMode(copy)).toBe(0o600);
      expect(contentsOfFile(copy)).toEqual(before);
    }
  });

  it('runs each migration in its own transaction: a failing second one keeps the first', async () => {
    const path = copyOfFixture(LATEST_SCHEMA);
    const open = await crmWith([ADD_NICKNAME, `CREATE TABLE half (x); UPDATE client SET name = name || ' (renamed)'; INSERT INTO no_such_table VALUES (1);`]);
    expect(() => open(path)).toThrow(/no_such_table/);
    const book = contentsOfFile(path);
    expect(book.userVersion).toBe(NEXT);
    expect(book.tables.probe).toEqual([{ x: 42 }]);
    expect(book.tables.half).toBeUndefined();
    expect(book.tables.client!.some((row) => String(row.name).endsWith('(renamed)'))).toBe(false);
  });

  it(`refuses a book at v${NEXT + 1} without changing a byte`, async () => {
    const path = copyOfFixture(LATEST_SCHEMA);
    const raw = new Database(path);
    raw.pragma(`user_version = ${NEXT + 1}`);
    raw.close();
    const digest = sha256(path);
    const open = await crmWith([ADD_NICKNAME]);
    expect(() => open(path)).toThrow(new RegExp(`newer crm \\(schema ${NEXT + 1}; this crm knows up to ${NEXT}\\)`));
    expect(sha256(path)).toBe(digest);
    expect(readdirSync(dir)).toEqual(['book.db']);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });
});
