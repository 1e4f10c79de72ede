// crm export and crm import, through the built binary: whole-book dumps that restore exactly, CSV of one
// table, spreadsheets and address books coming in, and one transaction that a bad row leaves untouched.
import { copyFileSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/core/csv.js';
import { LATEST_SCHEMA } from '../../src/store/migrations.js';
import { TempBook, createdNote, expectError, fileDigest, runCrm, snapshotBook } from '../helpers/cli.js';
import { PtySession } from '../helpers/pty.js';

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
/** The test books of every schema version (test/fixtures/books/README.md). */
const BOOKS = join(import.meta.dirname, '..', 'fixtures', 'books');

let book: TempBook;
let other: TempBook;
let session: PtySession | undefined;
beforeEach(() => {
  book = new TempBook();
  other = new TempBook();
});
afterEach(() => {
  session?.kill();
  session = undefined;
  book.cleanup();
  other.cleanup();
});

const mode = (path: string) => statSync(path).mode & 0o777;

/** Writes a file next to the book; returns its path. */
function write(name: string, text: string): string {
  const path = join(book.dir, name);
  writeFileSync(path, text);
  return path;
}

/** `crm demo` writes to a temporary book unless given --db. */
const demo = (target: TempBook = book) => target.ok(['demo', '--db', target.path]);

/**
 * A copy of the newest test book: the demo plus settings, silenced reminders, a client followed from later than
 * its start with a last contact, the user's own needs in every outcome, a resolved topic; every table has rows.
 * Copied once, only read.
 */
let rich: { book: TempBook; seen: Record<string, unknown> | null } | undefined;
function richBook(): TempBook {
  if (!rich) {
    const target = new TempBook();
    copyFileSync(join(BOOKS, `v${LATEST_SCHEMA}.db`), target.path);
    rich = { book: target, seen: null };
  }
  return rich.book;
}
afterAll(() => rich?.book.cleanup());

type Dump = { format: string; version: number; schema: number; exportedAt: string; tables: Record<string, Record<string, unknown>[]> };
const withoutStamp = ({ exportedAt: _, ...rest }: Dump) => rest;

const clientCount = (target: TempBook = book) => target.ok(['client', 'list', '--all', '--json']).json<unknown[]>().length;

/** What a user sees of a book: every list, the portfolio's health and the reminders of the next 30 days. */
function seen(target: TempBook): Record<string, unknown> {
  if (rich && target === rich.book) return (rich.seen ??= seenNow(target));
  return seenNow(target);
}
function seenNow(target: TempBook): Record<string, unknown> {
  return {
    ...snapshotBook(target),
    health: target.ok(['health', '--json', '--all']).json(),
    remind: target.ok(['remind', '--json', '--within', '30']).json(),
  };
}

/** CSV rows as objects keyed by the header, minus some columns. */
function csvObjects(text: string, drop: string[] = []): Record<string, string>[] {
  const [header = [], ...rows] = parseCsv(text);
  return rows.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i] ?? '']).filter(([h]) => !drop.includes(h!))));
}

const CLIENT_HEADER = 'id,name,email,company,tags,status,since,endedOn,endReason,cadenceDays,replyWithinHours,note,createdAt,trackedFrom,lastContact';
const INTERACTION_HEADER = 'id,client,at,channel,fromClient,tone,summary,horsemen,repair,feedback';
const INVOICE_HEADER = 'number,client,amount,currency,issued,due,paid,paidOn,status,note';

/** A spreadsheet of n clients, the minimal columns a spreadsheet user has; tags like "a,b" quoted. */
function clientSheet(n: number, edit: (row: number, cells: string[]) => string[] = (_, c) => c): string {
  let text = 'name,email,company,tags,since\r\n';
  for (let i = 1; i <= n; i++) {
    const cells = [
      i % 50 === 0 ? `"Doe, Jane ${i}"` : `Client ${String(i).padStart(3, '0')}`,
      `client${i}@example.com`,
      i % 7 === 0 ? `"Company ${i}, Inc."` : `Company ${i}`,
      i % 3 === 0 ? '"a,b"' : i % 3 === 1 ? 'retainer' : '',
      `2025-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
    ];
    text += `${edit(i, cells).join(',')}\r\n`;
  }
  return text;
}

describe('crm export / import of the whole book', () => {
  it('JSON: export, import into an empty book, export again gives the same data; health and remind agree', () => {
    const source = richBook();
    const file = join(book.dir, 'book.json');
    source.ok(['export', '--out', file]);
    const first = JSON.parse(readFileSync(file, 'utf8')) as Dump;
    expect(first).toMatchObject({ format: 'crm-export', version: 1, exportedAt: '2026-11-23T09:00:00.000Z' });
    expect(Object.keys(first.tables).sort()).toEqual(
      ['appreciation', 'bid', 'client', 'client_tag', 'conflict_event', 'conflict_topic', 'follow_up', 'interaction', 'invoice', 'need', 'payment', 'reminder_state', 'setting', 'voice'],
    );
    for (const [table, rows] of Object.entries(first.tables)) expect(rows.length, table).toBeGreaterThan(0);
    // camelCase keys, ISO instants, booleans; derived keys left out
    const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
    const interaction = first.tables.interaction![0]!;
    expect(interaction).toHaveProperty('clientId');
    expect(interaction.at).toMatch(iso);
    expect(typeof interaction.fromClient).toBe('boolean');
    expect(first.tables.client![0]).not.toHaveProperty('nameKey');
    expect(first.tables.invoice![0]).not.toHaveProperty('numberKey');
    expect(first.tables.setting).toEqual([{ key: 'health.weight.bids', value: 30 }, { key: 'remind.conflict.revisit.days', value: 45 }]);
    // What schema 2 added: when the book started following each client and the last contact before it, the day
    // a topic was resolved, and the user's own needs with what came of them.
    expect(first.tables.client!.every((c) => typeof c.trackedFrom === 'string' && iso.test(c.trackedFrom) && 'lastContact' in c)).toBe(true);
    expect(first.tables.client!.some((c) => (c.trackedFrom as string).slice(0, 10) > (c.since as string) && c.lastContact !== null)).toBe(true);
    expect(first.tables.conflict_topic!.some((t) => t.status === 'resolved' && iso.test(String(t.resolvedAt)))).toBe(true);
    expect(Object.keys(first.tables.voice![0]!)).toEqual(['id', 'uid', 'clientId', 'interactionId', 'raisedAt', 'text', 'outcome', 'outcomeAt']);
    // What schema 3 added: every row with an id has its uid, which the import keeps (export again compares them).
    for (const [table, rows] of Object.entries(first.tables)) {
      if (rows.some((row) => 'id' in row)) expect(rows.every((row) => /^[0-9a-f]{32}$/.test(String(row.uid))), table).toBe(true);
    }
    expect(new Set(first.tables.voice!.map((v) => v.outcome))).toEqual(new Set(['open', 'heard', 'ignored']));

    const rows = Object.values(first.tables).reduce((sum, t) => sum + t.length, 0);
    const imported = other.ok(['import', file]);
    expect(imported.stdout).toBe('');
    expect(imported.stderr).toBe(`Imported ${rows} rows from ${file}: ${rows} added.\n${createdNote(other.path)}`);

    other.now = '2026-11-24T10:00:00Z';
    const second = other.ok(['export']).json<Dump>();
    expect(second.exportedAt).toBe('2026-11-24T10:00:00.000Z');
    expect(withoutStamp(second)).toEqual(withoutStamp(first));
    other.now = book.now;
    expect(seen(other)).toEqual(seen(source));
  });

  it('NDJSON: one header line, then one {table, row} a line; round-trips, also through stdin', () => {
    const source = richBook();
    const ndjson = source.ok(['export', '--format', 'ndjson']).stdout;
    const lines = ndjson.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toEqual({ format: 'crm-export', version: 1, schema: expect.any(Number), exportedAt: '2026-11-23T09:00:00.000Z' });
    expect(lines.slice(1).every((l) => typeof l.table === 'string' && typeof l.row === 'object')).toBe(true);

    const imported = other.ok(['import', '-'], { input: ndjson });
    expect(imported.stderr).toBe(`Imported ${lines.length - 1} rows from stdin: ${lines.length - 1} added.\n${createdNote(other.path)}`);
    expect(other.ok(['export', '--format', 'ndjson']).stdout).toBe(ndjson);
    expect(seen(other)).toEqual(seen(source));
  });

  it('a dump written by schema 1 (no trackedFrom, no voice table) imports as migrating the v1 book upgrades it', () => {
    // The v1 test book and its export, both changed alike: a row older than its client, a resolved topic, and
    // the setting schema 2 renamed.
    const early = { id: 1000, clientId: 5, at: '2026-10-01T10:00:00.000Z', channel: 'call', fromClient: false, tone: 0, summary: null, horsemen: '', repair: false, feedback: false };
    const dump = JSON.parse(readFileSync(join(BOOKS, 'v1.json'), 'utf8')) as Dump;
    dump.tables.interaction!.push(early);
    dump.tables.conflict_topic![0]!.status = 'resolved';
    dump.tables.setting!.unshift({ key: 'health.gridlock.days', value: 45 });
    const file = write('v1-dump.json', JSON.stringify(dump));
    const v1Book = join(book.dir, 'v1.db');
    copyFileSync(join(BOOKS, 'v1.db'), v1Book);
    const raw = new Database(v1Book);
    raw.prepare(`INSERT INTO interaction (id, client_id, at, channel) VALUES (?, ?, ?, 'call')`).run(early.id, early.clientId, Date.parse(early.at));
    raw.prepare(`UPDATE conflict_topic SET status = 'resolved' WHERE id = ?`).run(dump.tables.conflict_topic![0]!.id);
    raw.prepare(`INSERT INTO setting (key, value) VALUES ('health.gridlock.days', '45')`).run();
    raw.close();

    other.ok(['import', file]);
    const imported = other.ok(['export']).json<Dump>();
    const migrated = runCrm(['--db', v1Book, 'export'], { now: book.now }).json<Dump>();
    // Rows without a uid (schema 3) get a new one each, in the import as in the migration: random, so compared apart.
    const uids = (dump: Dump) => Object.values(dump.tables).flatMap((rows) => rows.filter((row) => 'id' in row).map((row) => row.uid as string));
    for (const dump of [imported, migrated]) {
      expect(uids(dump).every((uid) => /^[0-9a-f]{32}$/.test(uid))).toBe(true);
      expect(new Set(uids(dump)).size).toBe(uids(dump).length);
    }
    const withoutUids = (dump: Dump) => Object.fromEntries(Object.entries(dump.tables).map(([table, rows]) => [table, rows.map(({ uid: _, ...row }) => row)]));
    expect(withoutUids(imported)).toEqual(withoutUids(migrated));
    // What schema 2 added, filled the same way by both.
    const client = imported.tables.client!.find((c) => c.id === early.clientId)!;
    expect(client).toMatchObject({ trackedFrom: early.at, lastContact: null });
    expect(imported.tables.client!.filter((c) => c.id !== early.clientId).every((c) => c.trackedFrom === c.createdAt)).toBe(true);
    const events = dump.tables.conflict_event!.filter((e) => e.topicId === dump.tables.conflict_topic![0]!.id);
    expect(imported.tables.conflict_topic![0]).toMatchObject({ status: 'resolved', resolvedAt: events.at(-1)!.at });
    expect(imported.tables.setting).toEqual([
      { key: 'health.weight.bids', value: 30 },
      { key: 'remind.conflict.revisit.days', value: 45 },
    ]);
    expect(imported.tables.voice).toEqual([]);
  });

  it('JSON through stdin (crm export | crm --db new.db import -)', () => {
    const json = richBook().ok(['export']).stdout;
    other.ok(['import', '-'], { input: json });
    expect(other.ok(['export']).stdout).toBe(json);
  });

  it('--out creates a 0600 file, replaces an older one only with --force, and leaves no temporary file', () => {
    demo();
    const file = join(book.dir, 'out.json');
    const done = book.ok(['export', '--out', file]);
    expect(done.stdout).toBe('');
    expect(done.stderr).toContain('Exported to');
    expect(mode(file)).toBe(0o600);
    writeFileSync(file, 'old');
    expectError(book.run(['export', '--out', file, '--format', 'csv', '--table', 'invoices']), 2, /already exists: add --force to replace it/);
    expect(readFileSync(file, 'utf8')).toBe('old');
    book.ok(['export', '--out', file, '--format', 'csv', '--table', 'invoices', '--force']);
    expect(readFileSync(file, 'utf8').startsWith(INVOICE_HEADER)).toBe(true);
    expect(mode(file)).toBe(0o600);
    expect(readdirSync(book.dir).filter((f) => !f.startsWith('book.db')).sort()).toEqual(['out.json']);
  });

  it('--out into a folder that does not exist fails with exit 2 and writes nothing', () => {
    demo();
    const result = book.run(['export', '--out', join(book.dir, 'nope', 'out.json')]);
    expectError(result, 2, /cannot write/);
    expect(existsSync(join(book.dir, 'nope'))).toBe(false);
  });
});

describe('crm export --format csv', () => {
  it('writes clients, interactions and invoices with their header rows and CRLF records', () => {
    demo();
    const clients = book.ok(['export', '--format', 'csv']).stdout;
    expect(clients.split('\r\n')[0]).toBe(CLIENT_HEADER);
    expect(book.ok(['export', '--format', 'csv', '--table', 'clients']).stdout).toBe(clients);
    const interactions = book.ok(['export', '--format', 'csv', '--table', 'interactions']).stdout;
    expect(interactions.split('\r\n')[0]).toBe(INTERACTION_HEADER);
    const invoices = book.ok(['export', '--format', 'csv', '--table', 'invoices']).stdout;
    expect(invoices.split('\r\n')[0]).toBe(INVOICE_HEADER);
    for (const text of [clients, interactions, invoices]) {
      expect(text.endsWith('\r\n')).toBe(true);
      expect(text.replaceAll('\r\n', '')).not.toMatch(/(?<!")\n/); // no bare line break outside quoted fields here
    }
    // every client, every invoice, with decimal amounts
    expect(csvObjects(clients)).toHaveLength(clientCount());
    const rows = csvObjects(invoices);
    const listed = book.ok(['invoice', 'list', '--json']).json<{ number: string; amountMinor: number }[]>();
    expect(rows.map((r) => r.number).sort()).toEqual(listed.map((i) => i.number).sort());
    const one = listed[0]!;
    expect(rows.find((r) => r.number === one.number)!.amount).toBe((one.amountMinor / 100).toFixed(2));
  });

  it('writes the other tables as their raw dump rows (camelCase columns)', () => {
    const source = richBook();
    const csv = (table: string) => source.ok(['export', '--format', 'csv', '--table', table]).stdout;
    expect(csv('payments').split('\r\n')[0]).toBe('id,uid,invoiceId,amountMinor,paidOn');
    expect(csv('settings')).toBe('key,value\r\nhealth.weight.bids,30\r\nremind.conflict.revisit.days,45\r\n');
    // The user's own needs, raw: one row each, instants in ISO, text quoted where it needs to be.
    const voices = source.ok(['export', '--table', 'voices']).json<Dump>().tables;
    expect(Object.keys(voices)).toEqual(['voice']);
    const voicesCsv = csv('voices');
    expect(voicesCsv.split('\r\n')[0]).toBe('id,uid,clientId,interactionId,raisedAt,text,outcome,outcomeAt');
    expect(csvObjects(voicesCsv)).toEqual(voices.voice!.map((v) => Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x === null ? '' : String(x)]))));
    expect(csv('reminders')).toMatch(/^key,state,until,fingerprint\r\nbid-unanswered:7,done,,[^\r]*\r\ninvoice-overdue:INV-6,snoozed,2026-11-26T09:00:00\.000Z,/);
    expectError(source.run(['export', '--format', 'csv', '--table', 'nope']), 2);
  });

  it('quotes by RFC 4180: a client named Smith, "JJ" Jane round-trips through CSV into a new book', () => {
    book.ok(['client', 'add', 'Smith, "JJ" Jane', '--email', 'jj@smith.example', '--company', 'Smith, Sons & Co', '--tag', 'key,vip', '--since', '2024-02-29', '--note', 'line one\nline two, "quoted"']);
    book.ok(['client', 'add', 'Plain', '--cadence', '2w', '--reply-within', '4h']);
    const csv = book.ok(['export', '--format', 'csv']).stdout;
    expect(csv).toContain('"Smith, ""JJ"" Jane",jj@smith.example,"Smith, Sons & Co","key,vip",active,2024-02-29,');
    expect(csv).toContain('"line one\nline two, ""quoted"""');
    const file = write('clients.csv', csv);
    expect(other.ok(['import', file]).stderr).toBe(`Imported 2 clients from ${file}: 2 added.\n${createdNote(other.path)}`);
    const strip = (list: Record<string, unknown>[]) => list.map(({ id: _, createdAt: __, ...rest }) => rest);
    expect(strip(other.ok(['client', 'list', '--all', '--json']).json())).toEqual(strip(book.ok(['client', 'list', '--all', '--json']).json()));
  });

  it('interactions and invoices exported as CSV import back into a book that has the clients', () => {
    demo();
    const save = (table: string) => write(`${table}.csv`, book.ok(['export', '--format', 'csv', '--table', table]).stdout);
    const [clients, interactions, invoices] = [save('clients'), save('interactions'), save('invoices')];
    other.ok(['import', clients]);
    other.ok(['import', interactions, '--table', 'interactions']);
    other.ok(['import', invoices, '--table', 'invoices']);
    // clients too, the ended one included; the new book follows them from the import
    const people = (target: TempBook) =>
      target.ok(['client', 'list', '--all', '--json']).json<Record<string, unknown>[]>().map(({ id: _, createdAt: __, trackedFrom: ___, ...rest }) => rest);
    expect(people(book).some((c) => c.status === 'ended')).toBe(true);
    expect(people(other)).toEqual(people(book));
    // ids differ; a repair needs a conflict topic that a CSV row does not carry
    const rows = (target: TempBook) =>
      csvObjects(target.ok(['export', '--format', 'csv', '--table', 'interactions']).stdout, ['id', 'repair'])
        .map((r) => JSON.stringify(r))
        .sort();
    expect(rows(other)).toEqual(rows(book));
    const bills = (target: TempBook) =>
      target
        .ok(['invoice', 'list', '--json'])
        .json<Record<string, unknown>[]>()
        .map(({ client, payments, ...rest }) => ({
          ...rest,
          client: (client as { name: string }).name,
          // a payment's id is the new book's own: the CSV carries what was paid and when, not row ids
          payments: (payments as Record<string, unknown>[]).map(({ id: _, ...payment }) => payment),
        }));
    expect(bills(other)).toEqual(bills(book));
  });
});

describe('crm import of a client spreadsheet', () => {
  it('moves 500 clients in with one command, quickly, and says so', () => {
    const file = write('clients.csv', clientSheet(500));
    const started = Date.now();
    const result = book.run(['import', file]);
    const took = Date.now() - started;
    expect(result.code, result.stderr).toBe(0);
    expect(took).toBeLessThan(10_000);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`Imported 500 clients from ${file}: 500 added.\n${createdNote(book.path)}`);
    expect(result.stderr).not.toContain('importing ['); // no progress bar when stderr is not a terminal
    const clients = book.ok(['client', 'list', '--json']).json<Record<string, unknown>[]>();
    expect(clients).toHaveLength(500);
    const byName = new Map(clients.map((c) => [c.name, c]));
    expect(byName.get('Client 001')).toMatchObject({ email: 'client1@example.com', company: 'Company 1', tags: ['retainer'], since: '2025-02-02', status: 'active', cadenceDays: 30 });
    expect(byName.get('Client 021')).toMatchObject({ email: 'client21@example.com', company: 'Company 21, Inc.', tags: ['a', 'b'], since: '2025-10-22' });
    expect(byName.get('Doe, Jane 350')).toMatchObject({ email: 'client350@example.com', company: 'Company 350, Inc.', tags: [], since: '2025-03-15' });
  });

  it('a bad row anywhere: exit 2, the row and column named, nothing imported, the book unchanged', () => {
    book.ok(['client', 'add', 'Existing']);
    const before = fileDigest(book.path);
    const badDate = write('bad-date.csv', clientSheet(500, (row, cells) => (row === 317 ? [...cells.slice(0, 4), '2025-13-01'] : cells)));
    expectError(book.run(['import', badDate]), 2, /row 317\b.*column since.*2025-13-01/);
    const badEmail = write('bad-email.csv', clientSheet(500, (row, cells) => (row === 42 ? [cells[0]!, 'not-an-address', ...cells.slice(2)] : cells)));
    expectError(book.run(['import', badEmail]), 2, /row 42\b.*column email.*not-an-address/);
    expect(fileDigest(book.path)).toBe(before);
    expect(clientCount()).toBe(1);
  });

  it('a bad row into a book that does not exist yet leaves it without clients', () => {
    const bad = write('bad.csv', clientSheet(20, (row, cells) => (row === 20 ? [...cells.slice(0, 4), 'someday'] : cells)));
    expectError(book.run(['import', bad]), 2, /row 20\b.*column since/);
    expect(clientCount()).toBe(0);
  });

  it('--dry-run reports what would change and changes nothing', () => {
    book.ok(['client', 'add', 'Client 002', '--email', 'old@example.com']);
    const before = fileDigest(book.path);
    const file = write('clients.csv', clientSheet(10));
    const text = book.ok(['import', file, '--dry-run', '--on-conflict', 'update']);
    expect(text.stdout).toBe('');
    // the columns as read (issue 11), then the verdict
    expect(text.stderr).toMatch(/^Read as: crm's own columns \(comma-separated\)\n {2}name {8}<- name\n/);
    expect(text.stderr.endsWith(`Dry run of ${file}: 10 clients read; would add 9, update 1, skip 0. Nothing was changed.\n`)).toBe(true);
    const json = book.ok(['import', file, '--dry-run', '--on-conflict', 'skip', '--json']).json();
    expect(json).toMatchObject({ added: 9, updated: 0, skipped: 1, rows: 10, dryRun: true, table: 'clients', format: 'csv' });
    expect(fileDigest(book.path)).toBe(before);
    expect(book.ok(['client', 'show', 'Client 002', '--json']).json()).toMatchObject({ email: 'old@example.com' });
  });

  it('--dry-run on a book that does not exist does not create it', () => {
    const file = write('clients.csv', clientSheet(3));
    expect(book.ok(['import', file, '--dry-run']).stderr).toContain('would add 3');
    expect(existsSync(book.path)).toBe(false);
  });

  it('--on-conflict: fail by default, skip leaves the client, update changes it; empty cells keep what the book has', () => {
    book.ok(['client', 'add', 'Acme', '--email', 'old@acme.example', '--company', 'Acme Old']);
    const before = fileDigest(book.path);
    const file = write('clients.csv', 'name,email,company\r\nBeta,b@beta.example,Beta\r\nacme,new@acme.example,\r\n');

    expectError(book.run(['import', file]), 2, /row 2\b.*column name.*already in the book.*--on-conflict/);
    expectError(book.run(['import', file, '--on-conflict', 'fail']), 2, /row 2\b/);
    expect(fileDigest(book.path)).toBe(before);

    expect(book.ok(['import', file, '--on-conflict', 'skip']).stderr).toBe(`Imported 2 clients from ${file}: 1 added, 1 skipped.\n`);
    expect(book.ok(['client', 'show', 'acme', '--json']).json()).toMatchObject({ name: 'Acme', email: 'old@acme.example', company: 'Acme Old' });
    expect(clientCount()).toBe(2);

    const updated = book.ok(['import', file, '--on-conflict', 'update', '--json']).json();
    expect(updated).toEqual({ file, format: 'csv', table: 'clients', added: 0, updated: 2, skipped: 0, unnamed: 0, rows: 2, reading: expect.objectContaining({ layout: 'crm', delimiter: 'comma' }), dryRun: false });
    expect(book.ok(['client', 'show', 'acme', '--json']).json()).toMatchObject({ name: 'Acme', email: 'new@acme.example', company: 'Acme Old' });
    expect(clientCount()).toBe(2);
  });

  it('a name twice in the file (whatever its case): exit 2 naming both rows', () => {
    const file = write('clients.csv', 'name,email\r\nAcme,a@acme.example\r\nBeta,b@beta.example\r\nACME,c@acme.example\r\n');
    expectError(book.run(['import', file]), 2, /row 3\b.*column name.*row 1\b/);
    expect(clientCount()).toBe(0);
  });

  it('maps headers by name and alias, whatever their case and order; a BOM is skipped; unknown columns are ignored with a note', () => {
    const file = write('contacts.csv', '\uFEFFE-Mail,Full Name,Organisation,Shoe size,Notes\r\nana@x.example,Ana Lima,Lima Ltd,38,"likes calls"\r\n');
    const result = book.ok(['import', file]);
    expect(result.stderr).toBe(`crm: ignoring columns "Shoe size"\nImported 1 client from ${file}: 1 added.\n${createdNote(book.path)}`);
    expect(book.ok(['client', 'show', 'ana lima', '--json']).json()).toMatchObject({ name: 'Ana Lima', email: 'ana@x.example', company: 'Lima Ltd', note: 'likes calls' });
  });

  it('a CSV without a name column, an empty CSV, or an unclosed quote: exit 2', () => {
    expectError(book.run(['import', write('a.csv', 'email,company\r\na@x.example,X\r\n')]), 2, /no name column/);
    expectError(book.run(['import', write('b.csv', '')]), 2, /empty/);
    expectError(book.run(['import', write('c.csv', 'name,note\r\nA,ok\r\nB,"never closed\r\n')]), 2, /line 3\b.*never closed/);
    expectError(book.run(['import', write('d.csv', 'name,email\r\nA,a@x.example,extra\r\n')]), 2, /row 1\b.*3 fields.*header has 2/);
    expect(clientCount()).toBe(0);
  });

  it('a last contact from before the book (lastContact, or "Last contact"); one in the future names the row', () => {
    const file = write('clients.csv', 'name,since,Last contact\r\nOld Friend,2019-03-01,2024-05-02\r\nNew Friend,,\r\n');
    book.ok(['import', file]);
    const clients = book.ok(['client', 'list', '--json']).json<Record<string, unknown>[]>();
    expect(clients.map(({ name, since, lastContact, trackedFrom }) => ({ name, since, lastContact, trackedFrom }))).toEqual([
      { name: 'New Friend', since: '2026-11-23', lastContact: null, trackedFrom: '2026-11-23T09:00:00.000Z' },
      { name: 'Old Friend', since: '2019-03-01', lastContact: '2024-05-02', trackedFrom: '2026-11-23T09:00:00.000Z' },
    ]);
    const csv = book.ok(['export', '--format', 'csv']).stdout;
    expect(csvObjects(csv).map((c) => [c.name, c.lastContact])).toEqual([['New Friend', ''], ['Old Friend', '2024-05-02']]);
    const future = write('future.csv', 'name,lastContact\r\nSoon,2026-12-01\r\n');
    expectError(other.run(['import', future]), 2, /row 1\b.*column lastContact.*2026-12-01 is in the future/);
  });

  it('-q silences the summary; --json prints it on stdout', () => {
    const file = write('clients.csv', clientSheet(3));
    const quiet = book.ok(['-q', 'import', file]);
    expect(quiet.stdout).toBe('');
    expect(quiet.stderr).toBe('');
    const json = other.ok(['import', file, '--json']);
    expect(json.json()).toEqual({ file, format: 'csv', table: 'clients', added: 3, updated: 0, skipped: 0, unnamed: 0, rows: 3, reading: expect.objectContaining({ layout: 'crm' }), dryRun: false });
    expect(json.stderr).toBe(createdNote(other.path));
  });

  it('draws a progress bar on a terminal for a big file, and clears it', async () => {
    const file = write('big.csv', clientSheet(3000).replaceAll('\r\n', `,${'x'.repeat(60)}\r\n`).replace('since,', 'since,note,'));
    expect(statSync(file).size).toBeGreaterThan(256 * 1024);
    session = new PtySession(['import', file], { env: { CRM_DB: book.path }, now: book.now, columns: 200 });
    const { code, raw, transcript } = await session.exit();
    expect(code).toBe(0);
    expect(raw).toMatch(/importing \[[# ]{30}\] +\d+%/);
    expect(raw).toContain('\r\x1b[K'); // the bar is cleared before the summary
    expect(transcript).toContain('Imported 3000 clients');
    expect(csvObjects(book.ok(['export', '--format', 'csv']).stdout)).toHaveLength(3000);
  });
});

describe('crm import of interactions and invoices', () => {
  beforeEach(() => {
    book.ok(['client', 'add', 'Acme']);
    book.ok(['client', 'add', 'Globex']);
  });

  it('interactions: client,at,channel,summary,tone show up on the client', () => {
    const file = write('calls.csv', 'client,at,channel,summary,tone\r\nAcme,2026-11-20,call,"kick-off, went well",2\r\nglobex,2026-11-21T10:30:00Z,email,"asked about ""pricing""",-1\r\n');
    expect(book.ok(['import', file, '--table', 'interactions']).stderr).toBe(`Imported 2 interactions from ${file}: 2 added.\n`);
    expect(book.ok(['client', 'show', 'acme', '--json']).json<{ latestInteractions: unknown[] }>().latestInteractions).toEqual([
      expect.objectContaining({ at: '2026-11-20T11:00:00.000Z', channel: 'call', tone: 2, summary: 'kick-off, went well', fromClient: false }),
    ]);
    expect(book.ok(['client', 'show', 'globex', '--json']).json<{ latestInteractions: unknown[] }>().latestInteractions).toEqual([
      expect.objectContaining({ at: '2026-11-21T10:30:00.000Z', channel: 'email', tone: -1, summary: 'asked about "pricing"' }),
    ]);
  });

  it('interactions: an unknown client or a bad tone names the row and column; nothing imported', () => {
    const before = fileDigest(book.path);
    const unknown = write('calls.csv', 'client,at,channel,summary,tone\r\nAcme,2026-11-20,call,ok,1\r\nInitech,2026-11-20,call,ok,1\r\n');
    expectError(book.run(['import', unknown, '--table', 'interactions']), 2, /row 2\b.*column client.*Initech/);
    const tone = write('tone.csv', 'client,at,tone\r\nAcme,2026-11-20,1\r\nAcme,2026-11-21,9\r\n');
    expectError(book.run(['import', tone, '--table', 'interactions']), 2, /row 2\b.*column tone/);
    expect(fileDigest(book.path)).toBe(before);
  });

  it('invoices: client,number,amount,currency,issued,due,paid in minor units, paid ones paid', () => {
    const file = write('invoices.csv', 'client,number,amount,currency,issued,due,paid\r\nAcme,A-1,1500.50,EUR,2026-10-01,2026-10-31,1500.50\r\nGlobex,G-1,"2,000.00",USD,2026-11-01,2026-12-01,\r\n');
    expect(book.ok(['import', file, '--table', 'invoices']).stderr).toBe(`Imported 2 invoices from ${file}: 2 added.\n`);
    const invoices = book.ok(['invoice', 'list', '--json']).json<Record<string, unknown>[]>();
    expect(invoices.find((i) => i.number === 'A-1')).toMatchObject({ client: { name: 'Acme' }, amountMinor: 150050, paidMinor: 150050, currency: 'EUR', issued: '2026-10-01', due: '2026-10-31', status: 'paid' });
    expect(invoices.find((i) => i.number === 'G-1')).toMatchObject({ client: { name: 'Globex' }, amountMinor: 200000, paidMinor: 0, currency: 'USD', status: 'open' });
    expect(book.ok(['client', 'show', 'acme', '--json']).json<{ invoices: unknown[] }>().invoices).toEqual([expect.objectContaining({ number: 'A-1', amountMinor: 150050 })]);
  });

  it('invoices: an unknown client names the row and column; nothing imported', () => {
    const before = fileDigest(book.path);
    const file = write('invoices.csv', 'client,number,amount,currency,issued,due\r\nAcme,A-1,10,EUR,2026-10-01,2026-10-31\r\nNobody,N-1,10,EUR,2026-10-01,2026-10-31\r\n');
    expectError(book.run(['import', file, '--table', 'invoices']), 2, /row 2\b.*column client.*Nobody/);
    expect(fileDigest(book.path)).toBe(before);
    expect(book.ok(['invoice', 'list', '--json']).json()).toEqual([]);
  });
});

describe('crm import of an address book (vCard)', () => {
  it('creates a client per card, with email and company', () => {
    const file = write('contacts.vcf', [
      'BEGIN:VCARD', 'VERSION:3.0', 'N:Doe;Jane;;;', 'FN:Jane Doe', 'EMAIL;TYPE=INTERNET:jane@doe.example', 'EMAIL:other@doe.example', 'ORG:Doe Consulting;Sales', 'END:VCARD',
      'BEGIN:VCARD', 'VERSION:4.0', 'FN:Bob Roe', 'item1.EMAIL;TYPE=work:bob@roe.example', 'ORG:Roe & Co', 'END:VCARD',
      'BEGIN:VCARD', 'VERSION:2.1', 'N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen', 'EMAIL;INTERNET:jm@mueller.example', 'END:VCARD', '',
    ].join('\r\n'));
    expect(book.ok(['import', file]).stderr).toBe(`Imported 3 clients from ${file}: 3 added.\n${createdNote(book.path)}`);
    const clients = book.ok(['client', 'list', '--json']).json<{ name: string; email: string; company: string | null }[]>();
    expect(clients.map(({ name, email, company }) => ({ name, email, company }))).toEqual([
      { name: 'Bob Roe', email: 'bob@roe.example', company: 'Roe & Co' },
      { name: 'Jane Doe', email: 'jane@doe.example', company: 'Doe Consulting' },
      { name: 'Jürgen Müller', email: 'jm@mueller.example', company: null },
    ]);
    // the same cards again: matched by name
    expect(book.ok(['import', file, '--on-conflict', 'skip']).stderr).toContain('0 added, 3 skipped');
  });

  it('recognises a vCard by its content; a bad email is refused whole (a card without a name is skipped)', () => {
    const ok = 'BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\n';
    expectError(book.run(['import', write('two.vcf', `${ok}BEGIN:VCARD\r\nFN:B\r\nEMAIL:nope\r\nEND:VCARD\r\n`)]), 2, /card 2\b.*column email/);
    expect(clientCount()).toBe(0);
    const result = book.ok(['import', write('one.txt', `${ok}BEGIN:VCARD\r\nEMAIL:x@y.example\r\nEND:VCARD\r\n`)]);
    expect(result.stderr).toMatch(/^crm: card 2: no name \(FN or N\); skipped\nImported 2 clients from .*: 1 added, 1 skipped \(1 without a name\)\.\n/);
    expect(clientCount()).toBe(1);
  });
});

describe('crm import refusals', () => {
  let dump: Dump;
  let ndjson: string;
  beforeAll(() => {
    dump = richBook().ok(['export']).json<Dump>();
    ndjson = richBook().ok(['export', '--format', 'ndjson']).stdout;
  });

  const tampered = (change: (d: Dump) => void) => {
    const copy = structuredClone(dump);
    change(copy);
    return write('dump.json', JSON.stringify(copy));
  };
  /** The target book has no data and nothing got in. */
  const nothingImported = () => {
    if (!existsSync(book.path)) return; // the import made the book, and took it away again
    const after = book.ok(['export']).json<Dump>();
    for (const [table, rows] of Object.entries(after.tables)) expect(rows, table).toEqual([]);
  };

  it('a dump into a book that has data: exit 2, nothing changed', () => {
    book.ok(['client', 'add', 'Mine']);
    const before = fileDigest(book.path);
    const file = write('dump.json', JSON.stringify(dump));
    expectError(book.run(['import', file]), 2, /empty book/);
    expectError(book.run(['import', '-'], { input: ndjson }), 2, /empty book/);
    expect(fileDigest(book.path)).toBe(before);
    expect(clientCount()).toBe(1);
  });

  it('an interaction with tone 9: exit 2 naming the table and row', () => {
    const file = tampered((d) => (d.tables.interaction![4]!.tone = 9));
    expectError(book.run(['import', file]), 2, /table interaction, row 5\b.*tone/);
    nothingImported();
  });

  it('an unknown column: exit 2 naming the table, row and column', () => {
    const file = tampered((d) => (d.tables.client![2]!.shoeSize = 42));
    expectError(book.run(['import', file]), 2, /table client, row 3\b.*unknown column "shoeSize"/);
    nothingImported();
  });

  it('a uid that is not 32 hex digits, or one uid twice: exit 2 naming the table, row and field', () => {
    expectError(book.run(['import', tampered((d) => (d.tables.client![1]!.uid = 'ABC'))]), 2, /^crm: table client, row 2, field uid: uid must be 32 lower-case hex digits, not the text "ABC"$/);
    nothingImported();
    expectError(book.run(['import', tampered((d) => (d.tables.interaction![1]!.uid = d.tables.interaction![0]!.uid))]), 2, /^crm: table interaction, row 2: unique constraint failed: uid$/);
    nothingImported();
  });

  it('a child row whose parent is missing: exit 2 naming the table and row', () => {
    const paid = dump.tables.payment![0]!.invoiceId;
    const row = dump.tables.payment!.findIndex((p) => p.invoiceId === paid) + 1;
    const file = tampered((d) => (d.tables.invoice = d.tables.invoice!.filter((i) => i.id !== paid)));
    expectError(book.run(['import', file]), 2, new RegExp(`table payment, row ${row}\\b.*foreign key`));
    nothingImported();
  });

  it('a bad row in an NDJSON dump names the line and the table', () => {
    const lines = ndjson.trimEnd().split('\n');
    const at = lines.findIndex((l) => l.startsWith('{"table":"interaction"'));
    lines[at] = lines[at]!.replace(/"tone":-?\d/, '"tone":9');
    expectError(book.run(['import', '-'], { input: `${lines.join('\n')}\n` }), 2, new RegExp(`line ${at + 1}, table interaction\\b.*tone`));
    nothingImported();
  });

  it('a dump of a newer format version, or not a crm export: exit 2', () => {
    expectError(book.run(['import', tampered((d) => (d.version = 2))]), 2, /version 2 is newer/);
    expectError(book.run(['import', tampered((d) => (d.format = 'something-else'))]), 2, /not a crm export/);
    expectError(book.run(['import', write('broken.json', '{"format":"crm-export",')]), 2, /not valid JSON/);
    nothingImported();
  });

  it('a missing file: exit 3', () => {
    expectError(book.run(['import', join(book.dir, 'nope.csv')]), 3, /no file/);
    expect(existsSync(book.path)).toBe(false);
  });

  it('--format json on a CSV file, or --table with a JSON file: exit 2', () => {
    const csv = write('clients.csv', clientSheet(3));
    expectError(book.run(['import', csv, '--format', 'json']), 2, /not valid JSON/);
    expectError(book.run(['import', write('dump.json', JSON.stringify(dump)), '--table', 'clients']), 2, /--table is for CSV/);
    expectError(book.run(['import', csv, '--format', 'xml']), 2);
    nothingImported();
  });
});
