// A command that reads the book sees one snapshot from its first read to its end: a write another crm commits
// meanwhile is seen wholly or not at all, in every table alike. And a read cannot write.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Context, type Streams } from '../../src/context.js';
import { addClient, countClients } from '../../src/store/clients.js';
import { openBook } from '../../src/store/open.js';

const NOW = Date.parse('2026-11-23T09:00:00Z');
let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'crm-context-'));
  path = join(dir, 'book.db');
  const { db } = openBook(path, { mode: 'write', now: NOW });
  addClient(db, { name: 'Acme', since: '2026-01-01', createdAt: NOW });
  db.close();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sink = { write: () => true };
const contextOn = (book: string) =>
  new Context({ stdout: sink, stderr: sink, stdin: {} } as unknown as Streams, { CRM_DB: book, CRM_NOW: '2026-11-23T09:00:00Z' }, () => ({}));

/** Another crm process: its own connection, committing a new client. */
function anotherCrmAdds(name: string): void {
  const { db } = openBook(path, { mode: 'write', now: NOW });
  addClient(db, { name, since: '2026-01-01', createdAt: NOW });
  db.close();
}

describe('a read', () => {
  it('sees the book as it was at its first read, whatever another crm commits meanwhile', () => {
    const ctx = contextOn(path);
    try {
      expect(countClients(ctx.book('read'))).toBe(1);
      anotherCrmAdds('Globex');
      expect(countClients(ctx.book('read'))).toBe(1);
      // A new command (a new run) sees the commit.
      const next = contextOn(path);
      expect(countClients(next.book('read'))).toBe(2);
      next.close();
    } finally {
      ctx.close();
    }
  });

  it('cannot write, and a command that goes on to write sees the latest book and writes', () => {
    const ctx = contextOn(path);
    try {
      const db = ctx.book('read');
      expect(() => addClient(db, { name: 'Initech', since: '2026-01-01', createdAt: NOW })).toThrow(/readonly|read-only|query_only/i);
      anotherCrmAdds('Globex');
      const writable = ctx.book('write');
      expect(countClients(writable)).toBe(2);
      addClient(writable, { name: 'Initech', since: '2026-01-01', createdAt: NOW });
    } finally {
      ctx.close();
    }
    const check = contextOn(path);
    expect(countClients(check.book('read'))).toBe(3);
    check.close();
  });

  it('of its own transactions (backup) gets the file read-only without a snapshot', () => {
    const ctx = contextOn(path);
    try {
      const db = ctx.book('read', { ownTransactions: true, readOnly: true });
      expect(db.inTransaction).toBe(false);
      expect(countClients(db)).toBe(1);
      anotherCrmAdds('Globex');
      expect(countClients(db)).toBe(2);
      expect(() => addClient(db, { name: 'Initech', since: '2026-01-01', createdAt: NOW })).toThrow(/readonly/i);
    } finally {
      ctx.close();
    }
  });

  it('of its own transactions that write (a dry run) gets a private copy: nothing reaches the file', () => {
    const ctx = contextOn(path);
    try {
      const db = ctx.book('read', { ownTransactions: true });
      expect(db.inTransaction).toBe(false);
      addClient(db, { name: 'Initech', since: '2026-01-01', createdAt: NOW });
      expect(countClients(db)).toBe(2);
    } finally {
      ctx.close();
    }
    const check = contextOn(path);
    expect(countClients(check.book('read'))).toBe(1);
    check.close();
  });
});

describe('a change to rows of the book (update)', () => {
  it('is one transaction until the command speaks or ends: an error before that undoes all of it', () => {
    const failing = contextOn(path);
    const db = failing.book('update');
    addClient(db, { name: 'Globex', since: '2026-01-01', createdAt: NOW });
    failing.close(); // the command failed
    const check = contextOn(path);
    expect(countClients(check.book('read'))).toBe(1);
    check.close();

    const speaking = contextOn(path);
    addClient(speaking.book('update'), { name: 'Globex', since: '2026-01-01', createdAt: NOW });
    speaking.info('Added Globex.'); // said: committed
    speaking.close();
    const after = contextOn(path);
    expect(countClients(after.book('read'))).toBe(2);
    after.close();
  });

  it('closes cleanly after a failure that left a statement iterating (no "connection is busy")', () => {
    const ctx = contextOn(path);
    const db = ctx.book('update');
    addClient(db, { name: 'Globex', since: '2026-01-01', createdAt: NOW });
    const rows = db.prepare('SELECT id FROM client').iterate();
    rows.next(); // a loop cut short by an error: never finished, never returned
    expect(() => ctx.close()).not.toThrow();
    const check = contextOn(path);
    expect(countClients(check.book('read'))).toBe(1);
    check.close();
  });
});
