// Reliability of the book under real processes: writers at the same time, readers during a long import, a crash
// (SIGKILL) in the middle of an import, and private files. Every test runs the built bin/crm as a child process.
// Bounded for CI: about a minute on 2 cores, most of it the 400 `crm log` processes and the kills.
import { createRequire } from 'node:module';
import { chmodSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  TempBook,
  fileMode,
  mapLimit,
  runCrmAsync,
  runCrmWithUmask,
  startCrm,
  waitUntil,
  writeInteractionsCsv,
  type RunResult,
} from '../helpers/cli.js';

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;

let book: TempBook;
beforeEach(() => {
  book = new TempBook();
});
afterEach(() => {
  book.cleanup();
});

/** Runs crm on the test's book without blocking. */
function crm(args: string[]): Promise<RunResult> {
  return runCrmAsync(args, { env: { CRM_DB: book.path }, now: book.now });
}

/** Opens the book with SQLite itself (read-write, as crm would: a WAL left by a killed process is recovered). */
function withSqlite<T>(read: (db: BetterSqlite3.Database) => T, path = book.path): T {
  const db = new Database(path, { fileMustExist: true, timeout: 5000 });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

function count(table: string, where = ''): number {
  return withSqlite((db) => (db.prepare(`SELECT count(*) AS n FROM ${table} ${where}`).get() as { n: number }).n);
}

function integrity(): { integrity: string; foreignKeyProblems: number } {
  return withSqlite((db) => ({
    integrity: (db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[]).map((r) => r.integrity_check).join('; '),
    foreignKeyProblems: db.prepare('PRAGMA foreign_key_check').all().length,
  }));
}

/**
 * Whether a process holds the book's write lock (is inside a write transaction such as an import's), probed
 * without waiting: BEGIN IMMEDIATE fails at once with SQLITE_BUSY, else it is rolled back straight away.
 */
function writeLockHeld(): boolean {
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new Database(book.path, { fileMustExist: true, timeout: 0 });
    db.exec('BEGIN IMMEDIATE');
    db.exec('ROLLBACK');
    return false;
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY')) return true;
    throw error;
  } finally {
    db?.close();
  }
}

/** The failed runs, with what they printed: [] when every run exited 0. */
function failures(results: RunResult[], label: (i: number) => string): string[] {
  return results.flatMap((r, i) => (r.code === 0 ? [] : [`${label(i)}: exit ${r.code}: ${r.stderr.trim()}`]));
}

const CLIENTS = ['Acme GmbH', 'Globex Corporation'];
const PER_WRITER = 40;

describe('two writers at the same time', () => {
  // 80 crm processes of ~0.1 s of CPU each, four at a time: enough to make them wait for each other's lock.
  it('two writers each logging 40 interactions into the same book both succeed, and all 80 are there', { timeout: 300_000 }, async () => {
    for (const name of CLIENTS) book.ok(['client', 'add', name, '-q']);
    const before = count('interaction');
    // Each writer runs its 200 `crm log`s two at a time, so up to four crm processes want the write lock at once;
    // both writers alternate between the same two clients. Every 10th log also opens a bid (a second table).
    const writer = (w: number) =>
      mapLimit(
        Array.from({ length: PER_WRITER }, (_, i) => i),
        2,
        (i) =>
          crm([
            'log',
            CLIENTS[i % 2]!,
            '-m',
            `p${w}-${i}`,
            '--channel',
            'email',
            '-q',
            ...(i % 10 === 0 ? ['--bid', `bid p${w}-${i}`] : []),
          ]),
      );
    const started = Date.now();
    const [first, second] = await Promise.all([writer(1), writer(2)]);
    const seconds = (Date.now() - started) / 1000;
    const results = [...first, ...second];
    expect(failures(results, (i) => `writer ${i < PER_WRITER ? 1 : 2}, log ${i % PER_WRITER}`)).toEqual([]);
    expect(results.filter((r) => /locked/i.test(r.stderr))).toEqual([]);

    // What crm itself reads back: every one of the 80 summaries, once.
    const exported = (await crm(['export', '--format', 'ndjson', '--table', 'interactions'])).stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => (JSON.parse(line) as { row: { summary: string } }).row.summary);
    const expected = [1, 2].flatMap((w) => Array.from({ length: PER_WRITER }, (_, i) => `p${w}-${i}`));
    expect(exported.length).toBe(before + 2 * PER_WRITER);
    expect(new Set(exported).size).toBe(2 * PER_WRITER);
    expect([...exported].sort()).toEqual([...expected].sort());
    const bids = (await crm(['bid', 'list', '--json'])).json<{ text: string }[]>();
    expect(bids.map((b) => b.text).sort()).toEqual(expected.filter((s) => Number(s.split('-')[1]) % 10 === 0).map((s) => `bid ${s}`).sort());
    expect(integrity()).toEqual({ integrity: 'ok', foreignKeyProblems: 0 });
    // For the record in the test output: how long the crm processes took here.
    console.info(`${2 * PER_WRITER} crm log processes (4 at a time) in ${seconds.toFixed(1)} s`);
  });
});

describe('readers during a long import', () => {
  it('crm remind, crm health and crm export during a crm import exit 0 and see all of it or none', { timeout: 180_000 }, async () => {
    book.ok(['demo', '--db', book.path]);
    const rows = 8_000;
    const csv = join(book.dir, 'calls.csv');
    // Recent calls with every client of the sample: once imported, health and reminders read differently.
    const clients = (book.ok(['client', 'list', '--all', '--json']).json() as { name: string }[]).map((c) => c.name);
    writeInteractionsCsv(csv, rows, clients, 'imported', '2026-11-01T00:00:00Z');

    const read = async () => {
      const [remind, health, exported] = await Promise.all([
        crm(['remind', '--json', '--within', '30']),
        crm(['health', '--json']),
        crm(['export', '--format', 'csv', '--table', 'interactions']),
      ]);
      return { remind, health, exported };
    };
    const seen = (r: Awaited<ReturnType<typeof read>>) => ({
      remind: r.remind.stdout,
      health: r.health.stdout,
      interactions: r.exported.stdout.trim().split('\n').length - 1,
    });
    const before = seen(await read());

    const importing = startCrm(['import', csv, '--table', 'interactions', '-q'], { env: { CRM_DB: book.path }, now: book.now });
    await waitUntil(() => !importing.running() || writeLockHeld(), 'the import to take the write lock', 60_000, 20);
    const during: { result: Awaited<ReturnType<typeof read>>; insideImport: boolean }[] = [];
    while (importing.running()) {
      // A read that starts while the import holds the write lock, and ends before the import commits (SQLite,
      // asked afterwards, still sees none of it), runs wholly inside the import's transaction.
      const started = writeLockHeld();
      const result = await read();
      during.push({ result, insideImport: started && count('interaction') === before.interactions });
    }
    const imported = await importing.done;
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    const after = seen(await read());
    expect(after.interactions).toBe(before.interactions + rows);
    expect(after.remind).not.toBe(before.remind);
    expect(after.health).not.toBe(before.health);

    // The test means something only if some reads ran wholly inside the import's transaction.
    expect(during.filter((d) => d.insideImport).length).toBeGreaterThanOrEqual(2);
    for (const { result, insideImport } of during) {
      const runs = [result.remind, result.health, result.exported];
      expect(failures(runs, (i) => ['remind', 'health', 'export'][i]!)).toEqual([]);
      // One consistent snapshot per command: the book before the import or after it, never part of it; and
      // before it, while the import had not committed.
      const view = seen(result);
      expect(insideImport ? [before.interactions] : [before.interactions, after.interactions]).toContain(view.interactions);
      expect(insideImport ? [before.remind] : [before.remind, after.remind]).toContain(view.remind);
      expect(insideImport ? [before.health] : [before.health, after.health]).toContain(view.health);
    }
    console.info(`${during.length} rounds of reads during the import, ${during.filter((d) => d.insideImport).length} wholly inside its transaction`);
    expect(integrity()).toEqual({ integrity: 'ok', foreignKeyProblems: 0 });
  });
});

describe('a crash in the middle of an import', () => {
  it('SIGKILL during a large import leaves a book that passes integrity_check and holds all of the import or none', { timeout: 240_000 }, async () => {
    for (const name of CLIENTS) book.ok(['client', 'add', name, '-q']);
    for (let i = 0; i < 5; i++) book.ok(['log', CLIENTS[i % 2]!, '-m', `before-${i}`, '-q']);
    const rows = 10_000;
    const csv = join(book.dir, 'calls.csv');
    writeInteractionsCsv(csv, rows, CLIENTS, 'bulk');
    const importArgs = ['import', csv, '--table', 'interactions', '-q'];
    const env = { CRM_DB: book.path };

    /** After whatever happened: the book is intact, and holds the import whole or not at all. */
    const expectAllOrNone = (countBefore: number): 'all' | 'none' => {
      expect(integrity()).toEqual({ integrity: 'ok', foreignKeyProblems: 0 });
      const now = count('interaction');
      expect([countBefore, countBefore + rows]).toContain(now);
      const bulk = count('interaction', `WHERE summary LIKE 'bulk-%'`);
      expect(bulk % rows).toBe(0);
      return now === countBefore ? 'none' : 'all';
    };

    // A clean run first: how long the whole import takes here, to place the kills across it.
    let countBefore = count('interaction');
    const startedAt = Date.now();
    const clean = await startCrm(importArgs, { env, now: book.now }).done;
    const duration = Date.now() - startedAt;
    expect(clean.code).toBe(0);
    expect(expectAllOrNone(countBefore)).toBe('all');

    // Kills: as soon as the import holds the write lock, then at fractions of a clean run (the last close to the commit).
    const moments: { label: string; wait: (running: () => boolean) => Promise<void> }[] = [
      { label: 'write lock taken', wait: (running) => waitUntil(() => !running() || writeLockHeld(), 'the write lock', 60_000, 5) },
      ...[0.25, 0.5, 0.85, 0.97].map((fraction) => ({
        label: `${fraction} of a clean run`,
        wait: () => new Promise<void>((r) => setTimeout(r, duration * fraction)),
      })),
    ];
    const outcomes: string[] = [];
    for (const moment of moments) {
      countBefore = count('interaction');
      const importing = startCrm(importArgs, { env, now: book.now });
      await moment.wait(importing.running);
      importing.child.kill('SIGKILL');
      const result = await importing.done;
      const outcome = expectAllOrNone(countBefore);
      outcomes.push(`${moment.label}: ${result.signal === 'SIGKILL' ? 'killed' : `exited ${result.code}`}, ${outcome}`);
      if (result.signal === 'SIGKILL') {
        // What a killed crm leaves behind is private too.
        for (const file of [`${book.path}-wal`, `${book.path}-shm`]) if (existsSync(file)) expect(fileMode(file)).toBe(0o600);
      }
      // The book works afterwards: no lock is left behind, a write goes through.
      const log = await crm(['log', CLIENTS[0]!, '-m', `after ${moment.label}`, '-q']);
      expect(log.stderr).toBe('');
      expect(log.code).toBe(0);
    }
    console.info(`import of ${rows} rows: ${duration} ms; ${outcomes.join('; ')}`);
    // Most kills must land inside the import (killed, nothing kept) for the test to mean anything.
    expect(outcomes.filter((o) => o.endsWith('killed, none')).length).toBeGreaterThanOrEqual(3);
  });
});

describe('private files', () => {
  it('the book, its -wal and -shm, backups, exports and kept-aside copies are 0600 even under umask 000; no temporary file stays behind', { timeout: 120_000 }, async () => {
    const run = (args: string[]) => runCrmWithUmask('000', args, { env: { CRM_DB: book.path }, now: book.now });
    const ok = async (args: string[]) => {
      const result = await run(args);
      if (result.code !== 0) throw new Error(`crm ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
      return result;
    };
    const files = () => readdirSync(book.dir).sort();
    const expectPrivate = (names: string[]) => {
      for (const name of names) expect({ name, mode: fileMode(join(book.dir, name)).toString(8) }).toEqual({ name, mode: '600' });
    };
    const csv = join(book.dir, 'calls.csv');
    writeInteractionsCsv(csv, 8_000, CLIENTS, 'calls');
    const badCsv = join(book.dir, 'bad.csv');
    writeFileSync(badCsv, 'client,at\nAcme GmbH,2026-01-01\nAcme GmbH,not a date\n');
    const inputs = ['bad.csv', 'calls.csv'];

    await ok(['client', 'add', CLIENTS[0]!]);
    await ok(['client', 'add', CLIENTS[1]!]);
    expect(files()).toEqual([...inputs, 'book.db'].sort());
    expectPrivate(['book.db']);

    // While a crm holds the book open, its -wal and -shm exist: both private.
    const importing = startCrm(['import', csv, '--table', 'interactions', '-q'], { env: { CRM_DB: book.path }, now: book.now, umask: '000' });
    await waitUntil(() => (existsSync(`${book.path}-wal`) && existsSync(`${book.path}-shm`)) || !importing.running(), 'the -wal and -shm files', 60_000, 2);
    expect(importing.running()).toBe(true);
    expectPrivate(['book.db-wal', 'book.db-shm']);
    expect((await importing.done).code).toBe(0);

    await ok(['backup', join(book.dir, 'backup.db')]);
    await ok(['export', '--out', join(book.dir, 'export.json')]);
    await ok(['export', '--format', 'csv', '--table', 'interactions', '--out', join(book.dir, 'interactions.csv')]);
    await ok(['restore', join(book.dir, 'backup.db'), '--yes']);
    // A file replaced with --force is a new private file too, whatever the old one's mode.
    chmodSync(join(book.dir, 'export.json'), 0o666);
    await ok(['export', '--out', join(book.dir, 'export.json'), '--force']);
    const kept = files().filter((name) => name.startsWith('book.db.before-restore-'));
    expect(kept).toHaveLength(1);
    expectPrivate(['book.db', 'backup.db', 'export.json', 'interactions.csv', kept[0]!]);

    // Failures leave nothing behind either: a bad row, a backup onto an existing file, a restore of a non-book.
    const dump = JSON.parse((await ok(['export'])).stdout) as { tables: { client: { status: string }[] } };
    dump.tables.client.at(-1)!.status = 'bogus';
    writeFileSync(join(book.dir, 'broken.json'), JSON.stringify(dump));
    const listing = files();
    expect((await run(['import', badCsv, '--table', 'interactions'])).code).toBe(2);
    expect((await run(['backup', join(book.dir, 'backup.db')])).code).toBe(2);
    expect((await run(['export', '--out', join(book.dir, 'export.json')])).code).toBe(2);
    expect((await run(['restore', badCsv, '--yes'])).code).toBe(4);
    // A whole-book import into a new book that fails: the new book goes, with its -wal and -shm.
    const intoNew = await run(['--db', join(book.dir, 'new.db'), 'import', join(book.dir, 'broken.json')]);
    expect(intoNew.stderr).toMatch(/status/);
    expect(intoNew.code).toBe(2);
    expect(files()).toEqual(listing);
    expect(files().filter((name) => /\.tmp$|-journal$|-wal$|-shm$|^\./.test(name))).toEqual([]);
  });
});
