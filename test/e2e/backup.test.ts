// crm backup and crm restore: consistent copies of a live book, and swapping a book for one, safely.
import { createRequire } from 'node:module';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA } from '../../src/store/migrations.js';
import { TempBook, countRows, expectError, fileDigest, runCrm, runCrmAsync, snapshotBook, type RunResult } from '../helpers/cli.js';
import { PtySession, KEY } from '../helpers/pty.js';

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
const mode = (path: string) => statSync(path).mode & 0o777;

let book: TempBook;
let session: PtySession | undefined;
beforeEach(() => {
  book = new TempBook();
});
afterEach(() => {
  session?.kill();
  session = undefined;
  book.cleanup();
});

/** Runs crm on another book file (a backup, a kept-aside copy) with the test's clock. */
function on(path: string, args: string[]): RunResult {
  const result = runCrm(['--db', path, ...args], { now: book.now });
  if (result.code !== 0) throw new Error(`crm --db ${path} ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result;
}

/** What a user sees of a book: every list, plus the health portfolio. */
function seen(path: string): Record<string, unknown> {
  // snapshotBook only runs commands through ok(): hand it one bound to this file.
  const reader = { ok: (args: string[]) => on(path, args) } as unknown as TempBook;
  return { ...snapshotBook(reader), health: on(path, ['health', '--json']).json() };
}

function fillDemo(path = book.path): void {
  on(path, ['demo']);
}


function integrity(path: string): string {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

/** Files in a folder that look temporary: our hidden .tmp copies, SQLite journals of files that are not the book. */
function leftovers(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.endsWith('.tmp') || /\.tmp-(wal|shm|journal)$/.test(name) || name.endsWith('-journal'));
}

function keptAside(): string[] {
  return readdirSync(book.dir).filter((name) => name.startsWith('book.db.before-restore-'));
}

describe('crm backup', () => {
  it('writes a standalone 0600 copy that reads exactly like the book', () => {
    fillDemo();
    const target = join(book.dir, 'copy.db');
    const result = book.ok(['backup', target]);
    expect(result.stderr).toMatch(/^Backed up \d+ clients to .*copy\.db\.\n$/);
    expect(result.stdout).toBe('');
    expect(mode(target)).toBe(0o600);
    // One file is the whole book: no -wal is needed to read it.
    expect(existsSync(`${target}-wal`)).toBe(false);
    expect(seen(target)).toEqual(seen(book.path));
    expect(on(target, ['client', 'list', '--all', '--json']).json()).toEqual(book.ok(['client', 'list', '--all', '--json']).json());
    expect(leftovers(book.dir)).toEqual([]);
  });

  it('is silent with -q', () => {
    fillDemo();
    const result = book.ok(['-q', 'backup', join(book.dir, 'copy.db')]);
    expect(result.stderr).toBe('');
  });

  it('refuses an existing file without --force and leaves it unchanged; replaces it with --force', () => {
    fillDemo();
    const target = join(book.dir, 'copy.db');
    writeFileSync(target, 'keep me');
    const before = fileDigest(target);
    expectError(book.run(['backup', target]), 2, /copy\.db already exists: add --force to replace it/);
    expect(fileDigest(target)).toBe(before);
    book.ok(['backup', target, '--force']);
    expect(integrity(target)).toBe('ok');
    expect(mode(target)).toBe(0o600);
    expect(leftovers(book.dir)).toEqual([]);
  });

  it('refuses the book itself, a folder, a missing folder; a missing book is exit 4 and creates nothing', () => {
    fillDemo();
    const before = fileDigest(book.path);
    expectError(book.run(['backup', book.path, '--force']), 2, /is the book itself/);
    expectError(book.run(['backup', book.dir]), 2, /is a folder/);
    expectError(book.run(['backup', join(book.dir, 'nope', 'copy.db')]), 2, /the folder .*nope does not exist/);
    expect(fileDigest(book.path)).toBe(before);

    const missing = join(book.dir, 'missing.db');
    const target = join(book.dir, 'from-missing.db');
    expectError(runCrm(['--db', missing, 'backup', target]), 4, /no book at .*missing\.db \(set by --db; no book was made there yet\): nothing to back up/);
    expect(existsSync(missing)).toBe(false);
    expect(existsSync(target)).toBe(false);
    expect(leftovers(book.dir)).toEqual([]);
  });

  it('copies a consistent state while other crm processes write', async () => {
    book.ok(['client', 'add', 'Acme']);
    for (let i = 0; i < 5; i++) book.ok(['log', 'acme', '-m', `seed ${i}`]);
    const before = countRows(book.path, 'interaction');
    const writers: Promise<RunResult>[] = [];
    const write = (i: number) => runCrmAsync(['log', 'acme', '-m', `call ${i}`, '--bid', `question ${i}`], { env: { CRM_DB: book.path }, now: book.now });
    for (let i = 0; i < 12; i++) writers.push(write(i));
    const backups: Promise<RunResult>[] = [];
    for (let b = 0; b < 3; b++) {
      backups.push(runCrmAsync(['backup', join(book.dir, `during-${b}.db`)], { env: { CRM_DB: book.path }, now: book.now }));
      for (let i = 0; i < 4; i++) writers.push(write(100 * (b + 1) + i));
    }
    const written = await Promise.all(writers);
    const copied = await Promise.all(backups);
    for (const result of [...written, ...copied]) expect(result.code, result.stderr).toBe(0);
    const after = countRows(book.path, 'interaction');
    expect(after).toBe(before + writers.length);
    for (let b = 0; b < 3; b++) {
      const copy = join(book.dir, `during-${b}.db`);
      expect(integrity(copy)).toBe('ok');
      const interactions = countRows(copy, 'interaction');
      expect(interactions).toBeGreaterThanOrEqual(before);
      expect(interactions).toBeLessThanOrEqual(after);
      // Each logged call came with its bid in one transaction: a consistent copy never has one without the other.
      expect(countRows(copy, 'bid')).toBe(interactions - before);
    }
    expect(leftovers(book.dir)).toEqual([]);
  });
});

describe('crm restore', () => {
  it('--yes swaps the book for the backup and keeps the previous book aside, 0600', () => {
    fillDemo();
    const backup = join(book.dir, 'backup.db');
    book.ok(['backup', backup]);
    const backedUp = seen(backup);
    book.ok(['client', 'add', 'Zed Ltd']);
    book.ok(['log', 'zed', '-m', 'after the backup']);
    const changed = seen(book.path);

    const result = book.ok(['restore', backup, '--yes']);
    expect(result.stderr).toMatch(/Restored .*backup\.db \(\d+ clients\) into .*book\.db\./);
    expect(result.stderr).toMatch(/The previous book \(\d+ clients\) is kept at .*book\.db\.before-restore-20261123T090000Z\.bak\./);
    expect(seen(book.path)).toEqual(backedUp);
    expect(mode(book.path)).toBe(0o600);
    expect(integrity(book.path)).toBe('ok');

    const aside = keptAside();
    expect(aside).toEqual(['book.db.before-restore-20261123T090000Z.bak']);
    const asidePath = join(book.dir, aside[0]!);
    expect(mode(asidePath)).toBe(0o600);
    expect(seen(asidePath)).toEqual(changed);

    // The book keeps working: a second restore in the same second keeps its own copy aside.
    book.ok(['client', 'add', 'Again']);
    book.ok(['restore', backup, '--yes']);
    expect(keptAside().sort()).toEqual([
      'book.db.before-restore-20261123T090000Z-2.bak',
      'book.db.before-restore-20261123T090000Z.bak',
    ]);
    expect(seen(book.path)).toEqual(backedUp);
    expect(leftovers(book.dir)).toEqual([]);
  });

  it('without --yes and no terminal: exit 2 naming --yes, nothing changes', () => {
    fillDemo();
    const backup = join(book.dir, 'backup.db');
    book.ok(['backup', backup]);
    book.ok(['client', 'add', 'Zed Ltd']);
    const before = fileDigest(book.path);
    const files = readdirSync(book.dir).sort();
    expectError(book.run(['restore', backup]), 2, /add --yes to confirm/);
    expect(fileDigest(book.path)).toBe(before);
    expect(readdirSync(book.dir).sort()).toEqual(files);
  });

  it('asks on a terminal: no keeps the book, yes restores it', async () => {
    fillDemo();
    const backup = join(book.dir, 'backup.db');
    book.ok(['backup', backup]);
    const backedUp = book.ok(['client', 'list', '--all', '--json']).json<unknown[]>().length;
    book.ok(['client', 'add', 'Zed Ltd']);
    const before = fileDigest(book.path);
    const ask = () => new PtySession(['restore', backup], { env: { CRM_DB: book.path }, now: book.now, columns: 400 });

    session = ask();
    await session.expect(
      new RegExp(`Replace the book at .*book\\.db \\(${backedUp + 1} clients\\) with .*backup\\.db \\(${backedUp} clients\\)\\? The current book is kept as .*before-restore-20261123T090000Z\\.bak`),
    );
    session.send(`n${KEY.enter}`);
    await session.expect('Nothing restored.');
    expect((await session.exit()).code).toBe(0);
    expect(fileDigest(book.path)).toBe(before);
    expect(keptAside()).toEqual([]);

    session = ask();
    await session.answer(/Replace the book/, `y${KEY.enter}`);
    await session.expect('is kept at');
    expect((await session.exit()).code).toBe(0);
    expect(book.ok(['client', 'list', '--all', '--json']).json()).toHaveLength(backedUp);
    expect(keptAside()).toHaveLength(1);
  });

  it('refuses a text file, another program\'s database, a newer schema and a damaged book (exit 4), a missing file (exit 3)', () => {
    fillDemo();
    // Copies to spoil, made first: a backup records itself in the book.
    const newer = join(book.dir, 'newer.db');
    book.ok(['backup', newer]);
    const damaged = join(book.dir, 'damaged.db');
    book.ok(['backup', damaged]);
    const before = fileDigest(book.path);
    const files = readdirSync(book.dir).sort();

    const text = join(book.dir, 'notes.txt');
    writeFileSync(text, 'not a database\n'.repeat(10));
    expectError(book.run(['restore', text, '--yes']), 4, /notes\.txt is not a crm book/);

    const other = join(book.dir, 'other.sqlite');
    const db = new Database(other);
    db.exec('CREATE TABLE photo (id INTEGER PRIMARY KEY, path TEXT)');
    db.close();
    const otherBefore = fileDigest(other);
    expectError(book.run(['restore', other, '--yes']), 4, /another program, not a crm book/);
    expect(fileDigest(other)).toBe(otherBefore);

    const future = new Database(newer);
    future.pragma(`user_version = ${LATEST_SCHEMA + 1}`);
    future.close();
    const newerBefore = fileDigest(newer);
    expectError(book.run(['restore', newer, '--yes']), 4, /written by a newer crm/);
    expect(fileDigest(newer)).toBe(newerBefore);

    const bytes = readFileSync(damaged);
    bytes.fill(0x55, 4096 * 2, 4096 * 2 + 1024); // scribble over a page in the middle
    writeFileSync(damaged, bytes);
    expect(book.run(['restore', damaged, '--yes']).code).toBe(4);

    expectError(book.run(['restore', join(book.dir, 'nothing.db'), '--yes']), 3, /no file .*nothing\.db to restore/);

    expect(fileDigest(book.path)).toBe(before);
    expect(readdirSync(book.dir).sort()).toEqual([...files, 'notes.txt', 'other.sqlite'].sort());
  });

  it('installs the file when there is no book yet: folder 0700, file 0600, no question asked', () => {
    fillDemo();
    const backup = join(book.dir, 'backup.db');
    book.ok(['backup', backup]);
    const fresh = join(book.dir, 'new', 'place', 'crm.db');
    const result = runCrm(['--db', fresh, 'restore', backup], { now: book.now });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/as the book at .*crm\.db/);
    expect(mode(join(book.dir, 'new'))).toBe(0o700);
    expect(mode(join(book.dir, 'new', 'place'))).toBe(0o700);
    expect(mode(fresh)).toBe(0o600);
    expect(seen(fresh)).toEqual(seen(backup));
    expect(readdirSync(join(book.dir, 'new', 'place'))).toEqual(['crm.db']);

    // A backup made by crm 0.1.0 (schema 1) is upgraded on the way in; the backup itself is left as it was.
    const v1 = join(book.dir, 'v1-backup.db');
    copyFileSync(join(import.meta.dirname, '..', 'fixtures', 'books', 'v1.db'), v1);
    const v1Digest = fileDigest(v1);
    const upgraded = join(book.dir, 'from-v1', 'crm.db');
    const restored = runCrm(['--db', upgraded, 'restore', v1], { now: book.now });
    expect(restored.code, restored.stderr).toBe(0);
    expect(fileDigest(v1)).toBe(v1Digest);
    expect(readdirSync(join(book.dir, 'from-v1'))).toEqual(['crm.db']); // no copy from before the upgrade beside it
    const db = new Database(upgraded, { readonly: true, fileMustExist: true });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA);
      const clients = db.prepare('SELECT created_at, tracked_from FROM client').all() as { created_at: number; tracked_from: number | null }[];
      expect(clients.length).toBeGreaterThan(0);
      expect(clients.every((c) => c.tracked_from !== null && c.tracked_from <= c.created_at)).toBe(true);
      expect(db.prepare('SELECT count(*) AS n FROM voice').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });

  it('a refused restore into a missing book leaves no folder behind', () => {
    const text = join(book.dir, 'notes.txt');
    writeFileSync(text, 'hello\n'.repeat(10));
    const db = new Database(join(book.dir, 'other.sqlite'));
    db.exec('CREATE TABLE t (x)');
    db.close();
    const fresh = join(book.dir, 'new', 'crm.db');
    expectError(runCrm(['--db', fresh, 'restore', join(book.dir, 'other.sqlite')]), 4, /not a crm book/);
    expect(existsSync(join(book.dir, 'new'))).toBe(false);
    mkdirSync(join(book.dir, 'new'));
    expectError(runCrm(['--db', fresh, 'restore', text]), 4, /not a crm book/);
    expect(readdirSync(join(book.dir, 'new'))).toEqual([]);
  });

  it('restores a copy of a live book file (WAL mode) and works while other crm processes write', async () => {
    book.ok(['client', 'add', 'Acme']);
    for (let i = 0; i < 5; i++) book.ok(['log', 'acme', '-m', `seed ${i}`]);
    // A plain file copy of a closed book: its header still says WAL.
    const restoredCount = countRows(book.path, 'interaction');
    const copy = join(book.dir, 'plain-copy.db');
    copyFileSync(book.path, copy);

    const writers: Promise<RunResult>[] = [];
    for (let i = 0; i < 8; i++) writers.push(runCrmAsync(['log', 'acme', '-m', `call ${i}`], { env: { CRM_DB: book.path }, now: book.now }));
    const restore = runCrmAsync(['restore', copy, '--yes'], { env: { CRM_DB: book.path }, now: book.now });
    for (let i = 8; i < 16; i++) writers.push(runCrmAsync(['log', 'acme', '-m', `call ${i}`], { env: { CRM_DB: book.path }, now: book.now }));
    const restored = await restore;
    expect(restored.code, restored.stderr).toBe(0);
    for (const result of await Promise.all(writers)) expect(result.code, result.stderr).toBe(0);

    // Every log either landed before the restore (and is in the kept copy) or after it (and is in the book).
    const [aside] = keptAside();
    const inBook = countRows(book.path, 'interaction');
    const inAside = countRows(join(book.dir, aside!), 'interaction');
    expect(integrity(book.path)).toBe('ok');
    expect(inBook - restoredCount + (inAside - 5)).toBe(writers.length);
    expect(existsSync(`${copy}-wal`)).toBe(false);
    expect(leftovers(book.dir)).toEqual([]);
  });
});
