// crm remind day to day (issue 10, cases 7 and 9): a missing book is loud, an empty one silent; suggestions wait for
// --all; remind done keeps a promise; suggested commands are short. In-process (helpers/in-process.ts);
// test/e2e/remind.test.ts spawns crm as cron would. Today is 2026-11-23 (DEFAULT_NOW, 10:00 in Europe/Berlin).
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TempBook, expectError } from '../helpers/cli.js';
import { inProcessBook } from '../helpers/in-process.js';

interface Reminder { key: string; kind: string; severity: string; action: string; message: string }

let book: TempBook;
beforeEach(() => {
  book = new TempBook();
});
afterEach(() => book.cleanup());
const { run, ok } = inProcessBook(() => book.path);

describe('crm remind, daily', () => {
  it('an existing book with nothing due stays silent, exit 0', async () => {
    writeFileSync(book.path, '');
    expect(await run(['remind'])).toMatchObject({ code: 0, stdout: '', stderr: '' });
    await ok('client', 'add', 'Acme');
    expect(await run(['remind'])).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  it('a missing book is one line and exit 4 for remind, its snooze and done, export and backup', async () => {
    const expected = (what: string) =>
      new RegExp(`^crm: no book at ${book.path} \\(set by CRM_DB; no book was made there yet\\): nothing to ${what}; set CRM_DB or --db$`);
    expectError(await run(['remind']), 4, expected('remind'));
    expectError(await run(['remind', '--json']), 4, expected('remind'));
    expectError(await run(['remind', '--ics']), 4, expected('remind'));
    expectError(await run(['remind', 'done', 'follow-up-due:1']), 4, expected('mark done'));
    expectError(await run(['remind', 'snooze', 'follow-up-due:1', '3d']), 4, expected('snooze'));
    expectError(await run(['export']), 4, expected('export'));
    expectError(await run(['backup', join(book.dir, 'copy.db')]), 4, expected('back up'));
    // The default book, under a HOME that does not exist.
    expectError(
      await run(['remind'], { CRM_DB: undefined, HOME: '/nonexistent/home', XDG_DATA_HOME: undefined }),
      4,
      /^crm: no book at \/nonexistent\/home\/\.local\/share\/crm\/crm\.db \(the default for HOME=\/nonexistent\/home, which does not exist\): nothing to remind/,
    );
    expect(existsSync(book.path)).toBe(false);
  });

  it('shows what needs doing; the suggestions for when you can wait for --all, counted on stderr', async () => {
    await run(['client', 'add', 'Acme', '--since', '2025-01-01'], { CRM_NOW: '2025-01-01T09:00:00Z' });
    await ok('log', 'acme', '--at', '2026-11-20');
    await ok('invoice', 'add', 'acme', '1200', '--issued', '2026-09-01', '--due', '2026-10-01'); // 53 days overdue
    const text = await ok('remind');
    const all = (await ok('remind', '--json')).json<Reminder[]>();
    const suggestions = all.filter((r) => r.severity === 'info');
    expect(suggestions.length).toBeGreaterThan(1); // appreciation, goals, feedback never asked
    expect(text.stdout).toMatch(/^Urgent \(1\)\n/);
    expect(text.stdout).not.toContain('When you can');
    expect(text.stderr).toBe(`and ${suggestions.length} suggestions for when you can: crm remind --all\n`);
    const everything = await ok('remind', '--all');
    expect(everything.stdout).toContain(`When you can (${suggestions.length})`);
    expect(everything.stderr).toBe('');
    // The hint repeats what narrowed the run; -q silences it.
    expect((await ok('remind', '--within', '14', '--client', 'acme')).stderr).toMatch(/: crm remind --all --within 14 --client acme\n$/);
    expect((await ok('-q', 'remind')).stderr).toBe('');
    // With only suggestions waiting, cron gets nothing at all.
    await ok('invoice', 'pay', 'INV-1');
    expect(await run(['remind'])).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect((await ok('remind', '--json')).json<Reminder[]>().length).toBe(suggestions.length);
  });

  it('remind done on a follow-up keeps the promise: the follow-up is done, not just hidden', async () => {
    await ok('client', 'add', 'Acme');
    await ok('followup', 'add', 'acme', 'today', 'send the plan');
    expect((await ok('remind', '--json')).json<Reminder[]>().map((r) => r.key)).toEqual(['follow-up-due:1']);
    const done = await ok('remind', 'done', 'follow-up-due:1');
    expect(done.stderr).toBe('Follow-up #1 with Acme done: "send the plan".\n');
    expect((await ok('followup', 'list', '--all', '--json')).json()).toMatchObject([{ id: 1, done: true, doneAt: '2026-11-23T09:00:00.000Z' }]);
    expect((await ok('remind', '--json')).json()).toEqual([]);
    // Nothing was silenced: the follow-up itself is done.
    expect((await ok('export')).json().tables.reminder_state).toEqual([]);
    await ok('followup', 'add', 'acme', 'today', 'call back');
    const json = (await ok('remind', 'done', 'follow-up-due:2', '--json')).json();
    expect(json).toMatchObject({ key: 'follow-up-due:2', state: 'done', followUp: { id: 2, done: true } });
  });

  it('suggests short commands: a plain name, else the id, never a quoted name', async () => {
    await ok('client', 'add', "Jane O'Brien Photography", '--reply-within', '4h');
    await ok('client', 'add', 'Cyberdyne Systems', '--reply-within', '4h');
    await ok('client', 'add', 'Hooli', '--reply-within', '4h');
    for (const client of ['jane', 'cyberdyne', 'hooli']) await ok('log', client, '--from-client', '--bid', 'call me?', '--at', '2026-11-20');
    await ok('invoice', 'add', 'cyberdyne', '900', '--issued', '2026-10-01', '--due', '2026-10-20');
    const reminders = (await ok('remind', '--json')).json<Reminder[]>();
    const action = (key: string) => reminders.find((r) => r.key === key)!.action;
    expect(action('bid-unanswered:1')).toBe('Answer Jane O\'Brien Photography, then crm bid answer 1 (or crm log 1 --answer 1)');
    expect(action('bid-unanswered:2')).toMatch(/\(or crm log 2 --answer 2\)$/);
    expect(action('bid-unanswered:3')).toMatch(/\(or crm log Hooli --answer 3\)$/);
    expect(reminders.map((r) => r.action).join('\n')).not.toContain(`'\\''`);
    // English possessives: "Cyberdyne Systems'", not "Systems's".
    const messages = reminders.map((r) => r.message).join('\n');
    expect(messages).toContain("Cyberdyne Systems' invoice INV-1 is 34 days overdue");
    expect(messages).toContain("Cyberdyne Systems' question");
    expect(messages).not.toContain("s's");
    expect((await ok('health', 'cyberdyne', '--json')).json().actions.join('\n')).toContain("Answer Cyberdyne Systems' question");
  });
});
