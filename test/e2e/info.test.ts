// crm info (issue 10, case 6): where the book is and why, its size, schema, counts, last backup and the settings
// changed; the first write says where it made the book; what a book records about itself stays with the file.
// In-process (helpers/in-process.ts). Today is 2026-11-23 (DEFAULT_NOW, 10:00 in Europe/Berlin).
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA } from '../../src/store/migrations.js';
import { TempBook, createdNote, expectError } from '../helpers/cli.js';
import { inProcessBook } from '../helpers/in-process.js';

let book: TempBook;
beforeEach(() => {
  book = new TempBook();
});
afterEach(() => book.cleanup());
const { run, ok } = inProcessBook(() => book.path);

describe('crm info', () => {
  it('with no book: where it would be and why, exit 0, and nothing is created', async () => {
    const text = await ok('info');
    expect(text.stdout).toContain(`Book         ${book.path}\n             set by CRM_DB; no book was made there yet\n`);
    expect(text.stdout).toMatch(/Settings +all at their defaults \(settings are kept in the book itself\)/);
    expect((await ok('info', '--json')).json()).toEqual({
      path: book.path, source: 'CRM_DB', exists: false, sizeBytes: 0, fileBytes: 0, walBytes: 0, schema: null,
      latestSchema: LATEST_SCHEMA, createdAt: null, lastBackup: null, counts: null, settingsChanged: [], journal: null,
    });
    expect(existsSync(book.path)).toBe(false);
  });

  it('the first write says where it created the book, once', async () => {
    const first = await ok('client', 'add', 'Acme');
    expect(first.stderr).toBe(`Added Acme (client #1).\n${createdNote(book.path)}`);
    expect((await ok('client', 'add', 'Globex')).stderr).toBe('Added Globex (client #2).\n');
    // A run that only reads, or fails, leaves no book and says nothing of one.
    const other = join(book.dir, 'other.db');
    expect((await run(['client', 'list'], undefined, other)).stderr).not.toMatch(/created/);
    expectError(await run(['client', 'add', ''], undefined, other), 2);
    writeFileSync(join(book.dir, 'bad.json'), '{"format":"crm-export","version":1,"tables":{"client":[{"name":""}]}}');
    expectError(await run(['import', join(book.dir, 'bad.json')], undefined, other), 2);
    expect(existsSync(other)).toBe(false);
  });

  it('size, schema, when it was created, what it holds, the last backup and the settings changed: text and JSON', async () => {
    await ok('client', 'add', 'Acme');
    await ok('log', 'acme', '--bid', 'send the plan');
    await ok('config', 'set', 'display.locale', 'nl-NL');
    const before = await ok('info');
    expect(before.stdout).toMatch(/^Book {9}\S+book\.db\n {13}set by CRM_DB\nSize {9}\d+\.\d (KiB|MiB)/);
    expect(before.stdout).toContain(`Schema       ${LATEST_SCHEMA}\nCreated      2026-11-23 10:00\nLast backup  none recorded: crm backup FILE makes one\n`);
    expect(before.stdout).toMatch(/Holds {8}1 client, 1 interaction, 1 bid, 1 setting\n/);
    expect(before.stdout).toMatch(/Settings {5}1 changed, kept in this book \(another book has its own\):\n {13}display\.locale = nl-NL \(default en-US\)\n$/);

    const copy = join(book.dir, 'copy.db');
    await ok('backup', copy);
    const json = (await ok('info', '--json')).json();
    expect(Object.keys(json)).toEqual([
      'path', 'source', 'exists', 'sizeBytes', 'fileBytes', 'walBytes', 'schema', 'latestSchema', 'createdAt', 'lastBackup', 'counts', 'settingsChanged', 'journal',
    ]);
    expect(json).toMatchObject({
      path: book.path, source: 'CRM_DB', exists: true, schema: LATEST_SCHEMA, createdAt: '2026-11-23T09:00:00.000Z',
      lastBackup: { at: '2026-11-23T09:00:00.000Z', path: copy, clients: 1 },
      settingsChanged: [{ key: 'display.locale', value: 'nl-NL', default: 'en-US' }],
      // client add, log, config set: three changes crm undo can take back (the backup is not one).
      journal: { changes: 3, newest: { id: 3, at: '2026-11-23T09:00:00.000Z' } },
    });
    expect(json.sizeBytes).toBe(json.fileBytes + json.walBytes);
    expect(json.counts).toMatchObject({ clients: 1, interactions: 1, bids: 1, invoices: 0, settings: 1 });
    expect((await ok('info')).stdout).toContain(`Last backup  2026-11-23 10:00, 1 client, to\n             ${copy}\n`);
    // --db is a reason of its own.
    expect((await run(['--db', copy, 'info', '--json'])).json()).toMatchObject({ path: copy, source: '--db' });
  });

  it('what the book records about itself stays with the file: not exported, not imported, kept by a restore', async () => {
    await ok('client', 'add', 'Acme');
    const copy = join(book.dir, 'copy.db');
    await ok('backup', copy);
    const dump = (await ok('export')).json();
    expect(dump.tables.setting).toEqual([]);
    // A new book takes the dump (its own creation is no row of the data)...
    const other = join(book.dir, 'other.db');
    writeFileSync(join(book.dir, 'dump.json'), JSON.stringify(dump));
    const imported = await run(['import', join(book.dir, 'dump.json')], undefined, other);
    expect(imported.code, imported.stderr).toBe(0);
    // ...but no record smuggled in as a setting.
    dump.tables.setting = [{ key: 'book.lastBackup', value: { at: '2026-01-01T00:00:00.000Z', path: '/x', clients: 1 } }];
    writeFileSync(join(book.dir, 'forged.json'), JSON.stringify(dump));
    expectError(await run(['import', join(book.dir, 'forged.json')], undefined, join(book.dir, 'third.db')), 2, /"book\.lastBackup" is not a setting/);
    // A restore brings back the data of the copy; the last backup stays this book's own.
    await ok('client', 'add', 'Globex');
    await ok('backup', join(book.dir, 'later.db'));
    await ok('restore', copy, '--yes');
    const info = (await ok('info', '--json')).json();
    expect(info.counts.clients).toBe(1);
    expect(info.lastBackup).toMatchObject({ path: join(book.dir, 'later.db'), clients: 2 });
    expect(info.createdAt).toBe('2026-11-23T09:00:00.000Z');
  });
});
