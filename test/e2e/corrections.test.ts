// Issue 10, case 1: every row a user logs can be corrected or removed, each in one transaction, with --json, one-line
// errors (exit 2 bad input, 3 unknown id) and the id the message prints being the one the command takes. In-process
// (cli.ts main with captured streams, not a terminal): what a user sees, without a process per command. Today is
// 2026-11-23 10:00 in Europe/Berlin.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { crmInProcess, type InProcessRun } from '../helpers/in-process.js';

let dir: string;
let book: string;
let template: string;

function crm(...args: string[]): Promise<InProcessRun> {
  return crmInProcess(args, { db: book });
}

async function ok(...args: string[]): Promise<InProcessRun> {
  const result = await crm(...args);
  if (result.code !== 0) throw new Error(`crm ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result;
}

async function json<T = any>(...args: string[]): Promise<T> {
  return JSON.parse((await ok(...args, '--json')).stdout) as T;
}

/** A refusal: the code, one line on stderr matching `message`, nothing on stdout. */
function refused(result: InProcessRun, code: number, message: RegExp): void {
  expect(result.code, result.stderr).toBe(code);
  expect(result.stderr.split('\n').filter(Boolean), result.stderr).toHaveLength(1);
  expect(result.stderr).toMatch(/^crm: /);
  expect(result.stderr).toMatch(message);
  expect(result.stdout).toBe('');
}

/**
 * Acme, with history: interaction #1 (2026-11-02) carried bid #1 (open), a conflict on "deadlines", need of yours #1
 * (open). Globex has nothing. Made once; each test copies it.
 */
beforeAll(async () => {
  template = join(mkdtempSync(join(tmpdir(), 'crm-corrections-template-')), 'book.db');
  book = template;
  await ok('client', 'add', 'Acme GmbH', '--since', '2026-01-01', '--reply-within', '24h');
  await ok('client', 'add', 'Globex', '--since', '2026-01-01');
  await ok('log', 'acme', '--at', '2026-11-02 10:00', '--from-client', '--bid', 'send the Q3 numbers?', '--conflict', 'deadlines', '--voice', 'pay within 14 days');
});
afterAll(() => rmSync(join(template, '..'), { recursive: true, force: true }));
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'crm-corrections-'));
  book = join(dir, 'book.db');
  copyFileSync(template, book);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('crm bid edit|remove', () => {
  it('corrects a bid and its answer, or makes it open again', async () => {
    await ok('bid', 'answer', '1', '--at', '2026-11-03 10:00');
    const edited = await ok('bid', 'edit', '1', '--text', 'send the Q3 report', '--kind', 'request', '--against', '--answered-at', '2026-11-04 10:00');
    expect(edited.stderr).toBe('Updated bid #1 of Acme GmbH: text "send the Q3 report"; kind question → request; turned against; answered at 2026-11-04 10:00.\n');
    expect(await json('bid', 'edit', '1', '--open')).toMatchObject({ id: 1, status: 'overdue', response: null, answeredAt: null });
    refused(await crm('bid', 'edit', '1', '--open'), 2, /bid #1 is open already/);
    refused(await crm('bid', 'edit', '1', '--toward'), 2, /bid #1 is open: answer it with crm bid answer 1/);
    await ok('log', 'acme', '--at', '2026-11-05 10:00', '--answer', '1');
    refused(await crm('bid', 'edit', '1', '--answered-at', '2026-11-06'), 2, /bid #1 was answered in interaction #2: change its time there \(crm log edit 2 --at \.\.\.\)/);
    refused(await crm('bid', 'edit', '1', '--kind', 'wish'), 2, /argument 'wish' is invalid/);
    refused(await crm('bid', 'edit', '7', '--text', 'x'), 3, /no bid #7; see crm bid list/);
  });

  it('removes a bid, and a later bid given its id is reminded of, whatever the removed one was silenced as', async () => {
    expect((await json('remind', '--within', '30')).map((r: { key: string }) => r.key)).toContain('bid-unanswered:1');
    await ok('remind', 'done', 'bid-unanswered:1');
    refused(await crm('bid', 'remove', '1'), 2, /removing bid #1 of Acme GmbH \("send the Q3 numbers\?"\): add --yes to confirm/);
    expect((await ok('bid', 'remove', '1', '--yes')).stderr).toBe('Removed bid #1 of Acme GmbH ("send the Q3 numbers?").\n');
    expect(await json('bid', 'list')).toEqual([]);
    // SQLite gives the next bid the id of the removed one.
    expect((await json('log', 'acme', '--at', '2026-11-10', '--bid', 'a new question?')).bids[0].id).toBe(1);
    expect((await json('remind', '--within', '30')).map((r: { key: string }) => r.key)).toContain('bid-unanswered:1');
  });
});

describe('crm followup edit|remove', () => {
  it('moves a follow-up, rewords it, opens a done one again, removes one', async () => {
    await ok('followup', 'add', 'acme', '3d', 'send the quote');
    await ok('followup', 'done', '1');
    const edited = await ok('followup', 'edit', '1', '--due', '2026-12-01', '--text', 'send the signed quote', '--open');
    expect(edited.stderr).toBe('Updated follow-up #1 with Acme GmbH: due 2026-11-26 → 2026-12-01; text "send the signed quote"; open again.\n');
    expect(await json('followup', 'list')).toMatchObject([{ id: 1, due: '2026-12-01', done: false }]);
    refused(await crm('followup', 'edit', '1', '--open'), 2, /follow-up #1 is not done: it is open already/);
    refused(await crm('followup', 'edit', '1', '--due', 'someday'), 2, /--due "someday" is not a date/);
    expect(await json('followup', 'remove', '1', '--yes')).toMatchObject({ id: 1, removed: true });
    refused(await crm('followup', 'remove', '1', '--yes'), 3, /no follow-up #1/);
  });
});

describe('crm voice edit|remove', () => {
  it('rewords a need of yours, opens it again, moves one raised alone, removes one', async () => {
    await ok('voice', 'heard', '1', '--at', '2026-11-03');
    expect((await ok('voice', 'edit', '1', '--text', 'pay within 14 days, not 30', '--open')).stderr).toBe(
      'Updated need of yours #1 with Acme GmbH: text "pay within 14 days, not 30"; open again.\n',
    );
    refused(await crm('voice', 'edit', '1', '--at', '2026-11-01'), 2, /need of yours #1 was raised in interaction #1: change its time there/);
    await ok('voice', 'add', 'acme', 'feedback on the draft', '--at', '2026-11-10');
    await ok('voice', 'ignored', '2', '--at', '2026-11-12');
    refused(await crm('voice', 'edit', '2', '--at', '2026-11-13'), 2, /need of yours #2 was ignored on 2026-11-12 12:00: it cannot have been raised after that/);
    expect(await json('voice', 'edit', '2', '--at', '2026-11-09')).toMatchObject({ id: 2, raisedAt: '2026-11-09T11:00:00.000Z', outcome: 'ignored' });
    expect((await ok('voice', 'remove', '2', '--yes')).stderr).toBe('Removed need of yours #2 with Acme GmbH ("feedback on the draft").\n');
    refused(await crm('voice', 'remove', '2', '--yes'), 3, /no need of yours #2; see crm voice list/);
  });
});

describe('crm need list|edit|remove', () => {
  it('lists needs with their ids, corrects and removes one', async () => {
    await ok('log', 'acme', '--at', '2026-11-05', '--need', 'weekly status', '--goal', 'launch in Q1');
    expect(await json('need', 'list', 'acme')).toMatchObject([
      { id: 1, kind: 'need', text: 'weekly status', client: { id: 1, name: 'Acme GmbH' }, learnedAt: '2026-11-05T11:00:00.000Z' },
      { id: 2, kind: 'goal', text: 'launch in Q1' },
    ]);
    expect((await ok('need', 'list')).stdout).toMatch(/ID {2}LEARNED {5}CLIENT {5}KIND {2}TEXT\n {1}1 {2}2026-11-05 {2}Acme GmbH {2}need {2}weekly status\n/);
    expect((await ok('need', 'edit', '2', '--kind', 'preference', '--text', 'launch in Q2')).stderr).toBe(
      'Updated need #2 of Acme GmbH: text "launch in Q2"; goal → preference.\n',
    );
    expect((await ok('need', 'remove', '1', '--yes')).stderr).toBe('Removed need #1 of Acme GmbH ("weekly status").\n');
    expect((await json('client', 'show', 'acme')).needs).toMatchObject([{ id: 2, kind: 'preference', text: 'launch in Q2' }]);
    refused(await crm('need', 'edit', '1', '--text', 'x'), 3, /no need #1; see crm need list/);
    expect(await json('need', 'list', 'globex')).toEqual([]);
  });
});
