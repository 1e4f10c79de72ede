// crm remind --ics, crm followup list --ics and shell completion, end to end through the built binary.
// The feeds are read back with a real iCalendar parser (ical.js); the completion scripts are run by the
// real shells where they are installed. Today is 2026-11-23 (CRM_NOW), in Europe/Berlin.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, DEFAULT_NOW, TempBook, expectError } from '../helpers/cli.js';
import { parseIcs } from '../helpers/ics.js';

interface Reminder { key: string; client: { id: number; name: string }; kind: string; severity: string; date: string; message: string; action: string }
interface FollowUp { id: number; client: { id: number; name: string }; due: string; text: string; done: boolean }

const TODAY = DEFAULT_NOW.slice(0, 10);
const DAY_MS = 86_400_000;
const daysAgo = (n: number) => new Date(Date.parse(`${TODAY}T00:00:00Z`) - n * DAY_MS).toISOString().slice(0, 10);
const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
const TOMORROW_NOW = new Date(Date.parse(DEFAULT_NOW) + DAY_MS).toISOString();

let book: TempBook;
let shims: string;

/** The VEVENTs of a feed, as ical.js reads them. */
function events(text: string) {
  const { calendar, events: parsed } = parseIcs(text);
  expect(calendar.name).toBe('vcalendar');
  expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
  return parsed;
}

/** Every line break is CRLF, and no physical line is longer than 75 octets. */
function expectRfc5545Lines(text: string): void {
  expect(text.endsWith('\r\n')).toBe(true);
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
}

const uidOf = (key: string) => `${key.replace(/[^A-Za-z0-9@._:-]/g, (c) => encodeURIComponent(c))}@crm`;

beforeAll(() => {
  book = new TempBook();
  const ok = (...args: string[]) => book.ok(args);
  ok('client', 'add', 'Acme GmbH', '--since', '2025-01-01', '--reply-within', '24h');
  ok('log', 'acme', '--tone', '1', '--appreciation', 'thanks', '--feedback', '--goal', 'grow', '--at', daysAgo(2));
  ok('invoice', 'add', 'acme', '1200', '--issued', daysAgo(80), '--due', daysAgo(50));
  ok('log', 'acme', '--from-client', '--bid', 'can you send the Q3 numbers?', '--at', daysAgo(3));
  ok('client', 'add', 'alpha', '--since', '2025-01-01', '--cadence', '30');
  ok('log', 'alpha', '--tone', '1', '--at', daysAgo(45));
  ok('client', 'add', 'Globex', '--since', daysAgo(4));
  ok('followup', 'add', 'acme', TODAY, 'send the plan; and the numbers, too');
  ok('followup', 'add', 'globex', '10d', 'check in after the launch — über alles 😀');
  ok('followup', 'add', 'alpha', '3d', 'done already');
  ok('followup', 'done', '3');

  // A `crm` on PATH for the completion scripts, which call `crm __complete`.
  shims = mkdtempSync(join(tmpdir(), 'crm-shims-'));
  writeFileSync(join(shims, 'crm'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(shims, 'crm'), 0o755);
});
afterAll(() => {
  book.cleanup();
  rmSync(shims, { recursive: true, force: true });
});

describe('crm remind --ics', () => {
  it('prints one all-day event per reminder, on its date, with a UID from its key', () => {
    const reminders = book.ok(['remind', '--within', '30', '--json']).json<Reminder[]>();
    expect(reminders.length).toBeGreaterThan(2);
    const feed = book.ok(['remind', '--within', '30', '--ics']).stdout;
    expectRfc5545Lines(feed);
    expect(feed).toContain('PRODID:-//crm//crm//EN\r\n');
    expect(feed).toContain('DTSTAMP:20261123T090000Z\r\n');
    const parsed = events(feed);
    expect(parsed).toHaveLength(reminders.length);
    parsed.forEach((event, i) => {
      const reminder = reminders[i]!;
      expect(event).toMatchObject({
        uid: uidOf(reminder.key),
        start: reminder.date,
        end: nextDay(reminder.date),
        allDay: true,
        summary: reminder.message,
        categories: [reminder.severity, reminder.kind],
      });
      expect(event.description).toContain(reminder.action);
      expect(event.description).toContain(reminder.key);
    });
    expect(parsed.find((e) => e.uid === 'invoice-overdue:INV-1@crm')).toMatchObject({ start: daysAgo(50) });
  });

  it('keeps UIDs stable across runs and across days, so a re-import updates instead of duplicating', () => {
    const first = book.ok(['remind', '--ics']).stdout;
    expect(book.ok(['remind', '--ics']).stdout).toBe(first);
    const today = events(first);
    const tomorrow = events(book.ok(['remind', '--ics'], { now: TOMORROW_NOW }).stdout);
    const overdue = (list: typeof today) => list.find((e) => e.uid === 'invoice-overdue:INV-1@crm');
    expect(overdue(today)).toBeDefined();
    expect(overdue(tomorrow)).toMatchObject({ start: overdue(today)!.start });
    // The same reminder on another day: the same UID, whatever the message now says.
    const keysTomorrow = book.ok(['remind', '--json'], { now: TOMORROW_NOW }).json<Reminder[]>().map((r) => r.key);
    for (const event of today) if (keysTomorrow.includes(event.uid.replace(/@crm$/, ''))) expect(tomorrow.map((e) => e.uid)).toContain(event.uid);
  });

  it('follows --client and --within like the list does', () => {
    const acme = book.ok(['remind', '--within', '30', '--client', 'acme', '--json']).json<Reminder[]>();
    const parsed = events(book.ok(['remind', '--within', '30', '--client', 'acme', '--ics']).stdout);
    expect(parsed.map((e) => e.uid)).toEqual(acme.map((r) => uidOf(r.key)));
  });

  it('prints a valid empty calendar when nothing is due; no book is an error (exit 4), not an empty feed', () => {
    const empty = new TempBook();
    try {
      expect(empty.run(['remind', '--ics'])).toMatchObject({ code: 4, stdout: '' });
      empty.ok(['config', 'set', 'invoice.currency', 'USD']);
      const result = empty.run(['remind', '--ics']);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expectRfc5545Lines(result.stdout);
      expect(result.stdout).toMatch(/^BEGIN:VCALENDAR\r\n[\s\S]*END:VCALENDAR\r\n$/);
      expect(events(result.stdout)).toEqual([]);
      expect(events(empty.ok(['followup', 'list', '--ics']).stdout)).toEqual([]);
    } finally {
      empty.cleanup();
    }
  });

  it('refuses --ics with --json or --ndjson (exit 2)', () => {
    expectError(book.run(['remind', '--ics', '--json']), 2, /--ics/);
    expectError(book.run(['remind', '--ics', '--ndjson']), 2, /--ics/);
    expectError(book.run(['followup', 'list', '--ics', '--json']), 2, /--ics/);
  });
});

describe('crm followup list --ics', () => {
  it('prints one all-day event per open follow-up, with a stable UID', () => {
    const open = book.ok(['followup', 'list', '--json']).json<FollowUp[]>();
    expect(open).toHaveLength(2);
    const feed = book.ok(['followup', 'list', '--ics']).stdout;
    expectRfc5545Lines(feed);
    const parsed = events(feed);
    expect(parsed).toEqual(
      open.map((f) => expect.objectContaining({
        uid: `followup-${f.id}@crm`,
        start: f.due,
        end: nextDay(f.due),
        allDay: true,
        summary: `Follow up with ${f.client.name}: ${f.text}`,
        categories: ['follow-up'],
      })),
    );
    expect(parsed[1]!.summary).toBe('Follow up with Globex: check in after the launch — über alles 😀');
    expect(book.ok(['followup', 'list', '--ics'], { now: TOMORROW_NOW }).stdout.replace(/DTSTAMP:\S+/g, '')).toBe(
      feed.replace(/DTSTAMP:\S+/g, ''),
    );
  });
});

describe('crm completion', () => {
  const complete = (...words: string[]) => {
    const result = book.run(['__complete', ...words]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    return result.stdout.split('\n').filter(Boolean);
  };
  const hasShell = (shell: string) => spawnSync(shell, ['-c', 'exit 0']).status === 0;

  it.each(['bash', 'zsh', 'fish'])('prints a %s script the shell accepts', (shell) => {
    const result = book.run(['completion', shell]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('__complete');
    expect(result.stdout).toContain(shell === 'zsh' ? 'compdef' : 'complete');
    if (hasShell(shell)) {
      const file = join(shims, `crm.${shell}`);
      writeFileSync(file, result.stdout);
      const check = spawnSync(shell, ['-n', file], { encoding: 'utf8' });
      expect(check.status, check.stderr).toBe(0);
    }
  });

  it('refuses an unknown shell with exit 2', () => {
    expectError(book.run(['completion', 'powershell']), 2, /bash, zsh, fish/);
  });

  it('keeps __complete out of the help', () => {
    expect(book.ok(['--help']).stdout).not.toContain('__complete');
    expect(book.ok(['--help']).stdout).toContain('completion');
  });

  it('completes top-level commands, then subcommands and aliases', () => {
    expect(complete('')).toEqual(expect.arrayContaining(['client', 'log', 'health', 'remind', 'followup', 'completion']));
    expect(complete('')).not.toContain('__complete');
    expect(complete('he')).toEqual(['health', 'help']);
    expect(complete('client', '')).toEqual(expect.arrayContaining(['add', 'list', 'ls', 'show', 'edit', 'end', 'reopen', 'remove']));
    expect(complete('followup', 'l')).toEqual(['list', 'ls']);
  });

  it('completes flags of the command and the global ones', () => {
    const log = complete('log', '--');
    expect(log).toEqual(expect.arrayContaining(['--channel', '--bid', '--tone', '--answer', '--help', '--db', '--quiet']));
    expect(log.every((f) => f.startsWith('--'))).toBe(true);
    expect(complete('log', 'acme', '--ch')).toEqual(['--channel']);
    expect(complete('remind', '--i')).toEqual(['--ics']);
    expect(complete('followup', 'list', '--')).toContain('--ics');
    expect(complete('--', 'log', '--ch')).toEqual(['--channel']); // the scripts' separator
  });

  it('completes the voice noun, its subcommands, and the flags for your own needs and the last contact', () => {
    expect(complete('vo')).toEqual(['voice']);
    expect(complete('voice', '')).toEqual(expect.arrayContaining(['list', 'ls', 'heard', 'ignored', 'add']));
    expect(complete('voice', 'add', 'gl')).toEqual(['Globex']);
    expect(complete('voice', 'list', 'a')).toEqual(['Acme GmbH', 'alpha']);
    expect(complete('voice', 'heard', '')).toEqual([]); // an id, not a client
    expect(complete('voice', 'ignored', '--')).toEqual(expect.arrayContaining(['--at', '--json']));
    expect(complete('log', 'acme', '--vo')).toEqual(['--voice']);
    expect(complete('log', 'acme', '--hea')).toEqual(['--heard']);
    expect(complete('client', 'add', 'Initech', '--last')).toEqual(['--last-contact']);
    expect(complete('client', 'edit', 'acme', '--la')).toEqual(['--last-contact']);
  });

  it('completes flag values from their choices', () => {
    expect(complete('log', 'acme', '--channel', '')).toEqual(['call', 'meeting', 'video', 'email', 'chat', 'in-person', 'other']);
    // crm log list takes its own flags, not those of crm log (--summary...); the global ones still
    expect(complete('log', 'list', '--s')).toEqual(['--since']);
    expect(complete('log', 'list', '--d')).toEqual(['--db', '--debug']);
    expect(complete('invoice', 'list', '--status', 'o')).toEqual(['open', 'overdue']);
  });

  it('completes client names where a client comes next, names with spaces whole', () => {
    // crm log takes a client, or one of its subcommands (crm log edit 17).
    expect(complete('log', '')).toEqual(expect.arrayContaining(['list', 'ls', 'edit', 'remove', 'Acme GmbH', 'alpha', 'Globex']));
    expect(complete('log', 'a')).toEqual(['Acme GmbH', 'alpha']);
    expect(complete('log', 'ed')).toEqual(['edit']);
    expect(complete('client', 'show', '')).toEqual(['Acme GmbH', 'alpha', 'Globex']);
    expect(complete('health', 'a')).toEqual(['Acme GmbH', 'alpha']);
    expect(complete('health', 'ACME ')).toEqual(['Acme GmbH']);
    expect(complete('remind', '--client', 'g')).toEqual(['Globex']);
    expect(complete('followup', 'list', '--client=a')).toEqual(['--client=Acme GmbH', '--client=alpha']);
    expect(complete('log', '--tone', '1', 'gl')).toEqual(['Globex']);
    // After the client, the next argument is not a client.
    expect(complete('followup', 'add', 'acme', '')).toEqual([]);
    expect(complete('log', 'acme', '')).toEqual([]);
  });

  it('gives no names, and no error, without a book; reads the book of --db', () => {
    const missing = new TempBook();
    try {
      expect(missing.run(['__complete', 'log', 'a'])).toEqual(expect.objectContaining({ code: 0, stdout: '', stderr: '' }));
      expect(missing.run(['__complete', '--', '--db', book.path, 'log', 'gl']).stdout).toBe('Globex\n');
      expect(missing.run(['__complete', '--', '--db', join(missing.dir, 'nope.db'), 'log', 'a']).stdout).toBe('');
    } finally {
      missing.cleanup();
    }
  });

  it('prints nothing and exits 0 on a file that is not a book', () => {
    const notBook = join(shims, 'not-a-book.db');
    writeFileSync(notBook, 'hello');
    const result = book.run(['__complete', 'log', ''], { env: { CRM_DB: notBook } });
    expect(result).toMatchObject({ code: 0, stdout: '' });
  });

  const env = () => ({ ...process.env, PATH: `${shims}:${process.env.PATH}`, CRM_DB: book.path, CRM_NOW: DEFAULT_NOW, TZ: 'Europe/Berlin' });

  it.runIf(hasShell('bash'))('drives the real bash completion function', () => {
    const script = book.ok(['completion', 'bash']).stdout;
    const reply = (...words: string[]) => {
      const result = spawnSync(
        'bash',
        ['-c', `${script}\nCOMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); _crm_completion; printf '%s\\n' "\${COMPREPLY[@]}"`, 'bash', ...words],
        { encoding: 'utf8', env: env() },
      );
      expect(result.status, result.stderr).toBe(0);
      return result.stdout.split('\n').filter(Boolean);
    };
    expect(reply('crm', '')).toEqual(expect.arrayContaining(['client', 'log', 'health']));
    expect(reply('crm', 'client', 'sh')).toEqual(['show']);
    expect(reply('crm', 'log', 'a')).toEqual(['Acme\\ GmbH', 'alpha']);
    expect(reply('crm', 'log', 'ed')).toEqual(['edit']);
    expect(reply('crm', 'health', 'a')).toEqual(['Acme\\ GmbH', 'alpha']);
    expect(reply('crm', 'health', '"Acme G')).toEqual(['Acme GmbH']); // inside a quote, readline closes it
    expect(reply('crm', 'log', 'Acme\\ G')).toEqual(['Acme\\ GmbH']);
    expect(reply('crm', 'log', '"Acme GmbH"', '--ch')).toEqual(['--channel']);
    expect(reply('crm', 'log', '--')).toContain('--bid');
  });

  it.runIf(hasShell('zsh'))('drives the zsh completion function (compadd stubbed)', () => {
    const script = book.ok(['completion', 'zsh']).stdout;
    const result = spawnSync(
      'zsh',
      ['-f', '-c', `compdef() { print -r -- "compdef $*" }\n${script}\ncompadd() { shift 2; print -rl -- "$@" }\nwords=(crm health a); CURRENT=3; PREFIX=a; _crm`],
      { encoding: 'utf8', env: env() },
    );
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.split('\n').filter(Boolean)).toEqual(['compdef _crm crm', 'Acme GmbH', 'alpha']);
  });

  it.runIf(hasShell('fish'))('drives the fish completion', () => {
    const script = book.ok(['completion', 'fish']).stdout;
    const result = spawnSync('fish', ['-c', `${script}\ncomplete -C 'crm health a'; echo ==; complete -C 'crm client sh'`], {
      encoding: 'utf8',
      env: env(),
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.split('\n').filter(Boolean)).toEqual(['Acme GmbH', 'alpha', '==', 'show']);
  });
});
