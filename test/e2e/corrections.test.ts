// Issue 10, case 1: every row a user logs can be corrected or removed, each in one transaction, with --json, one-line
// errors (exit 2 bad input, 3 unknown id) and the id the message prints being the one the command takes. In-process
// (cli.ts main with captured streams, not a terminal): what a user sees, without a process per command. Today is
// 2026-11-23 10:00 in Europe/Berlin.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkBookRows } from '../../src/store/dump.js';
import { crmInProcess, refused, type InProcessRun } from '../helpers/in-process.js';

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;

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

/** Everything a user can see of the book: lists, the client's card, its health and the reminders. */
async function seen(): Promise<Record<string, unknown>> {
  return {
    card: await json('client', 'show', 'acme'),
    health: await json('health', 'acme'),
    bids: await json('bid', 'list'),
    topics: await json('topic', 'list'),
    voices: await json('voice', 'list'),
    needs: await json('need', 'list'),
    followUps: await json('followup', 'list', '--all'),
    invoices: await json('invoice', 'list'),
    reminders: await json('remind', '--within', '30'),
  };
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

describe('crm log remove', () => {
  it('takes a test entry out of the book whole: scores, lists and reminders are as before it', async () => {
    const before = await seen();
    const logged = await json(
      'log', 'acme', '--at', '2026-11-20 14:00', '-m', 'test entry', '--tone', '2', '--answer', '1', '--heard', '1',
      '--bid', 'a test bid', '--complaint', 'a test complaint', '--conflict', 'deadlines', '--conflict', 'scope',
      '--appreciation', 'gift', '--client-appreciation', 'referral', '--need', 'a test need', '--goal', 'a test goal',
      '--follow-up', '3d', '--voice', 'a test voice', '--feedback', '--horseman', 'criticism',
    );
    expect(logged.id).toBe(2);
    expect(await seen()).not.toEqual(before);

    // Without a terminal and without --yes: refused, saying what would go, and nothing goes.
    refused(
      await crm('log', 'remove', '2'),
      2,
      /removing interaction #2 \(call with Acme GmbH on 2026-11-20 14:00: "test entry"\) also removes bid #2, bid #3, the conflict raised on "scope", the appreciation shown \(gift\), the appreciation received \(referral\), need #1, need #2, follow-up #1 and need of yours #2; open again: bid #1 \(answered in it\) and need of yours #1 \(heard in it\): add --yes to confirm/,
    );
    const removed = await ok('log', 'remove', '2', '--yes');
    expect(removed.stdout).toBe('');
    expect(removed.stderr).toBe(
      'Removed interaction #2 (call with Acme GmbH on 2026-11-20 14:00) with bid #2, bid #3, the conflict raised on "scope", ' +
        'the appreciation shown (gift), the appreciation received (referral), need #1, need #2, follow-up #1 and need of yours #2 ' +
        '(topic "scope" removed: raised nowhere else); open again: bid #1 (answered in it) and need of yours #1 (heard in it).\n',
    );
    expect(await seen()).toEqual(before);
    refused(await crm('log', 'remove', '2', '--yes'), 3, /no interaction #2; crm log list shows the interactions with their ids\n$/);
  });

  it('prints the removed interaction with what went and what is open again, as JSON', async () => {
    await ok('log', 'acme', '--at', '2026-11-20 14:00', '--answer', '1', '--bid', 'b', '--follow-up', '3d');
    const removed = await json('log', 'rm', '2', '--yes');
    expect(removed).toMatchObject({
      id: 2,
      client: { id: 1, name: 'Acme GmbH' },
      at: '2026-11-20T13:00:00.000Z',
      removed: true,
      bids: [{ id: 2, text: 'b', status: 'overdue' }],
      answeredBids: [{ id: 1, status: 'overdue', response: null, answeredAt: null, answerInteractionId: null }],
      followUps: [{ id: 1, due: '2026-11-26' }],
      conflicts: [],
      removedTopics: [],
    });
  });

  it('keeps what the book cannot tell apart: needs logged at an instant two interactions share, a repair of an earlier conflict', async () => {
    await ok('log', 'acme', '--at', '2026-11-20', '--need', 'weekly status');
    await ok('log', 'acme', '--at', '2026-11-20', '--need', 'a call on Mondays', '--repair');
    expect((await ok('log', 'remove', '3', '--yes')).stderr).toBe(
      'Removed interaction #3 (call with Acme GmbH on 2026-11-20 12:00); ' +
        'the conflict it noted a repair on stays repaired (the book does not record which one).\n',
    );
    expect((await json('need', 'list')).map((n: { text: string }) => n.text)).toEqual(['weekly status', 'a call on Mondays']);
    expect((await json('topic', 'list'))[0]).toMatchObject({ topic: 'deadlines', repaired: true });
    // Alone at its instant again, interaction #2 is known to have carried both.
    expect((await json('log', 'remove', '2', '--yes')).needs).toHaveLength(2);
  });

  it('refuses an unknown id without creating a book that is not there (exit 3)', async () => {
    const missing = join(dir, 'none.db');
    for (const args of [['log', 'remove', '1', '--yes'], ['log', 'remove', '1'], ['bid', 'edit', '1', '--open'], ['invoice', 'unpay', 'INV-1']]) {
      refused(await crmInProcess(args, { db: missing }), 3, /^crm: no (interaction #1|bid #1|invoice "INV-1")/);
    }
    expect(existsSync(missing)).toBe(false);
  });

  it('refuses an id that is not an id (exit 2)', async () => {
    refused(await crm('log', 'remove', 'acme', '--yes'), 2, /interaction "acme" is not an id such as 12/);
  });
});

describe('crm log edit', () => {
  it('corrects how it went, and the client card and the score follow', async () => {
    const scoreBefore = (await json('health', 'acme')).score;
    const edited = await json(
      'log', 'edit', '1', '--channel', 'meeting', '--from-me', '--tone', '2', '-m', 'kick-off', '--feedback', '--horseman', 'contempt',
    );
    expect(edited).toMatchObject({
      id: 1, channel: 'meeting', fromClient: false, tone: 2, summary: 'kick-off', feedback: true, horsemen: ['contempt'],
      changed: ['channel', 'fromClient', 'tone', 'summary', 'horsemen', 'feedback'],
    });
    expect((await json('client', 'show', 'acme')).latestInteractions[0]).toMatchObject({ channel: 'meeting', tone: 2, summary: 'kick-off' });
    expect((await json('health', 'acme')).score).not.toBe(scoreBefore);

    const cleared = await ok('log', 'edit', '1', '-m', '', '--no-horsemen', '--no-feedback');
    expect(cleared.stderr).toBe(
      'Updated interaction #1 (meeting with Acme GmbH on 2026-11-02 10:00): summary cleared; no horsemen; no feedback.\n',
    );
    expect(await json('log', 'edit', '1', '--tone', '2')).toMatchObject({ summary: null, horsemen: [], feedback: false, changed: [] });
    expect((await ok('log', 'edit', '1', '--tone', '2')).stderr).toBe('Interaction #1 (meeting with Acme GmbH on 2026-11-02 10:00) already says that: nothing changed.\n');
  });

  it('moves what was said in it with its time, and refuses a time that would put an answer before its question', async () => {
    await ok('log', 'acme', '--at', '2026-11-05 09:00', '--need', 'weekly status', '--appreciation', 'thanks');
    await ok('bid', 'answer', '1', '--at', '2026-11-06 09:00');
    const moved = await ok('log', 'edit', '1', '--at', '2026-11-03 08:30');
    expect(moved.stderr).toBe(
      'Updated interaction #1 (call with Acme GmbH on 2026-11-03 08:30): moved to 2026-11-03 08:30 with bid #1, ' +
        'the conflict raised on "deadlines" and need of yours #1.\n',
    );
    const [bid] = await json('bid', 'list');
    expect(bid).toMatchObject({ id: 1, at: '2026-11-03T07:30:00.000Z', answeredAt: '2026-11-06T08:00:00.000Z' });
    expect((await json('topic', 'list'))[0]).toMatchObject({ lastRaised: '2026-11-03T07:30:00.000Z' });
    expect((await json('voice', 'list'))[0]).toMatchObject({ raisedAt: '2026-11-03T07:30:00.000Z' });

    // Interaction #2's need and appreciation move with it too.
    const second = await json('log', 'edit', '2', '--at', '2026-11-04 12:00');
    expect(second).toMatchObject({ needs: [{ id: 1, learnedAt: '2026-11-04T11:00:00.000Z' }], appreciations: [{ at: '2026-11-04T11:00:00.000Z' }] });

    refused(
      await crm('log', 'edit', '1', '--at', '2026-11-07'),
      2,
      /bid #1, made in interaction #1, was answered on 2026-11-06 09:00: interaction #1 cannot move after that; change the answer first \(crm bid edit 1 --answered-at \.\.\.\)/,
    );
    refused(await crm('log', 'edit', '1', '--at', 'tomorrow'), 2, /--at tomorrow is in the future/);
    await ok('log', 'acme', '--at', '2026-11-08 10:00', '--voice', 'respect my hours', '--bid', 'call us?');
    await ok('log', 'acme', '--at', '2026-11-09 10:00', '--answer', '2', '--heard');
    refused(await crm('log', 'edit', '4', '--at', '2026-11-07'), 2, /interaction #4 answered bid #2, made on 2026-11-08 10:00: it cannot move before that/);
    await ok('bid', 'edit', '2', '--open');
    refused(await crm('log', 'edit', '4', '--at', '2026-11-07'), 2, /interaction #4 heard need of yours #2, raised on 2026-11-08 10:00: it cannot move before that/);
    expect((await json('bid', 'list'))[0].at).toBe('2026-11-03T07:30:00.000Z');
  });

  it('changes the conflict raised in it, its repair and the appreciation shown', async () => {
    const moved = await ok('log', 'edit', '1', '--conflict', 'Scope creep', '--repair', '--appreciation', 'gift');
    expect(moved.stderr).toBe(
      'Updated interaction #1 (call with Acme GmbH on 2026-11-02 10:00): repair noted; conflict on "Scope creep" ' +
        '(topic "deadlines" removed: raised nowhere else); appreciation shown: gift.\n',
    );
    expect(await json('topic', 'list')).toMatchObject([{ topic: 'Scope creep', timesRaised: 1, repaired: true, state: 'managed' }]);
    const none = await json('log', 'edit', '1', '--no-conflict', '--no-appreciation', '--client-appreciation', 'thanks');
    expect(none).toMatchObject({ conflicts: [], appreciations: [{ direction: 'from-client', kind: 'thanks' }], changed: ['conflicts', 'appreciations'] });
    expect(await json('topic', 'list')).toEqual([]);
  });

  it('refuses nothing to change, unknown ids, bad values and flags of crm log it does not take', async () => {
    refused(await crm('log', 'edit', '1'), 2, /nothing to change: give at least one flag/);
    refused(await crm('log', 'edit', '9', '--tone', '1'), 3, /no interaction #9; crm log list shows the interactions with their ids\n$/);
    refused(await crm('log', 'edit', '1', '--tone', '3'), 2, /--tone "3" must be a whole number from -2 to 2/);
    refused(await crm('log', 'edit', '1', '--from-client', '--from-me'), 2, /--from-client and --from-me cannot be used together/);
    refused(await crm('log', 'edit', '1', '--bid', 'more'), 2, /unknown option '--bid'$/m);
    refused(await crm('log', 'edit', '1', '-m', 'a\u001b[31mb'), 2, /--summary contains a control character/);
    // crm log itself still takes its flags after the client.
    expect(await json('log', 'acme', '--tone', '1')).toMatchObject({ id: 2, tone: 1 });
  });
});

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

describe('crm invoice edit|unpay|unvoid', () => {
  it('corrects an invoice until it is paid, then says to remove the payment first', async () => {
    await ok('invoice', 'add', 'acme', '1500', '--issued', '2026-10-01');
    expect((await ok('invoice', 'edit', 'inv-1', '--amount', '1200', '--due', '2026-11-30')).stderr).toBe(
      'Updated INV-1 of Acme GmbH: amount €1,500.00 → €1,200.00; due 2026-10-31 → 2026-11-30.\n',
    );
    refused(await crm('invoice', 'edit', 'INV-1', '--currency', 'JPY'), 2, /--currency JPY: give --amount too \(EUR has 2 decimals, JPY 0\)/);
    refused(await crm('invoice', 'edit', 'INV-1', '--issued', '2026-12-05'), 2, /--issued 2026-12-05 is after its due date 2026-11-30: give --due or --terms too/);
    refused(await crm('invoice', 'edit', 'INV-1', '--due', '2026-09-01'), 2, /--due 2026-09-01 is before the issue date 2026-10-01/);
    const moved = await json('invoice', 'edit', 'INV-1', '--currency', 'usd', '--number', '2026-041', '--client', 'glob', '--note', 'PO 1', '--terms', '14');
    expect(moved).toMatchObject({ number: '2026-041', client: { name: 'Globex' }, amountMinor: 120000, currency: 'USD', due: '2026-10-15', note: 'PO 1' });
    await ok('invoice', 'add', 'acme', '10', '--number', 'INV-9');
    refused(await crm('invoice', 'edit', '2026-041', '--number', 'inv-9'), 2, /invoice INV-9 already exists/);

    await ok('invoice', 'pay', '2026-041', '--amount', '100', '--on', '2026-11-01');
    refused(
      await crm('invoice', 'edit', '2026-041', '--amount', '1300'),
      2,
      /invoice 2026-041 has a payment \(\$100\.00 on 2026-11-01\): its amount, currency and dates stand as paid; remove the payment first \(crm invoice unpay 2026-041\)$/m,
    );
    expect(await json('invoice', 'edit', '2026-041', '--note', '')).toMatchObject({ note: null, paidMinor: 10000 });
    refused(await crm('invoice', 'edit', 'INV-7', '--note', 'x'), 3, /no invoice "INV-7"/);
  });

  it('removes a payment (the latest, or one by id), lists partly paid invoices, and makes a voided one count again', async () => {
    await ok('invoice', 'add', 'acme', '1500', '--issued', '2026-11-01', '--due', '2026-12-01');
    await ok('invoice', 'pay', 'INV-1', '--amount', '100', '--on', '2026-11-02');
    await ok('invoice', 'pay', 'INV-1', '--amount', '200', '--on', '2026-11-03');
    await ok('invoice', 'add', 'acme', '50', '--issued', '2026-09-01');
    await ok('invoice', 'pay', 'INV-2', '--amount', '10');
    expect((await json('invoice', 'list', '--status', 'partly-paid')).map((i: { number: string }) => i.number)).toEqual(['INV-1']);
    const [, first] = await json('invoice', 'list');
    expect(first.payments).toEqual([{ id: 1, amountMinor: 10000, paidOn: '2026-11-02' }, { id: 2, amountMinor: 20000, paidOn: '2026-11-03' }]);

    refused(await crm('invoice', 'unpay', 'INV-1'), 2, /removing the payment of €200\.00 on 2026-11-03 \(payment #2\) from INV-1: add --yes/);
    expect((await ok('invoice', 'unpay', 'INV-1', '--yes')).stderr).toBe('Removed the payment of €200.00 on 2026-11-03 (payment #2) from INV-1; €1,400.00 due.\n');
    refused(await crm('invoice', 'unpay', 'INV-1', '--payment', '3', '--yes'), 3, /invoice INV-1 has no payment #3/);
    expect(await json('invoice', 'unpay', 'INV-1', '--payment', '1', '--yes')).toMatchObject({
      number: 'INV-1', paidMinor: 0, balanceMinor: 150000, status: 'open', payments: [], removedPayment: { id: 1, amountMinor: 10000, paidOn: '2026-11-02' },
    });
    refused(await crm('invoice', 'unpay', 'INV-1', '--yes'), 2, /invoice INV-1 has no payment recorded/);

    await ok('invoice', 'void', 'INV-1');
    refused(await crm('invoice', 'edit', 'INV-1', '--amount', '5'), 2, /invoice INV-1 is void: make it count again first \(crm invoice unvoid INV-1\)/);
    expect((await ok('invoice', 'unvoid', 'INV-1')).stderr).toBe('INV-1 of Acme GmbH counts again (no longer void).\n');
    expect((await json('invoice', 'list', '--status', 'open')).map((i: { number: string }) => i.number)).toEqual(['INV-2', 'INV-1']);
    refused(await crm('invoice', 'unvoid', 'INV-1'), 2, /invoice INV-1 is not void/);
  });
});

describe('any sequence of corrections', () => {
  const id = fc.constantFrom('1', '2', '3');
  const time = fc.constantFrom('2026-11-01', '2026-11-10 09:00', '2026-11-22 18:00', 'yesterday', 'today', '2026-11-25');
  const day = fc.constantFrom('2026-10-01', '2026-11-15', '2026-12-01');
  const flag = (...words: string[]) => fc.constant(words);
  const at = (name: string) => time.map((t) => [name, t]);
  /** One or more of the flags, in the order given. */
  const some = (...flags: fc.Arbitrary<string[]>[]) =>
    fc.subarray(flags, { minLength: 1 }).chain((picked) => fc.tuple(...picked)).map((picked) => picked.flat());
  const log = some(at('--at'), flag('--bid', 'q?'), flag('--answer'), flag('--conflict', 'x'), flag('--repair'), flag('--voice', 'v'),
    flag('--heard'), flag('--need', 'n'), flag('--follow-up', '3d'), flag('--appreciation', 'gift'));
  const logEdit = some(at('--at'), flag('--tone', '-1'), flag('--conflict', 'y'), flag('--no-conflict'), flag('--repair'), flag('--no-repair'),
    flag('--appreciation', 'thanks'), flag('--no-appreciation'));
  const command: fc.Arbitrary<string[]> = fc.oneof(
    log.map((f) => ['log', 'acme', ...f]),
    { arbitrary: fc.tuple(id, logEdit).map(([i, f]) => ['log', 'edit', i, ...f]), weight: 4 },
    id.map((i) => ['log', 'remove', i, '--yes']),
    fc.tuple(id, time).map(([i, t]) => ['bid', 'answer', i, '--at', t]),
    fc.tuple(id, fc.oneof(flag('--open'), flag('--against'), at('--answered-at'))).map(([i, f]) => ['bid', 'edit', i, ...f]),
    id.map((i) => ['bid', 'remove', i, '--yes']),
    fc.tuple(id, time).map(([i, t]) => ['voice', 'heard', i, '--at', t]),
    fc.tuple(id, fc.oneof(flag('--open'), at('--at'))).map(([i, f]) => ['voice', 'edit', i, ...f]),
    fc.tuple(id, fc.oneof(flag('--open'), flag('--due', '2026-12-01'))).map(([i, f]) => ['followup', 'edit', i, ...f]),
    id.map((i) => ['followup', 'done', i]),
    day.map((d) => ['invoice', 'add', 'acme', '100', '--issued', d]),
    day.map((d) => ['invoice', 'pay', 'INV-1', '--amount', '10', '--on', d]),
    flag('invoice', 'unpay', 'INV-1', '--yes'),
    fc.tuple(fc.constantFrom('--issued', '--due'), day).map(([name, d]) => ['invoice', 'edit', 'INV-1', name, d]),
    flag('invoice', 'edit', 'INV-1', '--amount', '5'),
  );

  it('ends each command with 0, 2 or 3, and leaves a book crm import and restore take back', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 4, maxLength: 10 }), async (commands) => {
        copyFileSync(template, book);
        // Interaction #2 answers bid #1 and hears need of yours #1, both raised in #1, and carries bid #2.
        await ok('log', 'acme', '--at', '2026-11-05 10:00', '--answer', '1', '--heard', '--bid', 'b', '--follow-up', '3d');
        for (const args of commands) {
          const result = await crm(...args);
          expect([0, 2, 3], `crm ${args.join(' ')}: ${result.stderr}`).toContain(result.code);
        }
        const db = new Database(book, { readonly: true });
        try {
          checkBookRows(db, '');
        } finally {
          db.close();
        }
      }),
      { numRuns: 25, seed: 10 },
    );
  });
});
