// crm remind end to end: derived reminders, their stable keys, snooze and done, and silence when nothing
// is due (cron mails whatever crm remind prints). Today is 2026-11-23 (CRM_NOW), in Europe/Berlin.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, DEFAULT_NOW, TempBook, expectError, fileDigest } from '../helpers/cli.js';

interface Reminder {
  key: string; client: { id: number; name: string }; kind: string; severity: string; date: string; message: string; action: string;
}
interface Invoice { number: string; balanceMinor: number; daysOverdue: number; status: string }
interface Bid { id: number; status: string; text: string }

const REMINDER_KEYS = ['key', 'client', 'kind', 'severity', 'date', 'message', 'action'];
const SEVERITIES = ['urgent', 'soon', 'info'];
const TODAY = DEFAULT_NOW.slice(0, 10);
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const daysAgo = (n: number) => new Date(Date.parse(`${TODAY}T00:00:00Z`) - n * DAY_MS).toISOString().slice(0, 10);
/** CRM_NOW this many hours after the default now. */
const later = (hours: number) => new Date(Date.parse(DEFAULT_NOW) + hours * HOUR_MS).toISOString();

let book: TempBook;
let openBid: Bid;
const remind = (args: string[] = [], now?: string) => book.ok(['remind', ...args, '--json'], { now }).json<Reminder[]>();
const keys = (items: Reminder[]) => items.map((r) => r.key);

beforeAll(() => {
  book = new TempBook();
  const ok = (...args: string[]) => book.ok(args);
  // Acme: in touch, thanked, feedback and goals recent; but two invoices overdue and a bid left waiting.
  ok('client', 'add', 'Acme', '--since', '2025-01-01', '--reply-within', '24h');
  ok('log', 'acme', '--tone', '1', '--appreciation', 'thanks', '--feedback', '--goal', 'open a second office', '--at', daysAgo(2));
  ok('invoice', 'add', 'acme', '1200', '--issued', daysAgo(80), '--due', daysAgo(50)); // INV-1: 50 days overdue
  ok('invoice', 'add', 'acme', '500', '--issued', daysAgo(40), '--due', daysAgo(10)); // INV-2: 10 days overdue
  ok('log', 'acme', '--from-client', '--bid', 'can you send the Q3 numbers?', '--at', daysAgo(3));
  ok('followup', 'add', 'acme', TODAY, 'send the plan');
  ok('followup', 'add', 'acme', '10d', 'check in after launch');
  // Globex: followed in crm since 2025-01-01, last contact 45 days ago on a 30-day cadence, never thanked.
  book.ok(['client', 'add', 'Globex', '--since', '2025-01-01', '--cadence', '30'], { now: '2025-01-01T09:00:00Z' });
  ok('log', 'globex', '--tone', '1', '--at', daysAgo(45));
  // Initech: a client since 2019, added to crm today; the user says they last spoke 40 days ago.
  ok('client', 'add', 'Initech', '--since', '2019-03-01', '--last-contact', daysAgo(40));
  // Newco: a few days old, nothing logged.
  ok('client', 'add', 'Newco', '--since', daysAgo(4));
  // Oldco: ended, though it has an overdue invoice and has been neglected for long.
  ok('client', 'add', 'Oldco', '--since', '2024-01-01');
  ok('invoice', 'add', 'oldco', '800', '--issued', daysAgo(90), '--due', daysAgo(60));
  ok('client', 'end', 'oldco');
  openBid = book.ok(['bid', 'list', '--open', '--json']).json<Bid[]>()[0]!;
});
afterAll(() => book.cleanup());

describe('crm remind with nothing due', () => {
  let quiet: TempBook;
  beforeAll(() => {
    quiet = new TempBook();
  });
  afterAll(() => quiet.cleanup());

  it('a client added today with a start long ago: nothing about the time before crm; one cadence on, counted from today', () => {
    quiet.ok(['client', 'add', 'Old Co', '--since', '2025-01-01']);
    // Not "No contact with Old Co logged in 691 days", nor appreciation, goals or feedback never shown.
    expect(quiet.run(['remind'])).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const month = quiet.ok(['remind', '--json'], { now: later(31 * 24) }).json<Reminder[]>();
    expect(month.filter((r) => r.kind !== 'anniversary').map((r) => [r.kind, r.message])).toEqual([
      ['contact-overdue', 'No contact with Old Co logged in 31 days in crm; the cadence is every 30 days.'],
    ]);
  });

  it('prints nothing at all and exits 0; --json prints []', () => {
    // Quietco: followed since March 2025, in touch, thanked, asked; Freshco: three days old.
    quiet.ok(['client', 'add', 'Quietco', '--since', '2025-03-10'], { now: '2025-03-10T09:00:00Z' });
    quiet.ok(['log', 'quiet', '--tone', '1', '--appreciation', 'thanks', '--feedback', '--goal', 'grow', '--at', daysAgo(2)]);
    quiet.ok(['client', 'add', 'Freshco', '--since', daysAgo(3)]);
    const text = quiet.run(['remind']);
    expect(text).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const json = quiet.run(['remind', '--json']);
    expect(json.code).toBe(0);
    expect(json.json()).toEqual([]);
  });
});

describe('crm remind in cron, where the book is missing', () => {
  // What cron runs: nothing of the user's environment but PATH, and a HOME that may be wrong.
  const cron = (env: NodeJS.ProcessEnv) =>
    spawnSync(process.execPath, [BIN, 'remind'], { encoding: 'utf8', env: { PATH: process.env.PATH, ...env } });

  it('a HOME that does not exist: one line on stderr and exit 4, never a silent "nothing due"', () => {
    const result = cron({ HOME: '/nonexistent' });
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'crm: no book at /nonexistent/.local/share/crm/crm.db (the default for HOME=/nonexistent, which does not exist): nothing to remind; set CRM_DB or --db\n',
    );
    expect(result.status).toBe(4);
  });

  it('CRM_DB in a folder that does not exist: one line naming the folder, exit 4, nothing created', () => {
    const missing = new TempBook();
    try {
      const path = join(missing.dir, 'gone', 'dir', 'x.db');
      const result = cron({ HOME: missing.dir, CRM_DB: path });
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        `crm: no book at ${path} (set by CRM_DB; the folder ${join(missing.dir, 'gone')} does not exist): nothing to remind; set CRM_DB or --db\n`,
      );
      expect(result.status).toBe(4);
      expect(existsSync(join(missing.dir, 'gone'))).toBe(false);
    } finally {
      missing.cleanup();
    }
  });
});

describe('crm remind', () => {
  it('prints items with exactly the documented keys, urgent then soon then info, each by date', () => {
    const items = remind(['--within', '30']);
    expect(items.length).toBeGreaterThan(3);
    for (const item of items) {
      expect(Object.keys(item), item.key).toEqual(REMINDER_KEYS);
      expect(Object.keys(item.client)).toEqual(['id', 'name']);
      expect(SEVERITIES).toContain(item.severity);
      expect(item.key.startsWith(`${item.kind}:`), item.key).toBe(true);
      expect(item.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    const order = items.map((r) => [SEVERITIES.indexOf(r.severity), r.date] as const);
    const sorted = [...order].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    expect(order).toEqual(sorted);
    expect(new Set(items.map((r) => r.severity))).toEqual(new Set(SEVERITIES));
    expect(new Set(keys(items)).size).toBe(items.length);
  });

  it('reminds of overdue invoices, urgent past 30 days, with the days overdue in the message', () => {
    const items = remind();
    const invoices = book.ok(['invoice', 'list', '--json']).json<Invoice[]>();
    const first = items.find((r) => r.key === 'invoice-overdue:INV-1')!;
    const second = items.find((r) => r.key === 'invoice-overdue:INV-2')!;
    expect(first).toMatchObject({ kind: 'invoice-overdue', severity: 'urgent', date: daysAgo(50), client: { name: 'Acme' } });
    expect(second).toMatchObject({ kind: 'invoice-overdue', date: daysAgo(10) });
    expect(second.severity).not.toBe('urgent');
    expect(first.message).toContain(`${invoices.find((i) => i.number === 'INV-1')!.daysOverdue} days`);
    expect(first.message).toContain('INV-1');
  });

  it('keeps the same key on another day while the message counts the days', () => {
    const today = remind().find((r) => r.key === 'invoice-overdue:INV-1')!;
    const twoDaysOn = remind([], later(48)).find((r) => r.key === 'invoice-overdue:INV-1')!;
    expect(twoDaysOn).toBeDefined();
    expect(today.message).toContain('50 days');
    expect(twoDaysOn.message).toContain('52 days');
    // Every reminder of today that still applies two days on keeps its key.
    const then = keys(remind([], later(48)));
    for (const key of keys(remind())) {
      if (key.startsWith('health-drop:')) continue; // a score can recover in two days
      expect(then, key).toContain(key);
    }
  });

  it('reminds of a bid left unanswered past the reply window', () => {
    expect(openBid.status).toBe('overdue');
    const bid = remind().find((r) => r.key === `bid-unanswered:${openBid.id}`)!;
    expect(bid).toMatchObject({ kind: 'bid-unanswered', client: { name: 'Acme' } });
    expect(bid.message).toContain(openBid.text);
  });

  it('shows a follow-up due today; --within widens the window for one due in 10 days', () => {
    const items = remind();
    const today = items.filter((r) => r.kind === 'follow-up-due');
    expect(today.map((r) => r.date)).toEqual([TODAY]);
    expect(today[0]!.message).toContain('send the plan');
    expect(items.some((r) => r.message.includes('check in after launch'))).toBe(false);
    const within14 = remind(['--within', '14']).filter((r) => r.kind === 'follow-up-due');
    expect(within14.map((r) => r.message.includes('check in after launch'))).toEqual([false, true]);
    expect(within14[1]!.date).toBe(new Date(Date.parse(`${TODAY}T00:00:00Z`) + 10 * DAY_MS).toISOString().slice(0, 10));
  });

  it('--client keeps one client; a new client is not nagged; an ended one gets nothing', () => {
    const all = remind(['--within', '30']);
    const globex = remind(['--within', '30', '--client', 'globex']);
    expect(globex.length).toBeGreaterThan(0);
    expect(globex).toEqual(all.filter((r) => r.client.name === 'Globex'));
    // Globex, an old client never thanked and not asked, is reminded; Newco, four days old, is not.
    const care = ['appreciation-due', 'goals-ask', 'feedback-ask'];
    expect(globex.map((r) => r.kind)).toEqual(expect.arrayContaining(['contact-overdue', ...care]));
    const newco = remind(['--within', '30', '--client', 'newco']);
    expect(newco.filter((r) => care.includes(r.kind))).toEqual([]);
    expect(newco.filter((r) => r.kind === 'contact-overdue')).toEqual([]);
    expect(all.some((r) => r.client.name === 'Oldco')).toBe(false);
    expect(remind(['--within', '30', '--client', 'oldco'])).toEqual([]);
  });

  it('an old client new to crm: contact counted from --last-contact, nothing else from before crm', () => {
    const initech = remind(['--within', '30', '--client', 'initech']);
    expect(initech.map((r) => [r.key, r.severity, r.date, r.message])).toEqual([
      ['contact-overdue:3', 'soon', daysAgo(10), `No contact with Initech for 40 days, since ${daysAgo(40)}; the cadence is every 30 days.`],
    ]);
  });

  it('groups the text under Urgent, Soon and (with --all) When you can, without colour off a terminal', () => {
    const items = remind(['--within', '30']);
    const out = book.ok(['remind', '--within', '30', '--all']).stdout;
    expect(out).not.toMatch(/\x1b\[/);
    const headers = out.split('\n').filter((line) => /^(Urgent|Soon|When you can)\b/.test(line));
    expect(headers.map((h) => h.replace(/\s*\(\d+\)$/, ''))).toEqual(['Urgent', 'Soon', 'When you can']);
    const count = (severity: string) => items.filter((r) => r.severity === severity).length;
    expect(headers).toEqual([`Urgent (${count('urgent')})`, `Soon (${count('soon')})`, `When you can (${count('info')})`]);
    for (const item of items) expect(out).toContain(item.key);
    expect(out.indexOf('Urgent')).toBeLessThan(out.indexOf('Soon'));
    expect(out.indexOf('Soon')).toBeLessThan(out.indexOf('When you can'));
  });

  it('snooze hides a reminder for the given time; it is back after it', () => {
    const key = remind().find((r) => r.kind === 'contact-overdue')!.key;
    const result = book.ok(['remind', 'snooze', key, '3d']);
    expect(result.stdout).toBe('');
    expect(keys(remind())).not.toContain(key);
    expect(keys(remind([], later(71)))).not.toContain(key);
    expect(keys(remind([], later(73)))).toContain(key);
  });

  it('done hides a reminder until its data changes: a partial payment brings it back', () => {
    const key = 'invoice-overdue:INV-1';
    book.ok(['remind', 'done', key]);
    expect(keys(remind())).not.toContain(key);
    expect(keys(remind([], later(5 * 24)))).not.toContain(key); // the day count changed, the data did not
    book.ok(['invoice', 'pay', 'INV-1', '--amount', '200']);
    const back = remind().find((r) => r.key === key)!;
    expect(back).toBeDefined();
    expect(back.message).toContain('1,000.00'); // 1200 - 200 still open
  });

  it('paying an invoice or answering the bid makes its reminder disappear', () => {
    expect(keys(remind())).toContain('invoice-overdue:INV-2');
    book.ok(['invoice', 'pay', 'INV-2']);
    expect(keys(remind())).not.toContain('invoice-overdue:INV-2');
    expect(keys(remind())).toContain(`bid-unanswered:${openBid.id}`);
    book.ok(['bid', 'answer', String(openBid.id)]);
    expect(keys(remind())).not.toContain(`bid-unanswered:${openBid.id}`);
  });

  it('an unknown key exits 3, a bad duration exits 2; neither changes the book', () => {
    const digest = fileDigest(book.path);
    expectError(book.run(['remind', 'snooze', 'invoice-overdue:INV-99', '3d']), 3, /INV-99/);
    expectError(book.run(['remind', 'done', 'nosuch:1']), 3, /nosuch/);
    const key = remind()[0]!.key;
    expectError(book.run(['remind', 'snooze', key, 'soon']), 2, /soon/);
    expectError(book.run(['remind', 'snooze', key, '3x']), 2, /3x/);
    expect(fileDigest(book.path)).toBe(digest);
    expect(keys(remind())).toContain(key);
  });
});
