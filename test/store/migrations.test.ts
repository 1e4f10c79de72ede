// Schema migrations. A test book is kept for every released schema version (test/fixtures/books/vN.db, made by
// that version, with its export vN.json): the current crm opens each and upgrades it with nothing lost. The
// runner itself is tested with extra, temporary migrations: the copy made first, one transaction per migration,
// and books from a newer crm refused untouched.
import { localInstant } from '../../src/core/dates.js';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { localDateOf } from '../../src/core/dates.js';
import { AtomicFile } from '../../src/store/files.js';
import { CRM_APPLICATION_ID, LATEST_SCHEMA, MIGRATIONS } from '../../src/store/migrations.js';
import { openBook, type Db, type OpenOptions, type OpenedBook } from '../../src/store/open.js';
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
    it(`v${version}: the current crm reads it as it is, upgrades it on the first change and loses nothing`, () => {
      const fixture = join(BOOKS, `v${version}.db`);
      const fixtureDigest = sha256(fixture);
      const path = copyOfFixture(version);
      const before = contentsOfFile(path);
      const digest = sha256(path);

      // A read sees the book at the latest schema (upgraded in memory only) and leaves the file as it was.
      const exported = runCrm(['--db', path, 'export'], { now: DEFAULT_NOW });
      expect(exported.code, exported.stderr).toBe(0);
      expect(exported.stderr).toBe('');
      expect(sha256(path)).toBe(digest);
      expect(readdirSync(dir)).toEqual(['book.db']);

      // The first change upgrades it, after copying the old book aside, private.
      const logged = runCrm(['--db', path, 'log', '1', '-m', 'after the upgrade'], { now: DEFAULT_NOW });
      expect(logged.code, logged.stderr).toBe(0);
      const copies = readdirSync(dir).filter((name) => name.endsWith('.bak'));
      if (version < LATEST_SCHEMA) {
        const copy = `book.db.v${version}-${STAMP}.bak`;
        expect(copies).toEqual([copy]);
        expect(logged.stderr).toContain(`copied the book to ${join(dir, copy)} before upgrading it`);
        expect(fileMode(join(dir, copy))).toBe(0o600);
        expect(contentsOfFile(join(dir, copy))).toEqual(before);
      } else {
        // The newest book opens as it is: no copy, no change to its schema.
        expect(copies).toEqual([]);
        expect(logged.stderr).not.toContain('copied');
        expect(contentsOfFile(path).schema).toEqual(before.schema);
      }

      // The upgraded book: latest schema, a crm book, intact, its mode as the user left it.
      const db = new Database(path, { fileMustExist: true });
      opened.push(db);
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA);
      expect(db.pragma('application_id', { simple: true })).toBe(CRM_APPLICATION_ID);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      db.close();
      expect(fileMode(path)).toBe(0o644);

      // Nothing lost: every row and field of the export the old crm made (later migrations may add fields).
      type Dump = { format: string; schema: number; tables: Record<string, Record<string, unknown>[]> };
      const old = JSON.parse(readFileSync(join(BOOKS, `v${version}.json`), 'utf8')) as Dump;
      for (const now of [exported.json<Dump>(), runCrm(['--db', path, 'export'], { now: DEFAULT_NOW }).json<Dump>()]) {
        expect(old.schema).toBe(version);
        expect(now.format).toBe(old.format);
        expect(now.schema).toBe(LATEST_SCHEMA);
        now.tables.interaction = now.tables.interaction!.filter((row) => row.summary !== 'after the upgrade');
        for (const [table, rows] of Object.entries(old.tables)) expect(now.tables[table], table).toHaveLength(rows.length);
        expect(asBefore(now.tables, old.tables)).toEqual(old.tables);
      }

      // And the upgraded book is usable: read, written, read again.
      for (const args of [['health', '--json'], ['remind', '--json'], ['log', '1', '-m', 'again', '-q'], ['client', 'show', '1', '--json']]) {
        const result = runCrm(['--db', path, ...args], { now: DEFAULT_NOW });
        expect(result.code, `crm ${args.join(' ')}: ${result.stderr}`).toBe(0);
      }
      expect(sha256(fixture)).toBe(fixtureDigest);
    });
  }
});

type Rows = Record<string, Record<string, unknown>[]>;
const at = (iso: string) => Date.parse(iso);

/**
 * When the book started following each client, by the rule of migration 2, worked out here from the old rows:
 * the earliest of its creation and of its rows (an invoice from the start of the local day it was issued).
 */
function trackingStarts(tables: Rows): Map<number, number> {
  const earliest = new Map(tables.client!.map((c) => [c.id as number, c.created_at as number]));
  const seen = (clientId: unknown, when: number) => earliest.set(clientId as number, Math.min(earliest.get(clientId as number)!, when));
  for (const [table, column] of [['interaction', 'at'], ['bid', 'at'], ['appreciation', 'at'], ['need', 'learned_at'], ['follow_up', 'created_at']]) {
    for (const row of tables[table!]!) seen(row.client_id, row[column!] as number);
  }
  const topicClient = new Map(tables.conflict_topic!.map((t) => [t.id, t.client_id]));
  for (const event of tables.conflict_event!) seen(topicClient.get(event.topic_id), event.at as number);
  for (const invoice of tables.invoice!) seen(invoice.client_id, localInstant(invoice.issued as string));
  return earliest;
}

/**
 * A v1 book with what the v1 fixture lacks: history from before a client was added (an imported interaction,
 * invoice, conflict, follow-up, need, appreciation), resolved topics, and the setting schema 2 renamed. Built
 * with the v1 schema itself, as crm 0.1.0 would have written it.
 */
function richV1Book(path: string): void {
  const db = new Database(path);
  db.exec(MIGRATIONS[0]!);
  db.pragma(`application_id = ${CRM_APPLICATION_ID}`);
  db.pragma('user_version = 1');
  const added = at('2026-06-01T09:00:00Z');
  const client = db.prepare('INSERT INTO client (id, name, name_key, since, created_at) VALUES (?, ?, lower(?), ?, ?)');
  const names = ['Imported History', 'Old Invoice', 'Old Quarrel', 'Old Promise', 'Known Needs', 'Old Thanks', 'Nothing Yet', 'All Later'];
  names.forEach((name, i) => client.run(i + 1, name, name, '2020-01-01', added));
  const interaction = db.prepare('INSERT INTO interaction (id, client_id, at, channel) VALUES (?, ?, ?, ?)');
  interaction.run(1, 1, at('2025-01-10T10:00:00Z'), 'call');
  interaction.run(2, 1, at('2026-07-01T10:00:00Z'), 'email');
  interaction.run(3, 2, at('2026-07-01T10:00:00Z'), 'call');
  interaction.run(4, 8, at('2026-07-02T10:00:00Z'), 'meeting');
  db.prepare('INSERT INTO bid (client_id, interaction_id, at, text, kind) VALUES (1, 1, ?, ?, ?)').run(at('2025-02-01T10:00:00Z'), 'send the plan', 'request');
  db.prepare(`INSERT INTO invoice (client_id, number, number_key, amount_minor, currency, issued, due) VALUES (2, 'OLD-1', 'old-1', 50000, 'EUR', '2025-12-01', '2025-12-31')`).run();
  const topic = db.prepare('INSERT INTO conflict_topic (id, client_id, topic, topic_key, status) VALUES (?, 3, ?, ?, ?)');
  topic.run(1, 'pricing', 'pricing', 'resolved');
  topic.run(2, 'scope', 'scope', 'open');
  topic.run(3, 'deadlines', 'deadlines', 'resolved'); // resolved, never raised: no day to take
  topic.run(4, 'tone', 'tone', 'managed');
  const event = db.prepare('INSERT INTO conflict_event (topic_id, at) VALUES (?, ?)');
  event.run(1, at('2026-03-01T10:00:00Z'));
  event.run(1, at('2026-08-01T10:00:00Z'));
  event.run(2, at('2026-09-01T10:00:00Z'));
  event.run(4, at('2026-09-02T10:00:00Z'));
  db.prepare(`INSERT INTO follow_up (client_id, due, text, created_at) VALUES (4, '2026-02-01', 'send the quote', ?)`).run(at('2026-01-20T10:00:00Z'));
  db.prepare(`INSERT INTO need (client_id, learned_at, text) VALUES (5, ?, 'weekly summary')`).run(at('2026-02-02T10:00:00Z'));
  db.prepare(`INSERT INTO appreciation (client_id, at, direction, kind) VALUES (5, ?, 'to-client', 'thanks')`).run(at('2026-05-05T10:00:00Z'));
  db.prepare(`INSERT INTO appreciation (client_id, at, direction, kind) VALUES (6, ?, 'from-client', 'referral')`).run(at('2026-03-03T10:00:00Z'));
  db.prepare(`INSERT INTO setting (key, value) VALUES ('health.gridlock.days', '45'), ('health.weight.bids', '30')`).run();
  db.close();
}

describe('migration 2 (health model 2)', () => {
  /** Opens a v1 book with the current crm; returns the book before and after, and the copy made aside. */
  function upgrade(path: string) {
    const before = contentsOfFile(path);
    const copies: string[] = [];
    const { db } = openBook(path, { mode: 'write', now: NOW, onBackup: (copy) => copies.push(copy) });
    opened.push(db);
    const after = contentsOf(db);
    expect(after.userVersion).toBe(LATEST_SCHEMA);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    // Nothing lost: every old table has as many rows; the new table starts empty.
    for (const [table, rows] of Object.entries(before.tables)) expect(after.tables[table], table).toHaveLength(rows.length);
    expect(after.tables.voice).toEqual([]);
    // The copy made aside first is the v1 book, whole.
    expect(copies).toEqual([`${path}.v1-${STAMP}.bak`]);
    const copy = contentsOfFile(copies[0]!);
    expect(copy.userVersion).toBe(1);
    expect(copy.tables.voice).toBeUndefined();
    expect(copy).toEqual(before);
    return { before: before.tables, after: after.tables };
  }

  const byId = (rows: Record<string, unknown>[], column: string) => Object.fromEntries(rows.map((r) => [r.id, r[column]]));

  it('v1 fixture: tracked from its earliest row or creation, no last contact, topics and settings kept', () => {
    const { before, after } = upgrade(copyOfFixture(1));
    expect(byId(after.client!, 'tracked_from')).toEqual(Object.fromEntries(trackingStarts(before)));
    expect(after.client!.every((c) => c.last_contact === null)).toBe(true);
    // No resolved topic in this book: none has a day it was resolved.
    expect(after.conflict_topic!.map((t) => [t.status, t.resolved_at])).toEqual(before.conflict_topic!.map((t) => [t.status, null]));
    expect(after.setting).toEqual(before.setting);
  });

  it('a v1 book with history older than its clients, resolved topics and the renamed setting', () => {
    const path = join(dir, 'book.db');
    richV1Book(path);
    const { before, after } = upgrade(path);

    // Each client is followed from its earliest row, whichever table it is in, or from when it was added.
    const trackedFrom = Object.fromEntries(after.client!.map((c) => [c.name, new Date(c.tracked_from as number).toISOString()]));
    expect(trackedFrom).toEqual({
      'Imported History': '2025-01-10T10:00:00.000Z',
      'Old Invoice': '2025-11-30T23:00:00.000Z', // local midnight in Europe/Berlin
      'Old Quarrel': '2026-03-01T10:00:00.000Z',
      'Old Promise': '2026-01-20T10:00:00.000Z',
      'Known Needs': '2026-02-02T10:00:00.000Z',
      'Old Thanks': '2026-03-03T10:00:00.000Z',
      'Nothing Yet': '2026-06-01T09:00:00.000Z',
      'All Later': '2026-06-01T09:00:00.000Z',
    });
    expect(byId(after.client!, 'tracked_from')).toEqual(Object.fromEntries(trackingStarts(before)));
    expect(after.client!.every((c) => c.last_contact === null)).toBe(true);

    // A resolved topic was resolved on the day it was last raised; others have no such day.
    expect(Object.fromEntries(after.conflict_topic!.map((t) => [t.topic, [t.status, t.resolved_at]]))).toEqual({
      pricing: ['resolved', at('2026-08-01T10:00:00Z')],
      scope: ['open', null],
      deadlines: ['resolved', null],
      tone: ['managed', null],
    });

    // The renamed setting keeps its value under the new name; the old name is gone.
    expect(after.setting).toEqual([
      { key: 'health.weight.bids', value: '30' },
      { key: 'remind.conflict.revisit.days', value: '45' },
    ]);
  });
});

describe('the v2 test book', () => {
  it('holds what schema 2 added: a client followed from later than its start, a last contact, needs of the user in every outcome, a resolved topic', () => {
    const { tables } = contentsOfFile(join(BOOKS, 'v2.db'));
    expect(tables.client!.some((c) => localDateOf(c.tracked_from as number) > (c.since as string) && c.last_contact !== null)).toBe(true);
    expect(tables.client!.every((c) => typeof c.tracked_from === 'number')).toBe(true);
    expect(new Set(tables.voice!.map((v) => v.outcome))).toEqual(new Set(['open', 'heard', 'ignored']));
    expect(tables.conflict_topic!.some((t) => t.status === 'resolved' && typeof t.resolved_at === 'number')).toBe(true);
    expect(tables.setting).toContainEqual({ key: 'remind.conflict.revisit.days', value: '45' });
    for (const [table, rows] of Object.entries(tables)) expect(rows.length, table).toBeGreaterThan(0);
  });
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
    expect(fileMode(path)).toBe(0o644); // the user's mode, kept
    db.close();

    // Opened again, it is at the latest version: no second copy.
    open(path, { onBackup: (copy) => copies.push(copy) }).db.close();
    expect(copies).toHaveLength(1);
  });

  it("a copy cut short by a killed crm never has the copy's name, and the next change removes it (a read does not)", async () => {
    const path = copyOfFixture(LATEST_SCHEMA);
    const before = contentsOfFile(path);
    // What a crm killed during the copy leaves: its temporary file beside the book, half written, of a dead process.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const half = AtomicFile.beside(`${path}.v${LATEST_SCHEMA}-${STAMP}.bak`);
    half.write('half a copy');
    const leftover = half.path.replace(`-${process.pid}-`, `-${dead}-`);
    renameSync(half.path, leftover);
    half.discard();

    openBook(path, { mode: 'read', now: NOW }).close();
    expect(existsSync(leftover)).toBe(true);

    const open = await crmWith([ADD_NICKNAME]);
    const copies: string[] = [];
    open(path, { onBackup: (copy) => copies.push(copy) }).db.close();
    expect(copies).toEqual([`${path}.v${LATEST_SCHEMA}-${STAMP}.bak`]);
    expect(readdirSync(dir).sort()).toEqual(['book.db', basename(copies[0]!)]);
    expect(contentsOfFile(copies[0]!)).toEqual(before);
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
