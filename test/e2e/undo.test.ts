// crm undo as a process: its exit code when there is nothing to undo (and no book made), and a change confirmed on a
// terminal undone. What it says, its JSON and its refusals are tested in process (test/unit/undo.test.ts), what it
// reverts table by table in test/store/journal.test.ts.
import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TempBook, expectError } from '../helpers/cli.js';
import { KEY, runInPty } from '../helpers/pty.js';

let book: TempBook;
beforeEach(() => {
  book = new TempBook();
});
afterEach(() => book.cleanup());

describe('crm undo', () => {
  it('nothing to undo: one line, exit 1, no book created', () => {
    expectError(book.run(['undo']), 1, /^crm: nothing to undo: the journal holds no change that is not undone yet \(crm undo --list\)$/);
    expectError(book.run(['undo', '--redo']), 1, /^crm: nothing to redo: no undo is left to revert$/);
    expect(existsSync(book.path)).toBe(false);
  });

  it('a removal confirmed on a terminal is one change, and undone whole', async () => {
    book.ok(['client', 'add', 'Acme', '--tag', 'vip']);
    book.ok(['log', 'acme', '-m', 'kick-off']);
    const before = book.ok(['export']).json().tables;
    const removed = await runInPty(['client', 'remove', 'acme'], [{ waitFor: /invoices\?/, send: `y${KEY.enter}` }], { env: { CRM_DB: book.path } });
    expect(removed.code, removed.transcript).toBe(0);
    expect(removed.transcript).toContain('Removed Acme (client #1) and its history.');
    expect(book.ok(['client', 'list', '--all', '--json']).json()).toEqual([]);
    expect(book.ok(['undo']).stderr).toBe('Undid #3 (2026-11-23 10:00): Removed Acme (client #1) and its history.\n');
    expect(book.ok(['export']).json().tables).toEqual(before);
  });
});
