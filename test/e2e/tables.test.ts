// Every table crm prints fits the terminal it is printed on, at 80 columns and at 120, with long names and
// hostile widths (CJK, emoji sequences): what matters least gives way first, the verdict never. Money adds up
// per currency, never across. In-process (cli.ts main on a fake terminal of a given width); only the jq example
// of the help starts processes (the shell, crm and jq, as a user would run it).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/render/table.js';
import { BIN, DEFAULT_NOW, ROOT, childEnv } from '../helpers/cli.js';
import { crmInProcess, type InProcessRun } from '../helpers/in-process.js';

let dir: string;
let book: string;

async function crm(args: string[], terminal?: { columns: number; noColor?: boolean }): Promise<InProcessRun> {
  const result = await crmInProcess(args, {
    db: book,
    ...(terminal ? { columns: terminal.columns, env: terminal.noColor ? { NO_COLOR: '1' } : {} } : {}),
  });
  if (result.code !== 0) throw new Error(`crm ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result;
}

const DUTCH = 'Bakkerij de Gouden Korenschoof';
const CJK = '株式会社サンプル東京デザイン事務所';
const EMOJI = '🎨 Studio Kleur 👩‍👩‍👧‍👦 Familie';
const LONG_BID = 'Could you please update the opening hours on the website before the Christmas season starts?';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'crm-tables-'));
  book = join(dir, 'book.db');
  const setup: string[][] = [
    ['client', 'add', DUTCH, '--company', `${DUTCH} B.V.`, '--tag', 'retainer,food', '--since', '2025-03-01'],
    ['client', 'add', 'Acme', '--company', 'Acme GmbH', '--tag', 'retainer', '--since', '2024-01-10', '--cadence', '2w'],
    ['client', 'add', 'Cyberdyne Systems', '--company', 'Cyberdyne Systems Corporation International', '--tag', 'enterprise,usd'],
    ['client', 'add', CJK, '--company', '株式会社サンプル', '--since', '2026-05-01'],
    ['client', 'add', EMOJI, '--since', '2026-04-01'],
    ['log', 'bakkerij', '--at', '2026-11-01', '--from-client', '--bid', LONG_BID, '-m', 'asked about hours'],
    ['log', 'acme', '--at', '2026-11-12', '-m', 'quote', '--conflict', 'scope creep on the mobile app screens and the checkout'],
    ['log', CJK, '--at', '2026-11-20', '--complaint', '見積書の金額が違います。至急ご確認ください。'],
    ['log', '🎨', '--at', '2026-11-02', '--voice', 'pay within fourteen days of the invoice date'],
    ['log', '🎨', '--at', '2026-11-10', '--voice', 'pay within fourteen days of the invoice date'],
    ['voice', 'ignored', '1', '--at', '2026-11-05'],
    ['voice', 'ignored', '2', '--at', '2026-11-15'],
    ['invoice', 'add', 'bakkerij', '4800', '--issued', '2026-09-01', '--due', '2026-10-07'], // INV-1 overdue
    ['invoice', 'add', 'acme', '1500', '--issued', '2026-10-01', '--terms', '60'], // INV-2 partly paid
    ['invoice', 'pay', 'INV-2', '--amount', '500', '--on', '2026-10-20'],
    ['invoice', 'add', 'cyber', '12000.50', '--currency', 'USD', '--issued', '2026-08-01', '--due', '2026-09-01'], // INV-3
    ['invoice', 'add', 'acme', '900', '--issued', '2026-11-01'], // INV-4, voided
    ['invoice', 'void', 'INV-4'],
    ['invoice', 'add', CJK, '250000', '--currency', 'JPY', '--issued', '2026-11-10', '--number', '請求書-2026-0001'],
    ['invoice', 'add', 'acme', '300', '--issued', '2026-06-01', '--terms', '14'], // INV-5, paid
    ['invoice', 'pay', 'INV-5', '--on', '2026-06-10'],
    ['followup', 'add', 'acme', '2026-11-20', 'send the revised quote with the mobile screens and the checkout flow', '--force'],
    ['followup', 'add', DUTCH, '3d', 'call about the Christmas opening hours'],
    ['followup', 'add', CJK, 'today', '見積書を再送する'],
    ['followup', 'add', 'acme', '2026-11-22', 'done already', '--force'],
    ['followup', 'done', '4'],
  ];
  for (const args of setup) await crm(['-q', ...args]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Fails with the widest line when a line is wider than the terminal. */
function expectFits(text: string, width: number, what: string): void {
  const lines = text.trimEnd().split('\n');
  const widest = lines.reduce((a, b) => (displayWidth(b) > displayWidth(a) ? b : a), '');
  expect(displayWidth(widest), `${what} at ${width}: ${widest}`).toBeLessThanOrEqual(width);
}

const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');
/** The first line holding `start`, without colour. */
const row = (text: string, start: string | RegExp) =>
  plain(text).split('\n').find((l) => (typeof start === 'string' ? l.includes(start) : start.test(l))) ?? '';
const header = (text: string) => plain(text).split('\n')[0]!;

describe('every table fits 80 columns, and uses 120 when it has them', () => {
  it.each([80, 120])('crm client list at %i: the name before the company, the status whole', async (width) => {
    const { stdout } = await crm(['client', 'list'], { columns: width });
    expectFits(stdout, width, 'client list');
    expect(header(stdout)).toMatch(width === 80 ? /^ID\s+NAME\s+COMPANY\s+TAGS\s+STATUS$/ : /^ID\s+NAME\s+COMPANY\s+TAGS\s+SINCE\s+CADENCE\s+STATUS$/);
    for (const name of [DUTCH, 'Cyberdyne Systems', EMOJI]) expect(row(stdout, name.slice(0, 8))).toContain(name);
    expect(stdout.match(/active/g)).toHaveLength(5);
  });

  it.each([80, 120])('crm bid list at %i: the text gets the room, the status whole', async (width) => {
    const { stdout } = await crm(['bid', 'list'], { columns: width });
    expectFits(stdout, width, 'bid list');
    const bid = row(stdout, /^\s*1\s/);
    expect(bid).toMatch(/overdue/);
    // The time, then the kind give way to the text: 30 columns of it or more at 80, 60 at 120.
    expect(bid).toContain(LONG_BID.slice(0, width === 80 ? 34 : 60));
    expect(bid).toContain('2026-11-01  ');
    expect(header(stdout)).toMatch(width === 80 ? /^ID\s+WHEN\s+CLIENT\s+STATUS\s+TEXT$/ : /^ID\s+WHEN\s+CLIENT\s+KIND\s+STATUS\s+TEXT$/);
  });

  it.each([80, 120])('crm invoice list at %i: balance and status whole, totals per currency', async (width) => {
    const { stdout } = await crm(['invoice', 'list'], { columns: width });
    expectFits(stdout, width, 'invoice list');
    expect(header(stdout)).toMatch(width === 80 ? /^NUMBER\s+CLIENT\s+BALANCE\s+DUE\s+STATUS$/ : /^NUMBER\s+CLIENT\s+AMOUNT\s+PAID\s+BALANCE\s+ISSUED\s+DUE\s+STATUS$/);
    expect(row(stdout, 'INV-1')).toMatch(/€4,800\.00\s+(2026-09-01\s+)?2026-10-07\s+overdue 47d$/);
    expect(row(stdout, 'INV-2')).toMatch(/€1,000\.00\s+(2026-10-01\s+)?2026-11-30\s+partly-paid$/);
    expect(row(stdout, 'INV-3')).toMatch(/\$12,000\.50\s+(2026-08-01\s+)?2026-09-01\s+overdue 83d$/);
    expect(row(stdout, 'INV-4')).toMatch(/\s2026-12-01\s+void$/);
    expect(row(stdout, '請求書-2026-0001')).toMatch(/¥250,000\s+(2026-11-10\s+)?2026-12-10\s+open$/);
    // Void invoices count for nothing; each currency on its own line.
    expect(row(stdout, 'total EUR')).toMatch(width === 80 ? /\s€5,800\.00\s+3 invoices$/ : /\s€6,600\.00\s+€800\.00\s+€5,800\.00\s+3 invoices$/);
    expect(row(stdout, 'total USD')).toMatch(/\s\$12,000\.50\s+1 invoice$/);
    expect(row(stdout, 'total JPY')).toMatch(/\s¥250,000\s+1 invoice$/);
  });

  it.each([80, 120])('crm followup list at %i: overdue in words, no empty DONE column', async (width) => {
    for (const noColor of [false, true]) {
      const { stdout } = await crm(['followup', 'list'], { columns: width, noColor });
      expectFits(stdout, width, 'followup list');
      expect(header(stdout)).toMatch(/^ID\s+DUE\s+STATUS\s+CLIENT\s+TEXT$/);
      expect(row(stdout, 'send the revised')).toMatch(/^\s*1\s+2026-11-20\s+overdue 3d/);
      expect(row(stdout, '見積書を再送する')).toMatch(/due today/);
      expect(row(stdout, 'Christmas')).toMatch(/in 3d/);
      expect(stdout.includes('\x1b[')).toBe(!noColor);
    }
    const all = (await crm(['followup', 'list', '--all'], { columns: width })).stdout;
    expect(row(all, 'done already')).toMatch(/done/);
  });

  it.each([80, 120])('crm topic list and crm voice list at %i', async (width) => {
    const topics = (await crm(['topic', 'list'], { columns: width })).stdout;
    expectFits(topics, width, 'topic list');
    expect(row(topics, 'Acme')).toMatch(/scope creep on the mobile app.*1×.*open\s*$/);
    const voices = (await crm(['voice', 'list'], { columns: width })).stdout;
    expectFits(voices, width, 'voice list');
    expect(header(voices)).toMatch(/OUTCOME\s+NEED\s+TEXT$/);
    expect(row(voices, /^\s*2\s/)).toMatch(/ignored.*ignored.*pay within fourteen/);
  });

  // And at 60: the WHY of a client is what gets wrapped, never cut.
  it.each([60, 80, 120])('crm health at %i: score, band and why whole', async (width) => {
    const { stdout } = await crm(['health'], { columns: width });
    expectFits(stdout, width, 'health');
    expect(row(stdout, 'Bakkerij')).toMatch(/\d+\s+at-risk\s.*INV-1 47 days overdue$/);
    expect(row(stdout, '株式会社')).toMatch(/\d+\s+at-risk\s.*1 complaint/);
    if (width === 120) expect(stdout).toContain(DUTCH);
  });

  it.each([80, 120])('crm health CLIENT, crm client show, crm remind and crm config list at %i', async (width) => {
    const scorecard = (await crm(['health', 'bakkerij'], { columns: width })).stdout;
    expectFits(scorecard, width, 'scorecard');
    // The evidence wraps: its verdict is on screen, not cut.
    expect(plain(scorecard)).toMatch(/47 days overdue, €4,800\.00 open/);
    expect(plain(scorecard)).toMatch(/crm started following\s+this client today/);
    const card = (await crm(['client', 'show', 'acme'], { columns: width })).stdout;
    expectFits(card, width, 'client show');
    const remind = (await crm(['remind', '--within', '30'], { columns: width })).stdout;
    expectFits(remind, width, 'remind');
    const config = (await crm(['config', 'list'], { columns: width })).stdout;
    expectFits(config, width, 'config list');
    // Wrapped, not cut: every word of the help is there.
    expect(config.replace(/\s+/g, ' ')).toContain('weight of the starting point: how much evidence it takes to move a score away from it');
  });

  it('prints whole cells to a pipe, whatever their width', async () => {
    const { stdout } = await crm(['bid', 'list']);
    expect(stdout).toContain(LONG_BID);
    expect(stdout).not.toContain('…');
  });
});

describe('money', () => {
  interface InvoiceJson { number: string; status: string; balanceMinor: number; currency: string }

  it('a void invoice is owed nothing', async () => {
    const invoices = JSON.parse((await crm(['invoice', 'list', '--json'])).stdout) as InvoiceJson[];
    expect(invoices.find((i) => i.number === 'INV-4')).toMatchObject({ status: 'void', balanceMinor: 0 });
  });

  it('lists partly paid invoices with --status partly-paid', async () => {
    const invoices = JSON.parse((await crm(['invoice', 'list', '--status', 'partly-paid', '--json'])).stdout) as InvoiceJson[];
    expect(invoices.map((i) => i.number)).toEqual(['INV-2']);
  });

  it("client show lists the payments and the totals per currency, on screen and as JSON", async () => {
    const card = (await crm(['client', 'show', 'acme'], { columns: 80, noColor: true })).stdout;
    expect(card).toMatch(/\nPayments\n\s+ID\s+PAID ON\s+AMOUNT\s+INVOICE\n\s+\d+\s+2026-10-20\s+€500\.00\s+INV-2\n\s+\d+\s+2026-06-10\s+€300\.00\s+INV-5\n/);
    expect(card).toMatch(/total EUR\s+€1,800\.00\s+€800\.00\s+€1,000\.00\s+2 invoices/);
    const json = JSON.parse((await crm(['client', 'show', 'acme', '--json'])).stdout) as { totals: unknown; payments: unknown };
    expect(json.totals).toEqual([{ currency: 'EUR', invoices: 2, amountMinor: 180000, paidMinor: 80000, balanceMinor: 100000 }]);
    expect(json.payments).toEqual([
      { id: expect.any(Number), invoice: 'INV-2', amountMinor: 50000, currency: 'EUR', paidOn: '2026-10-20' },
      { id: expect.any(Number), invoice: 'INV-5', amountMinor: 30000, currency: 'EUR', paidOn: '2026-06-10' },
    ]);
  });

  it('the jq examples of the help and the README sum balances per currency, run as a user would', async () => {
    const help = (await crm(['invoice', 'list', '--help'])).stdout;
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    // An example may go on over a second line, after a backslash.
    const example = /^ *(?:\$ )?(crm invoice list --json(?: \\\n *)? *\| jq '[^'\n]*currency[^'\n]*')$/gm;
    const examples = [...`${help}\n${readme}`.matchAll(example)].map((m) => m[1]!);
    expect(examples.length).toBeGreaterThan(0);
    for (const line of examples) {
      const result = spawnSync('sh', ['-c', line], {
        encoding: 'utf8',
        env: childEnv({ now: DEFAULT_NOW, env: { CRM_DB: book, PATH: `${dirname(BIN)}:${process.env.PATH}` } }),
      });
      expect(result.status, `${line}: ${result.stderr}`).toBe(0);
      // The void invoice owes nothing, and each currency is summed on its own.
      expect(JSON.parse(result.stdout)).toEqual({ EUR: 580000, JPY: 250000, USD: 1200050 });
    }
  });
});
