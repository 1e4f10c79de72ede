// Removing a row asks on a terminal and needs --yes without one; the built crm's exit codes for a refused and an
// unknown row. What only a process shows: the rest is in corrections.test.ts, in-process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TempBook, expectError, fileDigest } from '../helpers/cli.js';
import { KEY, runInPty } from '../helpers/pty.js';

let book: TempBook;
beforeAll(() => {
  book = new TempBook();
  book.ok(['client', 'add', 'Acme GmbH']);
  book.ok(['log', 'acme', '--at', '2026-11-20 14:00', '-m', 'test entry', '--bid', 'send the numbers?', '--follow-up', '3d']);
});
afterAll(() => book.cleanup());

describe('crm log remove on a terminal', () => {
  const terminal = () => ({ env: { CRM_DB: book.path }, now: book.now, columns: 200 });

  it('asks, naming what goes with it; no keeps the book as it was, yes removes it all', async () => {
    const before = fileDigest(book.path);
    const kept = await runInPty(['log', 'remove', '1'], [{ waitFor: /\?/, send: `n${KEY.enter}` }], terminal());
    expect(kept.code, kept.transcript).toBe(0);
    expect(kept.transcript).toContain('Remove interaction #1 (call with Acme GmbH on 2026-11-20 14:00: "test entry") with bid #1 and follow-up #1?');
    expect(kept.transcript).toContain('Nothing removed.');
    expect(fileDigest(book.path)).toBe(before);

    const removed = await runInPty(['log', 'remove', '1'], [{ waitFor: /\?/, send: `y${KEY.enter}` }], terminal());
    expect(removed.code, removed.transcript).toBe(0);
    expect(removed.transcript).toContain('Removed interaction #1 (call with Acme GmbH on 2026-11-20 14:00) with bid #1 and follow-up #1.');
    expect(book.ok(['bid', 'list', '--json']).json()).toEqual([]);
  });
});

describe('the built crm', () => {
  it('exits 2 for a removal without --yes off a terminal, 3 for an unknown row, and changes nothing', () => {
    const other = new TempBook();
    try {
      other.ok(['client', 'add', 'Acme GmbH']);
      other.ok(['log', 'acme', '--bid', 'another?']);
      const before = fileDigest(other.path);
      expectError(other.run(['bid', 'remove', '1']), 2, /removing bid #1 of Acme GmbH \("another\?"\): add --yes to confirm \(no terminal to ask on\)/);
      expectError(other.run(['log', 'edit', '9', '--tone', '1']), 3, /no interaction #9; crm log list shows the interactions with their ids$/);
      expect(fileDigest(other.path)).toBe(before);
    } finally {
      other.cleanup();
    }
  });
});
