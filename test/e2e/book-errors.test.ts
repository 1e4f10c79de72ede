// What every command shares: help, exit codes, one-line errors, the book's location, modes and safety.
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TempBook, expectError, fileDigest, runCrm, runCrmAsync } from '../helpers/cli.js';

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
const mode = (path: string) => statSync(path).mode & 0o777;

let book: TempBook;
beforeEach(() => {
  book = new TempBook();
});
afterEach(() => book.cleanup());

/** The commands listed under "Commands:" in a help text (without "help" itself). */
function commandsIn(help: string): string[] {
  const section = help.split(/^Commands:$/m)[1]?.split(/^\S/m)[0] ?? '';
  return section
    .split('\n')
    .filter((line) => /^ {2}\S/.test(line))
    .map((line) => line.trim().split(/[\s|]/)[0]!)
    .filter((name) => name !== 'help');
}

describe('help', () => {
  it('crm --help and every command\'s --help show examples', () => {
    const top = runCrm(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('Examples:');
    expect(top.stdout.replace(/\s+/g, " ")).toMatch(/Exit codes: 0 ok, 1 runtime failure, 2 bad usage or input, 3 not found or ambiguous, 4 database problem/);
    const groups = commandsIn(top.stdout);
    expect(groups).toEqual(expect.arrayContaining(['client', 'log', 'bid', 'topic', 'voice', 'invoice', 'followup', 'config']));
    const checked: string[] = [];
    for (const group of groups) {
      const help = runCrm([group, '--help']);
      expect(help.code, group).toBe(0);
      expect(help.stdout, `crm ${group} --help`).toContain('Examples:');
      checked.push(group);
      for (const sub of commandsIn(help.stdout)) {
        const subHelp = runCrm([group, sub, '--help']);
        expect(subHelp.code, `${group} ${sub}`).toBe(0);
        expect(subHelp.stdout, `crm ${group} ${sub} --help`).toContain('Examples:');
        checked.push(`${group} ${sub}`);
      }
    }
    expect(checked).toEqual(
      expect.arrayContaining([
        'client add', 'client list', 'client show', 'client edit', 'client end', 'client reopen', 'client remove',
        'bid list', 'bid answer', 'topic list', 'topic resolve', 'invoice add', 'invoice pay', 'invoice void', 'invoice list',
        'followup add', 'followup done', 'followup list', 'config list', 'config get', 'config set', 'config unset',
        'voice list', 'voice heard', 'voice ignored', 'voice add',
      ]),
    );
  });

  it('prints the version', () => {
    expect(runCrm(['--version']).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe('bad usage (exit 2)', () => {
  it('is one line on stderr, for unknown commands, options, missing arguments and a bad CRM_NOW', () => {
    expectError(book.run(['frobnicate']), 2, /unknown command "frobnicate" for crm/);
    expectError(book.run(['client', 'list', '--colour']), 2, /unknown option '--colour'/);
    expectError(book.run(['client', 'add']), 2, /missing required argument 'name'/);
    expectError(book.run(['invoice', 'add', 'acme']), 2, /missing required argument 'amount'/);
    expectError(book.run(['client', 'add', 'a', 'b']), 2, /too many arguments/);
    expectError(book.run(['client', 'list'], { now: 'noonish' }), 2, /CRM_NOW "noonish" is not an ISO instant/);
    expect(fileDigest(book.path)).toBe('missing');
  });

  it('names what a group needs in one line, suggests near commands, and shows the help for crm alone', () => {
    expectError(book.run(['client']), 2, /"client" needs a command: add, list, show/);
    expectError(book.run(['client', 'lst']), 2, /unknown command "lst" for crm client; did you mean list\?/);
    expectError(book.run(['client', 'list', '--jsn']), 2, /unknown option '--jsn' \(Did you mean --json\?\)/);
    const bare = book.run([]);
    expect(bare.code).toBe(0);
    expect(bare.stdout).toMatch(/^Usage: crm /);
    expect(fileDigest(book.path)).toBe('missing');
  });

  it('never lets control characters from the input reach the terminal raw', () => {
    const result = book.run(['client', 'show', '\x1b[31mred\r\nline']);
    expectError(result, 3, /no client "\\x1b\[31mred line"/);
    expect(result.stderr).not.toContain('\x1b');
  });

  it('shows the stack trace only with --debug', () => {
    const debug = book.run(['--debug', 'client', 'show', 'nobody']);
    expect(debug.code).toBe(3);
    expect(debug.stderr.split('\n')[0]).toBe('crm: no client "nobody"');
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});

describe('not found or ambiguous (exit 3)', () => {
  it('names what was not found, for every noun', () => {
    book.ok(['client', 'add', 'Acme']);
    book.ok(['client', 'add', 'Acorn']);
    expectError(book.run(['client', 'show', 'ac']), 3, /matches 2 clients: Acme \(#1\), Acorn \(#2\)/);
    expectError(book.run(['client', 'show', '7']), 3, /no client "7"/);
    expectError(book.run(['bid', 'answer', '7']), 3, /no bid #7/);
    expectError(book.run(['invoice', 'void', 'INV-7']), 3, /no invoice "INV-7"/);
    expectError(book.run(['followup', 'done', '7']), 3, /no follow-up #7/);
    expectError(book.run(['topic', 'resolve', 'acme', 'pricing']), 3, /no conflict topic "pricing"/);
  });
});

describe('the book file (exit 4 when it cannot be used)', () => {
  it('refuses a text file and leaves it byte-for-byte unchanged', () => {
    const notes = join(book.dir, 'notes.txt');
    writeFileSync(notes, 'Acme: call back on Monday\n');
    const before = fileDigest(notes);
    expectError(book.run(['--db', notes, 'client', 'add', 'Acme']), 4, /is not a crm book \(not an SQLite database\); it was left unchanged/);
    expectError(book.run(['--db', notes, 'client', 'list']), 4, /not a crm book/);
    expect(fileDigest(notes)).toBe(before);
  });

  it("refuses another program's SQLite database and leaves it unchanged", () => {
    const other = join(book.dir, 'music.db');
    const db = new Database(other);
    db.exec(`CREATE TABLE song (title TEXT); INSERT INTO song VALUES ('So What');`);
    db.close();
    const before = fileDigest(other);
    expectError(book.run(['--db', other, 'client', 'add', 'Acme']), 4, /SQLite database of another program/);
    expect(fileDigest(other)).toBe(before);
    expect(existsSync(`${other}-wal`)).toBe(false);
  });

  it('refuses a book written by a newer crm and leaves it unchanged', () => {
    book.ok(['client', 'add', 'Acme']);
    const db = new Database(book.path);
    const version = db.pragma('user_version', { simple: true }) as number;
    db.pragma(`user_version = ${version + 1}`);
    db.close();
    const before = fileDigest(book.path);
    expectError(book.run(['client', 'list']), 4, new RegExp(`written by a newer crm \\(schema ${version + 1}; this crm knows up to ${version}\\): upgrade crm`));
    expectError(book.run(['client', 'add', 'Globex']), 4, /newer crm/);
    expect(fileDigest(book.path)).toBe(before);
  });

  it('refuses a directory', () => {
    expectError(book.run(['--db', book.dir, 'client', 'add', 'Acme']), 4, /is a folder, not a crm book/);
  });

  it('refuses a path whose parent is a file, as a database problem', () => {
    const file = join(book.dir, 'plain');
    writeFileSync(file, 'x');
    expectError(book.run(['--db', join(file, 'book.db'), 'client', 'add', 'Acme']), 4, /cannot use .*plain\/book.db: a part of its path is a file, not a folder/);
  });

  it('gives up on a book another process keeps locked, changing nothing, while reads still work', () => {
    book.ok(['client', 'add', 'Acme']);
    const holder = new Database(book.path);
    try {
      holder.exec('BEGIN IMMEDIATE');
      const started = Date.now();
      expectError(book.run(['client', 'add', 'Globex']), 4, /locked by another crm process .* nothing was changed, try again/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(3000); // it waited before giving up
      expect(book.ok(['client', 'list', '--json']).json<{ name: string }[]>().map((c) => c.name)).toEqual(['Acme']);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(book.ok(['client', 'list', '--json']).json<{ name: string }[]>().map((c) => c.name)).toEqual(['Acme']);
  });

  it('creates a new book 0600 in new directories 0700', () => {
    const path = join(book.dir, 'deep', 'er', 'book.db');
    book.ok(['--db', path, 'client', 'add', 'Acme']);
    expect(mode(path)).toBe(0o600);
    expect(mode(join(book.dir, 'deep'))).toBe(0o700);
    expect(mode(join(book.dir, 'deep', 'er'))).toBe(0o700);
  });

  it('read-only commands on a missing book print an empty result and create nothing', () => {
    const path = join(book.dir, 'nested', 'book.db');
    const env = { CRM_DB: path };
    for (const args of [['client', 'list'], ['bid', 'list'], ['topic', 'list'], ['invoice', 'list'], ['followup', 'list']]) {
      expect(runCrm([...args, '--json'], { env }).stdout, args.join(' ')).toBe('[]\n');
      expect(runCrm([...args, '--ndjson'], { env }).stdout, args.join(' ')).toBe('');
      const text = runCrm(args, { env });
      expect(text.code).toBe(0);
      expect(text.stdout).toBe('');
      expect(text.stderr).toMatch(/^No /);
    }
    expect(runCrm(['health', '--json'], { env }).stdout).toBe('[]\n');
    // crm remind is run by cron: a missing book there is a mistake to report (exit 4), not "nothing due".
    expect(runCrm(['remind', '--json'], { env })).toMatchObject({ code: 4, stdout: '' });
    expect(runCrm(['config', 'get', 'invoice.currency'], { env }).stdout).toBe('EUR\n');
    expect(runCrm(['config', 'list', '--json'], { env }).json<unknown[]>().length).toBeGreaterThan(10);
    expectError(runCrm(['client', 'show', 'acme'], { env }), 3, /no client "acme"/);
    expect(existsSync(join(book.dir, 'nested'))).toBe(false);
  });

  it('commands that change existing rows fail on a missing book without creating it', () => {
    const path = join(book.dir, 'nested', 'book.db');
    const env = { CRM_DB: path };
    expectError(runCrm(['client', 'edit', 'acme', '--note', 'x'], { env }), 3, /no client "acme"/);
    expectError(runCrm(['client', 'end', 'acme'], { env }), 3, /no client/);
    expectError(runCrm(['client', 'remove', 'acme', '--yes'], { env }), 3, /no client/);
    expectError(runCrm(['invoice', 'add', 'acme', '100'], { env }), 3, /no client/);
    expectError(runCrm(['invoice', 'pay', 'INV-1'], { env }), 3, /no invoice/);
    expectError(runCrm(['bid', 'answer', '1'], { env }), 3, /no bid/);
    expectError(runCrm(['followup', 'add', 'acme', '3d', 'x'], { env }), 3, /no client/);
    expect(existsSync(join(book.dir, 'nested'))).toBe(false);
  });

  it('lets several crm processes create and fill a new book at the same time', async () => {
    // Each round races 8 first writes on a new book: all must migrate it once and add their client.
    for (const round of [1, 2, 3]) {
      const path = join(book.dir, `fresh-${round}`, 'book.db');
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => runCrmAsync(['client', 'add', `Client ${i + 1}`, '--json'], { env: { CRM_DB: path } })),
      );
      // The one that made the book says where, once; the others say nothing.
      expect(results.map((r) => r.stderr).sort()).toEqual([...Array(7).fill(''), `crm: created a new book at ${path}\n`]);
      expect(results.map((r) => r.json<{ id: number }>().id).sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    }
  });
});

describe('where the book lives', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'crm-home-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('without --db or CRM_DB, uses $XDG_DATA_HOME/crm/crm.db, made private', () => {
    const xdg = join(home, 'data');
    mkdirSync(xdg);
    const env = { HOME: join(home, 'nohome'), XDG_DATA_HOME: xdg };
    expect(runCrm(['client', 'add', 'Acme'], { env }).code).toBe(0);
    const path = join(xdg, 'crm', 'crm.db');
    expect(mode(path)).toBe(0o600);
    expect(mode(join(xdg, 'crm'))).toBe(0o700);
    expect(runCrm(['client', 'list', '--json'], { env }).json()).toMatchObject([{ name: 'Acme' }]);
    expect(existsSync(join(home, 'nohome'))).toBe(false);
  });

  it('falls back to ~/.local/share/crm/crm.db, also when XDG_DATA_HOME is relative', () => {
    const env = { HOME: home, XDG_DATA_HOME: 'relative/data' };
    expect(runCrm(['client', 'add', 'Acme'], { env }).code).toBe(0);
    expect(mode(join(home, '.local', 'share', 'crm', 'crm.db'))).toBe(0o600);
    expect(mode(join(home, '.local', 'share', 'crm'))).toBe(0o700);
  });

  it('prefers --db over CRM_DB over the data directory', () => {
    const flagged = join(home, 'flag.db');
    const fromEnv = join(home, 'env.db');
    const env = { HOME: home, CRM_DB: fromEnv };
    runCrm(['--db', flagged, 'client', 'add', 'ViaFlag'], { env });
    runCrm(['client', 'add', 'ViaEnv'], { env });
    expect(runCrm(['client', 'list', '--json', '--db', flagged], { env }).json()).toMatchObject([{ name: 'ViaFlag' }]);
    expect(runCrm(['client', 'list', '--json'], { env }).json()).toMatchObject([{ name: 'ViaEnv' }]);
    expect(existsSync(join(home, '.local'))).toBe(false);
  });
});
