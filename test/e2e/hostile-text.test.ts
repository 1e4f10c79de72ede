// Hostile text already in a book (an older crm, another tool, a copied file: input checks cannot help) is shown,
// never obeyed: every command that prints text, to a pipe, with colour forced, and on a pseudo-terminal, lets no
// escape sequence, C1 control, bidi override or line break from the data reach the screen; only crm's own colour
// codes, when colour is on. The values are still shown, visibly escaped.
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TempBook, runCrmAsync, type RunResult } from '../helpers/cli.js';
import { KEY, PtySession, runInPty } from '../helpers/pty.js';

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;

/**
 * What an attacker would put in a field: a window title (OSC), clear screen, a colour, conceal (hides the rest),
 * C1 CSI and OSC, bidi override and isolate, zero-width space, BOM, DEL, and a line break that would fake a
 * line of output. Each field gets its own, so a leak names its field.
 */
const payload = (field: string) =>
  `Evil-${field}\x1b]0;PWNED\x07\x1b[2J\x1b[31mRED\x1b[8mHIDDEN\u009b31m\u009d0;T\u009c\u202eRTL\u2066\u200b\ufeff\x7f\r\nINJECTED-${field}`;

/** The fields a person reads, by table and column. */
const FIELDS: Record<string, string[]> = {
  client: ['name', 'email', 'company', 'note', 'end_reason'],
  client_tag: ['tag'],
  interaction: ['summary'],
  bid: ['text'],
  conflict_topic: ['topic'],
  appreciation: ['kind', 'note'],
  need: ['text'],
  invoice: ['number', 'note'],
  follow_up: ['text'],
  voice: ['text'],
};

/** crm's palette: the only escape sequences that may reach a screen, and only with colour on. */
const OWN_CODES = /\x1b\[(?:0|1|2|22|31|32|33|36|39)m/g;
/** Anything that acts on a terminal: controls (line feed aside), C1, bidi and other format characters, U+2028/9. */
const ACTS = /(?![\n\u200C\u200D])[\p{Cc}\p{Cf}\u2028\u2029]/u;

function expectShownNotObeyed(text: string, what: string, options: { colour?: boolean; terminal?: boolean } = {}): void {
  let rest = options.colour ? text.replace(OWN_CODES, '') : text;
  if (options.terminal) rest = rest.replaceAll('\r\n', '\n'); // the terminal's own line endings
  const leak = ACTS.exec(rest);
  expect(leak, `${what}: ${JSON.stringify(rest.slice(Math.max(0, (leak?.index ?? 0) - 40), (leak?.index ?? 0) + 10))}`).toBeNull();
  expect(rest, `${what}: a value started a line of its own`).not.toMatch(/^\s*INJECTED/m);
}

let book: TempBook;
const run = (args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> =>
  runCrmAsync(args, { env: { CRM_DB: book.path, ...env }, now: book.now });

beforeAll(() => {
  book = new TempBook();
  const ok = (...args: string[]) => book.ok(args);
  ok('client', 'add', 'First', '--since', '2026-01-01', '--tag', 'vip', '--email', 'a@example.com', '--company', 'Co', '--note', 'n');
  ok('client', 'add', 'Second', '--since', '2026-01-01');
  ok('log', '1', '--from-client', '--bid', 'b', '--conflict', 't', '--goal', 'g', '--appreciation', 'thanks', '-m', 's', '--tone', '-1', '--at', '2026-11-20');
  ok('log', '1', '--conflict', 't', '--voice', 'v', '--at', '2026-11-21');
  ok('invoice', 'add', '1', '100', '--issued', '2026-09-01', '--due', '2026-09-15', '--note', 'i');
  ok('followup', 'add', '1', '2026-11-20', 'f', '--force');
  ok('client', 'end', '2', '--reason', 'r');
  const db = new Database(book.path);
  try {
    for (const [table, columns] of Object.entries(FIELDS)) {
      // Each row's own value (the names must differ), ending with its row's id.
      const id = table === 'client_tag' ? 'client_id' : 'rowid';
      for (const column of columns) db.prepare(`UPDATE ${table} SET ${column} = ? || ${id}`).run(payload(`${table}.${column}`));
    }
  } finally {
    db.close();
  }
});
afterAll(() => book.cleanup());

/** Every command that prints text from the book. */
const TEXT_COMMANDS = [
  ['client', 'list', '--all'],
  ['client', 'show', '1'],
  ['client', 'show', '2'],
  ['health'],
  ['health', '1'],
  ['remind', '--within', '400'],
  ['bid', 'list'],
  ['followup', 'list', '--all'],
  ['topic', 'list'],
  ['voice', 'list'],
  ['invoice', 'list'],
];

describe('hostile text in the book', () => {
  it('is shown escaped, never obeyed, by every text command through a pipe', async () => {
    const results = await Promise.all(TEXT_COMMANDS.map((args) => run(args)));
    results.forEach((result, i) => {
      const what = `crm ${TEXT_COMMANDS[i]!.join(' ')}`;
      expect(result.code, `${what}: ${result.stderr}`).toBe(0);
      expectShownNotObeyed(result.stdout, what);
      expectShownNotObeyed(result.stderr, `${what} (stderr)`);
      expect(result.stdout).not.toContain('\x1b');
    });
    // Still there, for the person to see what the book holds.
    const [list, show] = results;
    expect(list!.stdout).toContain('Evil-client.name\\x1b]0;PWNED\\x07\\x1b[2J\\x1b[31mRED\\x1b[8mHIDDEN\\x9b31m\\x9d0;T\\x9c\\u202eRTL\\u2066\\u200b\\ufeff\\x7f\\r\\nINJECTED-client.name1');
    expect(show!.stdout).toContain('Note: Evil-client.note\\x1b]0;PWNED');
  });

  it('lets only crm colour codes through when colour is forced', async () => {
    const commands = [['client', 'show', '1'], ['health'], ['health', '1'], ['remind', '--within', '400'], ['client', 'list', '--all']];
    const results = await Promise.all(commands.map((args) => run(args, { FORCE_COLOR: '1' })));
    results.forEach((result, i) => {
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(OWN_CODES); // colour is on
      expectShownNotObeyed(result.stdout, `FORCE_COLOR=1 crm ${commands[i]!.join(' ')}`, { colour: true });
    });
  });

  it('keeps JSON output the same values, with nothing raw that acts on a terminal', async () => {
    const commands = [['client', 'list', '--all', '--json'], ['health', '--json'], ['health', '1', '--json'], ['remind', '--within', '400', '--ndjson'], ['bid', 'list', '--json']];
    const results = await Promise.all(commands.map((args) => run(args)));
    results.forEach((result, i) => {
      expect(result.code, result.stderr).toBe(0);
      expectShownNotObeyed(result.stdout, `crm ${commands[i]!.join(' ')}`);
    });
    const clients = results[0]!.json<{ name: string }[]>();
    expect(clients.map((c) => c.name)).toEqual([`${payload('client.name')}1`, `${payload('client.name')}2`]);
  });

  it('is shown escaped in messages and errors on stderr, one line each', async () => {
    const ambiguous = await run(['client', 'show', 'evil']);
    expect(ambiguous.code).toBe(3);
    expect(ambiguous.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(ambiguous.stderr).toContain('Evil-client.name\\x1b]0;PWNED');
    expectShownNotObeyed(ambiguous.stderr, 'an ambiguous client');
    const messages = [
      ['client', 'edit', '1', '--cadence', '3w'],
      ['log', '1', '-m', 'hello'],
      ['followup', 'done', '1'],
      ['voice', 'heard', '1'],
      ['client', 'reopen', '2'],
    ];
    for (const args of messages) {
      const result = await run(args);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr.trimEnd().split('\n'), result.stderr).toHaveLength(1);
      expect(result.stderr).toContain('\\x1b]0;PWNED');
      expectShownNotObeyed(result.stderr, `crm ${args.join(' ')}`);
    }
  });
});

describe('hostile text on a terminal', () => {
  const terminal = { env: { CRM_DB: '', NO_COLOR: '' }, columns: 100 };

  it('reaches the screen escaped, with crm colours only', async () => {
    for (const args of [['client', 'show', '1'], ['health', '1'], ['client', 'list', '--all'], ['remind', '--within', '400']]) {
      const result = await runInPty(args, [], { ...terminal, env: { ...terminal.env, CRM_DB: book.path } });
      expect(result.code, result.transcript).toBe(0);
      expect(result.raw).toMatch(OWN_CODES);
      expectShownNotObeyed(result.raw, `crm ${args.join(' ')} on a terminal`, { colour: true, terminal: true });
    }
  });

  it('shows names escaped in questions and choices', async () => {
    const remove = await runInPty(['client', 'remove', '1'], [{ waitFor: /\(y\/N\)/, send: `n${KEY.enter}` }], {
      ...terminal,
      env: { ...terminal.env, CRM_DB: book.path },
    });
    expect(remove.transcript).toContain('Delete Evil-client.name\\x1b]0;PWNED');
    const session = new PtySession(['log'], { ...terminal, env: { ...terminal.env, CRM_DB: book.path }, now: book.now });
    try {
      await session.expect('Which client?');
      await session.expect('INJECTED-client.name2');
      session.send(KEY.ctrlC);
      const log = await session.exit();
      for (const result of [remove, log]) {
        // The prompt library moves the cursor and clears lines itself: look for what the data carried.
        expect(result.raw).not.toMatch(/\x1b\]0;PWNED|\x1b\[2J|\x1b\[8m|[\x80-\x9f\u202e\u2066\u200b\ufeff]|\nINJECTED/);
      }
    } finally {
      session.kill();
    }
  });
});
