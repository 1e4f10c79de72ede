// The smaller items of issue 10, case 10: an answered bid in the user's words, client edit's help, dates that
// cannot be (a relationship begun in the future, a follow-up due before it was promised), a note when logging to an
// ended client, health --at as the portfolio stood then. In-process (helpers/in-process.ts).
// Today is 2026-11-23 (DEFAULT_NOW, 10:00 in Europe/Berlin).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TempBook, expectError, fileDigest } from '../helpers/cli.js';
import { inProcessBook } from '../helpers/in-process.js';

let book: TempBook;
beforeEach(() => {
  book = new TempBook();
});
afterEach(() => book.cleanup());
const { run, ok } = inProcessBook(() => book.path);

describe('smaller refusals and notes (case 10)', () => {
  it('a bid answered already says how and when, in local time', async () => {
    await ok('client', 'add', 'Acme');
    await ok('log', 'acme', '--from-client', '--bid', 'send the plan', '--at', '2026-11-22 09:00');
    await ok('bid', 'answer', '1', '--at', '2026-11-22 17:30');
    expectError(await run(['bid', 'answer', '1']), 2, /^crm: bid #1 was already answered \(turned toward\) on 2026-11-22 17:30$/);
    await ok('log', 'acme', '--from-client', '--bid', 'and the invoice', '--at', '2026-11-22 09:00');
    expectError(await run(['bid', 'answer', '2', '--at', '2026-11-21']), 2, /^crm: bid #2 was made on 2026-11-22 09:00: it cannot be answered before that$/);
  });

  it("client edit's help names no defaults (it keeps what is there); client add's does", async () => {
    const edit = (await ok('client', 'edit', '--help')).stdout;
    expect(edit).toMatch(/--cadence <days> +keep in touch every DAYS \(or 2w, 3d\)\n/);
    expect(edit).not.toMatch(/default/);
    const add = (await ok('client', 'add', '--help')).stdout.replace(/\s+/g, ' ');
    expect(add).toContain('when the relationship began (YYYY-MM-DD), default today');
    expect(add).toContain('(or 2w, 3d), default 30');
    expect(add).toContain('(or 12h, 2d), default 24');
  });

  it('refuses a relationship that begins in the future, when adding, editing or importing a client', async () => {
    expectError(await run(['client', 'add', 'Acme', '--since', '2027-01-01']), 2, /^crm: --since 2027-01-01 is in the future/);
    await ok('client', 'add', 'Acme', '--since', '2026-11-23');
    expectError(await run(['client', 'edit', 'acme', '--since', '2026-11-24']), 2, /--since 2026-11-24 is in the future/);
    writeFileSync(join(book.dir, 'clients.csv'), 'name,since\r\nLater,2027-01-01\r\n');
    expectError(await run(['import', join(book.dir, 'clients.csv')]), 2, /row 1\b.*since 2027-01-01 is in the future/);
  });

  it('refuses a follow-up due before it was promised, unless told it was missed already', async () => {
    await ok('client', 'add', 'Acme', '--since', '2026-01-01');
    const digest = fileDigest(book.path);
    expectError(
      await run(['followup', 'add', 'acme', '2026-11-20', 'send the plan']),
      2,
      /^crm: <when> 2026-11-20 is before today \(2026-11-23\): a follow-up is a promise still to keep; to record one already missed, add --force$/,
    );
    expectError(await run(['log', 'acme', '--follow-up', '2026-11-22']), 2, /--follow-up 2026-11-22 is before the interaction \(2026-11-23\)/);
    expect(fileDigest(book.path)).toBe(digest);
    expect((await ok('followup', 'add', 'acme', '2026-11-20', 'send the plan', '--force', '--json')).json()).toMatchObject({ due: '2026-11-20', overdue: true });
    // Logged afterwards: a promise made in that talk may be overdue by now.
    expect((await ok('log', 'acme', '--at', '2026-11-16', '--follow-up', '2026-11-20', '--json')).json().followUp).toMatchObject({ due: '2026-11-20' });
  });

  it('logging to an ended client, or promising it a follow-up, is kept with a note on how to reopen it', async () => {
    await ok('client', 'add', 'Cyberdyne Systems', '--since', '2026-01-01');
    await ok('client', 'end', 'cyberdyne', '--on', '2026-11-01');
    const note = "crm: note: Cyberdyne Systems' relationship ended on 2026-11-01, so crm shows no reminders or health for it; if you work together again: crm client reopen 1\n";
    expect((await ok('log', 'cyberdyne', '-m', 'final handover')).stderr).toMatch(new RegExp(`\\)\\.\\n${note.replace(/[.()?]/g, '\\$&')}$`));
    expect((await ok('followup', 'add', 'cyberdyne', '3d', 'send the invoice')).stderr).toContain(note);
    // History from before the end needs no note.
    expect((await ok('log', 'cyberdyne', '--at', '2026-10-20')).stderr).not.toContain('note');
  });

  it('health --at leaves out clients that had not begun, and shows those that had not ended yet', async () => {
    await ok('client', 'add', 'Early', '--since', '2025-01-01');
    await ok('client', 'add', 'Late', '--since', '2026-06-01');
    await ok('client', 'add', 'Gone', '--since', '2025-01-01');
    await ok('client', 'end', 'gone', '--on', '2026-09-01');
    const names = async (...args: string[]) => (await ok('health', '--json', ...args)).json<{ client: { name: string } }[]>().map((r) => r.client.name).sort();
    expect(await names()).toEqual(['Early', 'Late']);
    expect(await names('--at', '2026-01-01')).toEqual(['Early', 'Gone']);
    expect(await names('--at', '2026-07-01')).toEqual(['Early', 'Gone', 'Late']);
    expectError(await run(['health', 'late', '--at', '2026-01-01']), 2, /^crm: Late's relationship began on 2026-06-01, after 2026-01-01: there is no health to show as of then$/);
    expect((await ok('remind', '--all', '--json', '--at', '2026-01-01')).json<{ client: { name: string } }[]>().some((r) => r.client.name === 'Late')).toBe(false);
  });
});
