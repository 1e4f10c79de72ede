// Books edited by other tools (issue 11): rows whose client was deleted with foreign keys off (as the sqlite3 shell
// does), crm doctor and --fix, a book rebuilt from a dump and adopted, a table crm did not make that blocks a
// delete. The book is test/fixtures/books/v4.db (every table has rows), edited here through better-sqlite3.
// In-process (helpers/in-process.ts).
import { copyFileSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TempBook, expectError, fileDigest } from '../helpers/cli.js';
import { inProcessBook } from '../helpers/in-process.js';

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

let book: TempBook;
beforeEach(() => {
  book = new TempBook();
  copyFileSync(join(FIXTURES, 'books', 'v4.db'), book.path);
});
afterEach(() => book.cleanup());
const { run, ok } = inProcessBook(() => book.path);

/** SQL run on the book as another program runs it: foreign keys off, as the sqlite3 shell has them. */
function edit(sql: string, path = book.path): void {
  const db = new Database(path);
  db.pragma('foreign_keys = OFF');
  db.exec(sql);
  db.close();
}

/** One value the book holds. */
function query(sql: string): unknown {
  const db = new Database(book.path, { readonly: true });
  try {
    return db.prepare(sql).pluck().get();
  } finally {
    db.close();
  }
}

// Zoë Ärger & Söhne (client #14) has rows in every table of v4.db.
const ZOE = 14;

describe('rows whose client is gone (deleted outside crm, foreign keys off)', () => {
  it('no read command crashes: lists leave them out and say how many; export refuses', async () => {
    edit(`DELETE FROM client WHERE id = ${ZOE}`);
    const lists: [string[], RegExp][] = [
      [['invoice', 'list'], /left out 1 invoice of a client that no longer exists.*crm doctor/],
      [['bid', 'list'], /left out 1 bid/],
      [['topic', 'list'], /left out 1 conflict topic/],
      [['voice', 'list'], /left out 1 need of yours/],
      [['need', 'list'], /left out 1 need\b/],
      [['followup', 'list', '--all'], /left out 1 follow-up/],
    ];
    for (const [args, note] of lists) {
      const result = await run(args);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
      expect(result.stderr).toMatch(note);
      expect(result.stdout).not.toMatch(/Zoë/);
    }
    for (const args of [['health'], ['remind'], ['log', 'list', '--limit', '0'], ['search', 'quoted']]) {
      const result = await run(args);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
      expect(result.stderr).not.toMatch(/unexpected/);
      expect(result.stdout).not.toMatch(/Zoë/);
    }
    // Commands that act on one of those rows refuse it, naming why, and change nothing.
    const zoe = new Database(book.path, { readonly: true });
    const [invoice, bid, interaction] = ['SELECT number FROM invoice', 'SELECT id FROM bid', 'SELECT id FROM interaction'].map((sql) =>
      String(zoe.prepare(`${sql} WHERE client_id = ${ZOE} LIMIT 1`).pluck().get()),
    );
    zoe.close();
    const rows = () => query(`SELECT (SELECT count(*) FROM payment) || ' ' || (SELECT count(*) FROM change) || ' ' || (SELECT count(*) FROM invoice WHERE note = 'x')`);
    const before = rows();
    const gone = /^crm: that row belongs to client #14, which no longer exists \(deleted outside crm\?\): crm doctor explains, crm doctor --fix removes such rows; nothing was changed$/;
    for (const args of [['invoice', 'pay', invoice!], ['bid', 'answer', bid!], ['log', 'remove', interaction!, '--yes']]) expectError(await run(args), 3, gone);
    expectError(await run(['invoice', 'edit', invoice!, '--note', 'x']), 2, /the book has rows whose client \(or other parent\) is gone .*crm doctor --fix repairs them; nothing was changed$/);
    expect(rows()).toBe(before);
    for (const format of ['json', 'csv']) {
      expectError(await run(['export', '--format', format]), 4, /^crm: the book has rows whose parent is gone \(2 tags of client #14, which no longer exists, and \d+ more groups;.*crm doctor --fix removes them; nothing was exported$/);
    }
  });

  it('crm doctor names them in words (exit 1); --fix asks for --yes, then removes or unlinks each as crm would have, once', async () => {
    edit(`DELETE FROM client WHERE id = ${ZOE}; DELETE FROM interaction WHERE id = (SELECT min(interaction_id) FROM bid WHERE client_id = 1)`);
    const found = await run(['doctor']);
    expect(found.code).toBe(1);
    expect(found.stdout).toMatch(/^problem +1 invoice of client #14, which no longer exists$/m);
    expect(found.stdout).toMatch(/^problem +\d+ interactions of client #14, which no longer exists$/m);
    expect(found.stdout).toMatch(/^problem +1 bids? names? interaction #\d+, which no longer exists$/m);
    expect(found.stderr).toMatch(/^crm: found \d+ problems in the book: crm doctor --fix repairs what it can\n$/);
    const json = (await run(['doctor', '--json'])).json();
    expect(json.healthy).toBe(false);
    expect(json.orphans).toContainEqual(expect.objectContaining({ table: 'invoice', parent: 'client', parentKey: ZOE, rows: 1, repair: 'remove' }));
    expect(json.orphans).toContainEqual(expect.objectContaining({ table: 'bid', column: 'interaction_id', parent: 'interaction', repair: 'clear' }));

    const digest = fileDigest(book.path);
    expectError(await run(["doctor", "--fix"]), 2, /^crm: --fix would remove \d+ rows whose parent is gone, clear 1 link to rows that are gone \(crm doctor lists them\): add --yes to confirm/);
    expect(fileDigest(book.path)).toBe(digest);

    const fixed = await run(['doctor', '--fix', '--yes']);
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(fixed.stdout).toMatch(/^Fixed:\n {2}removed 2 tags of client #14, which no longer exists$/m);
    expect(fixed.stdout).toMatch(/^ {2}cleared the link: 1 bid names interaction #\d+, which no longer exists$/m);
    expect(fixed.stdout).toMatch(/^ok +every row belongs to a row that exists$/m);
    // The payments of the orphan invoice went with it; the bid that named the gone interaction stays.
    const db = new Database(book.path, { readonly: true });
    expect(db.prepare(`SELECT count(*) FROM payment WHERE invoice_id NOT IN (SELECT id FROM invoice)`).pluck().get()).toBe(0);
    expect(db.prepare(`SELECT count(*) FROM bid WHERE client_id = 1`).pluck().get()).toBe(6);
    db.close();
    await ok('doctor');
    await ok('export');
    await ok('invoice', 'list');
  });

  it('reports rows crm would refuse, a search index out of step, and objects crm did not make (which --fix leaves)', async () => {
    edit(`
      UPDATE client SET email = 'not an address' WHERE id = 1;
      DELETE FROM search_index WHERE rowid = (SELECT min(rowid) FROM search_index);
      CREATE TABLE my_notes (client_id INTEGER REFERENCES client(id), note TEXT);
      INSERT INTO my_notes VALUES (1, 'mine'), (99, 'gone');
      CREATE VIEW my_view AS SELECT name FROM client;`);
    const found = await run(['doctor']);
    expect(found.code).toBe(1);
    const unwrapped = found.stdout.replace(/\n {9}/g, ' ');
    expect(unwrapped).toMatch(/^problem +1 row breaks what crm's commands allow.*: +table client, row with id 1, field email: /m);
    expect(found.stdout).toMatch(/^problem +the search index is out of step with the rows: 1 text missing$/m);
    expect(unwrapped).toMatch(/^problem +1 row of table my_notes of client #99, which no longer exists \(a table crm did not make: left alone\)$/m);
    expect(found.stdout).toMatch(/^note +2 objects crm did not make, left alone: table my_notes, view my_view$/m);
    const fixed = await run(['doctor', '--fix', '--yes']);
    expect(fixed.stdout).toMatch(/^ {2}rebuilt the search index from the rows$/m);
    expect(fixed.stdout).toMatch(/^ok +the search index is in step with the rows$/m);
    expect(fixed.code).toBe(1); // the e-mail and my_notes are for the user to fix
    const db = new Database(book.path, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM my_notes').pluck().get()).toBe(2);
    expect(db.prepare(`SELECT count(*) FROM sqlite_schema WHERE name = 'my_view'`).pluck().get()).toBe(1);
    db.close();
  });
});

describe('a book rebuilt from a dump (sqlite3 .dump loses the marks of a crm book)', () => {
  it('is refused with the way to adopt it; crm doctor --adopt checks its schema, adopts it, and it works', async () => {
    const rebuilt = join(book.dir, 'd1.db');
    copyFileSync(join(FIXTURES, 'dump', 'v4-rebuilt.db'), rebuilt);
    const digest = fileDigest(rebuilt);
    expectError(
      await run(['health'], {}, rebuilt),
      4,
      /^crm: \S*d1\.db has crm's tables but not the mark of a crm book \(a book rebuilt from a dump, such as sqlite3 \.dump, loses it\); it was left unchanged: crm doctor --adopt --db \S*d1\.db checks its schema and adopts it$/,
    );
    expect(fileDigest(rebuilt)).toBe(digest);
    const adopted = await run(['doctor', '--adopt'], {}, rebuilt);
    expect(adopted.code, adopted.stderr).toBe(0);
    expect(adopted.stdout).toMatch(/^note +adopted as a crm book of schema 4/m);
    expect((await run(['client', 'list'], {}, rebuilt)).stdout).toMatch(/Zoë Ärger & Söhne/);
    expect((await run(['search', 'quoted'], {}, rebuilt)).stdout).toMatch(/Zoë/);
    expectError(await run(['doctor', '--adopt'], {}, rebuilt), 2, /is already a crm book: there is nothing to adopt/);
  });

  it('an older schema executed from its dump text is adopted at its version and upgraded; a look-alike is not adopted', async () => {
    const rebuilt = join(book.dir, 'd3.db');
    edit(readFileSync(join(FIXTURES, 'dump', 'v3.sql'), 'utf8'), rebuilt);
    expect((await run(['doctor', '--adopt'], {}, rebuilt)).stdout).toMatch(/adopted as a crm book of schema 3/);
    const logged = await run(['log', 'Zoë', '-m', 'after the dump'], {}, rebuilt);
    expect(logged.stderr).toMatch(/copied the book to .*d3\.db\.v3-.*\.bak before upgrading it/);
    expect((await run(['search', 'after the dump'], {}, rebuilt)).stdout).toMatch(/Zoë/);

    const lookAlike = join(book.dir, 'other.db');
    edit('CREATE TABLE client (id INTEGER PRIMARY KEY); CREATE TABLE interaction (id); CREATE TABLE invoice (id)', lookAlike);
    const digest = fileDigest(lookAlike);
    expectError(await run(['doctor', '--adopt'], {}, lookAlike), 4, /does not have the tables, indexes and triggers of any crm schema: crm does not adopt it; it was left unchanged/);
    expect(fileDigest(lookAlike)).toBe(digest);
  });
});

describe('a table crm did not make that points to crm rows', () => {
  it('a delete it blocks names the table and what to do (exit 2, nothing changed): client remove, log remove, undo', async () => {
    await ok('log', 'Northwind', '-m', 'the call to take back');
    edit(`
      CREATE TABLE my_notes (client_id INTEGER REFERENCES client(id), note TEXT);
      INSERT INTO my_notes VALUES (1, 'mine');
      CREATE TABLE my_calls (interaction_id INTEGER REFERENCES interaction(id));
      INSERT INTO my_calls SELECT max(id) FROM interaction;`);
    const digest = fileDigest(book.path);
    const blocked = /^crm: rows of tables crm did not make point to what crm was removing: my_calls \(interaction_id points to interaction\), my_notes \(client_id points to client\); crm does not change those tables: delete or change their rows first, or declare the reference ON DELETE CASCADE or SET NULL; nothing was changed$/;
    expectError(await run(['client', 'remove', 'Northwind', '--yes']), 2, blocked);
    const newest = (await run(['log', 'list', '--json', '--limit', '1'])).json()[0].id;
    expectError(await run(['log', 'remove', String(newest), '--yes']), 2, blocked);
    expectError(await run(['undo']), 2, blocked);
    expect(fileDigest(book.path)).toBe(digest);
  });
});
