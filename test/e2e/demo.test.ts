// crm demo end to end: a sample book in a temporary file (never the user's book), or in --db.
import { existsSync, rmSync } from 'node:fs';
import { dirname, isAbsolute } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TempBook, expectError, fileDigest, runCrm, type RunResult } from '../helpers/cli.js';

interface Report { client: { id: number; name: string }; score: number | null; band: string }
interface Reminder { key: string; kind: string; severity: string }

describe('crm demo without --db', () => {
  let user: TempBook;
  let before: string;
  let demo: RunResult;
  let demoPath: string;

  beforeAll(() => {
    // The user's own book, named by CRM_DB: the demo must not touch it.
    user = new TempBook();
    user.ok(['client', 'add', 'My Real Client']);
    user.ok(['log', 'my', '-m', 'kick-off', '--tone', '1']);
    before = fileDigest(user.path);
    demo = user.run(['demo']);
    demoPath = demo.stderr.match(/(\/\S+\.db)\b/)?.[1] ?? '';
  });
  afterAll(() => {
    user.cleanup();
    if (demoPath && dirname(demoPath).startsWith(tmpdir())) rmSync(dirname(demoPath), { recursive: true, force: true });
  });

  it("exits 0, writes a new temporary file named on stderr, and leaves the user's book as it was", () => {
    expect(demo.code, demo.stderr).toBe(0);
    expect(isAbsolute(demoPath), demo.stderr).toBe(true);
    expect(demoPath).not.toBe(user.path);
    expect(existsSync(demoPath)).toBe(true);
    expect(fileDigest(user.path)).toBe(before);
    expect(user.ok(['client', 'list', '--json']).json<{ name: string }[]>().map((c) => c.name)).toEqual(['My Real Client']);
  });

  it('prints the health table of about a dozen clients on stdout', () => {
    const lines = demo.stdout.split('\n');
    const header = lines.findIndex((line) => /CLIENT\s+SCORE\s+BAND\s+TREND/.test(line));
    expect(header).toBeGreaterThanOrEqual(0);
    const rows = lines.slice(header + 1, lines.indexOf('', header));
    expect(rows.length).toBeGreaterThanOrEqual(8);
    expect(rows.length).toBeLessThanOrEqual(16);
    const reports = runCrm(['--db', demoPath, 'health', '--json']).json<Report[]>();
    expect(rows.map((row) => row.split(/\s{2,}/)[0])).toEqual(reports.map((r) => r.client.name));
  });

  it('spans every band, and has reminders of several kinds', () => {
    const reports = runCrm(['--db', demoPath, 'health', '--json', '--all']).json<Report[]>();
    expect(reports.length).toBeGreaterThanOrEqual(10);
    expect(reports.length).toBeLessThanOrEqual(16);
    expect(new Set(reports.map((r) => r.band))).toEqual(new Set(['healthy', 'watch', 'at-risk', 'no-data']));
    const reminders = runCrm(['--db', demoPath, 'remind', '--json', '--within', '30']).json<Reminder[]>();
    const kinds = new Set(reminders.map((r) => r.kind));
    expect(kinds.size).toBeGreaterThanOrEqual(5);
    for (const kind of ['invoice-overdue', 'bid-unanswered']) expect(kinds).toContain(kind);
    expect(new Set(reminders.map((r) => r.severity))).toEqual(new Set(['urgent', 'soon', 'info']));
  });
});

describe('crm demo --db', () => {
  let book: TempBook;
  beforeAll(() => {
    book = new TempBook();
  });
  afterAll(() => book.cleanup());

  it('fills the given new file; a second run on the now non-empty book exits 2 and changes nothing', () => {
    const first = runCrm(['--db', book.path, 'demo']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain(book.path);
    const clients = book.ok(['client', 'list', '--all', '--json']).json<unknown[]>();
    expect(clients.length).toBeGreaterThanOrEqual(10);
    const digest = fileDigest(book.path);
    expectError(runCrm(['--db', book.path, 'demo']), 2, /empty/);
    expect(fileDigest(book.path)).toBe(digest);
    expect(book.ok(['client', 'list', '--all', '--json']).json<unknown[]>()).toEqual(clients);
  });
});
