// Privacy a client can ask for, in process: crm export --client X, crm client forget X, and encrypted backups
// (crm backup --encrypt, crm restore of one). The passphrase asked on a terminal is in test/e2e/privacy-terminal.test.ts.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crmInProcess, inProcessBook, refused } from '../helpers/in-process.js';

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;

let dir: string;
let count = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'crm-privacy-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Strings that exist only in the client to forget: its names, note, texts, topic, invoice number. */
const SECRETS = ['Zyxwer', 'Quuxcorp', 'secretnotezz', 'plughfrob', 'plughquote', 'budgetzz', 'multinotezz', 'ZQ-77'];

/**
 * A book with the client to forget (renamed once, tagged, with a logged call, a bid, a conflict, a follow-up, an
 * invoice paid, a silenced reminder) and another, both changed by one import (a change of two clients). Made once;
 * each test gets a copy.
 */
let template: string;
beforeAll(async () => {
  template = join(dir, 'template.db');
  const book = inProcessBook(() => template);
  await book.ok('client', 'add', 'Zyxwer Quuxcorp', '--email', 'zq@example.com', '--note', 'secretnotezz', '--tag', 'vip');
  await book.ok('client', 'add', 'Other Ltd', '--note', 'stays here');
  await book.ok('log', 'zyx', '-m', 'talked about plughfrob', '--bid', 'send the plughquote', '--conflict', 'budgetzz', '--follow-up', '2w');
  await book.ok('log', 'other', '-m', 'a call that stays');
  await book.ok('invoice', 'add', 'zyx', '1500', '--number', 'ZQ-77');
  await book.ok('invoice', 'pay', 'ZQ-77');
  await book.ok('remind', 'done', 'bid-unanswered:1');
  await book.ok('client', 'edit', 'zyx', '--name', 'Zyxwer Quuxcorp Renamed');
  const csv = join(dir, 'both.csv');
  writeFileSync(csv, 'name,note\nZyxwer Quuxcorp Renamed,multinotezz\nOther Ltd,note from the import\n');
  await book.ok('import', csv, '--on-conflict', 'update');
  expect(existsSync(`${template}-wal`)).toBe(false);
});

async function bookWithClients() {
  const path = join(dir, `book-${++count}.db`);
  copyFileSync(template, path);
  return { path, ...inProcessBook(() => path) };
}

function holdsAny(file: string, strings: readonly string[]): string[] {
  if (!existsSync(file)) return [];
  const bytes = readFileSync(file).toString('latin1').toLowerCase();
  return strings.filter((s) => bytes.includes(s.toLowerCase()));
}

describe('crm export --client', () => {
  it('writes every row of one client (json and ndjson), which crm import reads into an empty book', async () => {
    const book = await bookWithClients();
    const whole = (await book.ok('export')).json().tables as Record<string, Record<string, unknown>[]>;
    const mine = (await book.ok('export', '--client', 'zyx')).json();
    expect(mine.format).toBe('crm-export');
    expect(mine.client).toEqual({ id: 1, uid: whole.client![0]!.uid });
    const tables = mine.tables as Record<string, Record<string, unknown>[]>;
    expect(Object.keys(tables)).toEqual(Object.keys(whole));
    expect(tables.client!.map((c) => c.name)).toEqual(['Zyxwer Quuxcorp Renamed']);
    for (const table of ['client_tag', 'interaction', 'bid', 'conflict_topic', 'follow_up', 'invoice']) {
      expect(tables[table], table).toEqual(whole[table]!.filter((row) => row.clientId === 1));
    }
    expect(tables.interaction).toHaveLength(1);
    expect(tables.conflict_event).toEqual(whole.conflict_event);
    expect(tables.payment).toEqual(whole.payment);
    expect(tables.reminder_state!.map((r) => r.key)).toEqual(['bid-unanswered:1']);
    expect(tables.setting).toEqual([]);
    expect(JSON.stringify(tables)).not.toMatch(/Other Ltd|a call that stays/);

    const ndjson = (await book.ok('export', '--client', '1', '--format', 'ndjson')).stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(ndjson.slice(1).map((line) => line.row)).toEqual(Object.values(tables).flat());

    const empty = join(dir, `empty-${count}.db`);
    const dump = join(dir, `client-${count}.json`);
    await book.ok('export', '--client', 'zyx', '--out', dump);
    expect(statSync(dump).mode & 0o777).toBe(0o600);
    const imported = await book.run(['import', dump], undefined, empty);
    expect(imported.code, imported.stderr).toBe(0);
    expect((await book.run(['export', '--client', 'zyx'], undefined, empty)).json().tables).toEqual(tables);
  });

  it('writes the client alone as a vCard with --format vcf', async () => {
    const book = await bookWithClients();
    const all = (await book.ok('export', '--format', 'vcf')).stdout;
    const one = (await book.ok('export', '--client', 'zyx', '--format', 'vcf')).stdout;
    expect(all.match(/^BEGIN:VCARD\r$/gm)!.length).toBeGreaterThan(1);
    expect(one.match(/^BEGIN:VCARD\r$/gm)).toHaveLength(1);
    // The same card as in the whole book's file.
    const cards = all.split(/(?=BEGIN:VCARD\r\n)/);
    expect(cards).toContain(one);
  });

  it('refuses csv (one table of the whole book) and an unknown client, writing nothing', async () => {
    const book = await bookWithClients();
    refused(await book.run(['export', '--client', 'zyx', '--format', 'csv']), 2, /--client writes json or ndjson .*not --format csv\n$/);
    const out = join(dir, 'none.json');
    refused(await book.run(['export', '--client', 'nobody', '--out', out]), 3, /no client/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('crm client forget', () => {
  it('asks for --yes without a terminal, and changes nothing', async () => {
    const book = await bookWithClients();
    const before = (await book.ok('export')).stdout;
    refused(await book.run(['client', 'forget', 'zyx']), 2, /forgetting Zyxwer Quuxcorp Renamed removes every trace of it for good: add --yes/);
    expect((await book.ok('export')).stdout).toBe(before);
  });

  it('removes every trace: rows, journal images, summaries, reminders, search index, and the bytes of the file', async () => {
    const book = await bookWithClients();
    await book.ok('backup', join(dir, `before-forget-${count}.bak`));
    const others = (await book.ok('export')).json().tables as Record<string, Record<string, unknown>[]>;
    const forgot = await book.ok('client', 'forget', 'zyx', '--yes');
    expect(forgot.stderr).toMatch(
      /^Forgot Zyxwer Quuxcorp Renamed \(client #1\): removed the client, 1 interaction, 1 invoice and 7 other rows from the book, \d+ rows from the journal\. This cannot be undone; backups and exports made before still hold it \(the last backup: .*before-forget-\d+\.bak\)\.\n$/,
    );
    // The other clients' rows are all still there.
    const after = (await book.ok('export')).json().tables as Record<string, Record<string, unknown>[]>;
    expect(after.client!.map((c) => c.name)).toEqual(['Other Ltd']);
    expect(after.interaction).toEqual(others.interaction!.filter((row) => row.clientId === 2));
    expect(after.reminder_state).toEqual([]);
    expect((await book.ok('search', 'plughfrob')).stdout).toBe('');
    expect((await book.ok('search', 'stays')).stdout).toContain('a call that stays');

    expect(holdsAny(book.path, SECRETS)).toEqual([]);
    expect(holdsAny(`${book.path}-wal`, SECRETS)).toEqual([]);
    const db = new Database(book.path);
    try {
      const images = db.prepare(`SELECT coalesce(before_json, '') || coalesce(after_json, '') AS json FROM change_row`).pluck().all().join('\n');
      expect(images).not.toContain(others.client![0]!.uid as string);
      expect(images).toContain(others.client![1]!.uid as string);
      // The reminder silenced for its bid: keyed by the bid's id, no uid in it.
      expect(db.prepare(`SELECT count(*) FROM change_row WHERE tbl = 'reminder_state'`).pluck().get()).toBe(0);
      const summaries = db.prepare('SELECT summary FROM change ORDER BY id').pluck().all() as string[];
      expect(summaries.at(-1)).toBe('Forgot client #1: every trace of it removed from the book.');
      expect(summaries.join('\n')).not.toMatch(/zyxwer/i);
      // FTS5 checks its index against its content: nothing of the client left behind in it.
      expect(() => db.exec(`INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 1)`)).not.toThrow();
    } finally {
      db.close();
    }

    // crm undo never brings it back: the forget is refused, an older change of two clients reverts the other's rows.
    refused(await book.run(['undo']), 2, /cannot be undone: a forgotten client is gone for good/);
    const list = (await book.ok('undo', '--list', '--json')).json() as { id: number; summary: string }[];
    const both = list.find((change) => change.summary.startsWith('Imported 2 clients'))!;
    await book.ok('undo', String(both.id));
    expect((await book.ok('client', 'show', 'other', '--json')).json().note).toBe('stays here');
    for (const change of list.filter((c) => c.id !== both.id && !c.summary.startsWith('Forgot'))) await book.ok('undo', String(change.id));
    expect((await book.ok('export')).json().tables.client).toEqual([]);
  });
});

describe('crm client remove (a sibling of forget)', () => {
  it('takes the reminders silenced for the client with it, and crm undo brings them back', async () => {
    const book = await bookWithClients();
    const reminders = async () => ((await book.ok('export', '--table', 'reminders')).json().tables.reminder_state as { key: string }[]).map((r) => r.key);
    expect(await reminders()).toEqual(['bid-unanswered:1']);
    await book.ok('client', 'remove', 'zyx', '--yes');
    expect(await reminders()).toEqual([]);
    await book.ok('undo');
    expect(await reminders()).toEqual(['bid-unanswered:1']);
  });
});

describe('crm backup --encrypt and crm restore', () => {
  // Tests derive keys at a cheaper N (2^10); the format's own test runs the real one (test/unit/core/backup-crypto.test.ts).
  const cheap = { CRM_TEST_SCRYPT_LOG_N: '10' };

  it('encrypts the copy, restores it with the passphrase, and refuses a wrong one or a changed file with the book untouched', async () => {
    const book = await bookWithClients();
    const folder = mkdtempSync(join(dir, 'out-'));
    const file = join(folder, 'crm.enc');
    const made = await book.run(['backup', '--encrypt', file], { ...cheap, CRM_PASSPHRASE: 'correct horse' });
    expect(made.code, made.stderr).toBe(0);
    expect(made.stderr).toMatch(/^Backed up 2 clients to .*crm\.enc, encrypted \(AES-256-GCM/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file).subarray(0, 7).toString()).toBe('CRMENC1');
    expect(holdsAny(file, [...SECRETS, 'SQLite format 3', 'Other Ltd'])).toEqual([]);
    // No unencrypted copy left anywhere it was written.
    expect(readdirSync(folder)).toEqual(['crm.enc']);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    await book.ok('client', 'remove', 'other', '--yes');
    const before = readFileSync(book.path);
    const changed = join(folder, 'changed.enc');
    const bytes = readFileSync(file);
    bytes[bytes.length - 40]! ^= 1;
    writeFileSync(changed, bytes);
    for (const [source, env] of [
      [file, { CRM_PASSPHRASE: 'wrong horse' }],
      [changed, { CRM_PASSPHRASE: 'correct horse' }],
    ] as const) {
      refused(await book.run(['restore', source, '--yes'], env), 2, new RegExp(`^crm: cannot decrypt ${source}: wrong passphrase, or the file was changed; nothing was changed\\n$`));
      expect(readFileSync(book.path).equals(before)).toBe(true);
    }
    refused(await book.run(['restore', file, '--yes'], { CRM_PASSPHRASE: undefined }), 2, /needs a passphrase: set CRM_PASSPHRASE .*or run it on a terminal\n$/);
    refused(await book.run(['restore', file, '--yes', '--passphrase-env', 'CRM_KEY']), 2, /CRM_KEY is not set/);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp') || name.includes('before-restore'))).toEqual([]);

    const restored = await book.run(['restore', file, '--yes', '--passphrase-env', 'CRM_KEY'], { CRM_KEY: 'correct horse' });
    expect(restored.code, restored.stderr).toBe(0);
    expect((await book.ok('client', 'list', '--json')).json().map((c: { name: string }) => c.name)).toEqual(['Other Ltd', 'Zyxwer Quuxcorp Renamed']);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('without a terminal and without a passphrase: one line, exit 2, no file', async () => {
    const book = await bookWithClients();
    const file = join(dir, 'never.enc');
    refused(await book.run(['backup', '--encrypt', file], { CRM_PASSPHRASE: undefined }), 2, /^crm: crm backup --encrypt needs a passphrase: set CRM_PASSPHRASE/);
    refused(await book.run(['backup', '--encrypt', file], { CRM_PASSPHRASE: '' }), 2, /CRM_PASSPHRASE is empty/);
    refused(await book.run(['backup', file, '--passphrase-env', 'X']), 2, /--passphrase-env goes with --encrypt/);
    expect(existsSync(file)).toBe(false);
  });
});

