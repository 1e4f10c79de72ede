// crm invoice add|pay|void|list: money in integer minor units, status derived from payments and dates.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TempBook, expectError, fileDigest, runCrmAsync, snapshotBook } from '../helpers/cli.js';

interface InvoiceJson {
  number: string; client: { id: number; name: string }; amountMinor: number; paidMinor: number; balanceMinor: number;
  currency: string; issued: string; due: string; status: string; daysOverdue: number; note: string | null;
  payments: { amountMinor: number; paidOn: string }[];
}

let book: TempBook;
beforeEach(() => {
  book = new TempBook(); // today: 2026-11-23
  book.ok(['client', 'add', 'Acme']);
  book.ok(['client', 'add', 'Globex']);
});
afterEach(() => book.cleanup());

describe('crm invoice add', () => {
  it('numbers invoices INV-1, INV-2, ... and prints the amount in minor units with its currency', () => {
    const first = book.ok(['invoice', 'add', 'acme', '1500.50', '--json']).json<InvoiceJson>();
    expect(first).toEqual({
      number: 'INV-1', client: { id: 1, name: 'Acme' }, amountMinor: 150050, paidMinor: 0, balanceMinor: 150050, currency: 'EUR',
      issued: '2026-11-23', due: '2026-12-23', status: 'open', daysOverdue: 0, note: null, payments: [],
    });
    const second = book.ok(['invoice', 'add', 'globex', '1,200', '--currency', 'usd', '--note', 'November retainer']);
    expect(second.stderr).toBe('Added INV-2 to Globex: $1,200.00, due 2026-12-23.\n');
    expect(book.ok(['invoice', 'list', '--json']).json<InvoiceJson[]>().map((i) => [i.number, i.amountMinor, i.currency, i.note])).toEqual([
      ['INV-1', 150050, 'EUR', null], ['INV-2', 120000, 'USD', 'November retainer'],
    ]);
  });

  it('continues numbering after the highest INV-n, and accepts a number of your own', () => {
    book.ok(['invoice', 'add', 'acme', '1', '--number', 'INV-9']);
    book.ok(['invoice', 'add', 'acme', '1', '--number', '2026-041']);
    expect(book.ok(['invoice', 'add', 'acme', '1', '--json']).json<InvoiceJson>().number).toBe('INV-10');
  });

  it('sets the due date from --terms, --due, or the invoice.terms.days setting; --terms 0 is due on receipt', () => {
    const due = (args: string[]) => book.ok(['invoice', 'add', 'acme', '100', ...args, '--json']).json<InvoiceJson>().due;
    expect(due(['--issued', '2026-11-01', '--terms', '14'])).toBe('2026-11-15');
    expect(due(['--issued', '2026-11-01', '--terms', '2w'])).toBe('2026-11-15');
    expect(due(['--due', '2026-12-24'])).toBe('2026-12-24');
    expect(due(['--terms', '0'])).toBe('2026-11-23');
    book.ok(['config', 'set', 'invoice.terms.days', '10']);
    book.ok(['config', 'set', 'invoice.currency', 'JPY']);
    const added = book.ok(['invoice', 'add', 'acme', '5000', '--json']).json<InvoiceJson>();
    expect(added).toMatchObject({ due: '2026-12-03', currency: 'JPY', amountMinor: 5000 });
  });

  it('refuses bad amounts and dates (exit 2), clashing numbers, unknown clients (exit 3), and adds nothing', () => {
    book.ok(['invoice', 'add', 'acme', '100', '--number', 'A-1']);
    const before = snapshotBook(book);
    const digest = fileDigest(book.path);
    expectError(book.run(['invoice', 'add', 'acme', '1500.505']), 2, /more than 2 decimals for EUR/);
    expectError(book.run(['invoice', 'add', 'acme', '10.5', '--currency', 'JPY']), 2, /JPY has no minor unit/);
    expectError(book.run(['invoice', 'add', 'acme', '1500,50']), 2, /decimal comma/);
    expectError(book.run(['invoice', 'add', 'acme', '0']), 2, /more than zero/);
    expectError(book.run(['invoice', 'add', 'acme', '-5']), 2, /not a positive number/);
    expectError(book.run(['invoice', 'add', 'acme', '100', '--currency', 'EURO']), 2, /unknown currency/);
    expectError(book.run(['invoice', 'add', 'acme', '100', '--due', '2026-12-01', '--terms', '14']), 2, /--due or --terms, not both/);
    expectError(book.run(['invoice', 'add', 'acme', '100', '--issued', '2026-11-10', '--due', '2026-11-01']), 2, /before --issued/);
    expectError(book.run(['invoice', 'add', 'acme', '100', '--number', 'a-1']), 2, /invoice A-1 already exists/);
    expectError(book.run(['invoice', 'add', 'initech', '100']), 3, /no client "initech"/);
    expect(fileDigest(book.path)).toBe(digest);
    expect(snapshotBook(book)).toEqual(before);
  });

  it('hands out distinct numbers to invoices added at the same time', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => runCrmAsync(['invoice', 'add', 'acme', String(i + 1), '--json'], { env: { CRM_DB: book.path } })),
    );
    for (const result of results) expect(result.stderr).toBe('');
    const numbers = results.map((r) => r.json<InvoiceJson>().number).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    expect(numbers).toEqual(['INV-1', 'INV-2', 'INV-3', 'INV-4', 'INV-5', 'INV-6']);
    const amounts = book.ok(['invoice', 'list', '--json']).json<InvoiceJson[]>().map((i) => i.amountMinor).sort((a, b) => a - b);
    expect(amounts).toEqual([100, 200, 300, 400, 500, 600]);
  });
});

describe('crm invoice pay and void', () => {
  beforeEach(() => {
    book.ok(['invoice', 'add', 'acme', '1000', '--issued', '2026-10-01', '--due', '2026-10-31']); // INV-1, overdue
    book.ok(['invoice', 'add', 'globex', '250', '--issued', '2026-11-20']); // INV-2
  });

  it('adds partial payments up until the invoice is paid', () => {
    const partial = book.ok(['invoice', 'pay', 'inv-1', '--amount', '400.25', '--on', '2026-11-10']);
    expect(partial.stderr).toBe('Recorded €400.25 on INV-1; €599.75 still due.\n');
    const rest = book.ok(['invoice', 'pay', 'INV-1', '--json']).json<InvoiceJson>();
    expect(rest).toMatchObject({
      paidMinor: 100000, balanceMinor: 0, status: 'paid', daysOverdue: 0,
      payments: [{ amountMinor: 40025, paidOn: '2026-11-10' }, { amountMinor: 59975, paidOn: '2026-11-23' }],
    });
  });

  it('shows a partly paid invoice before its due date as partly-paid', () => {
    expect(book.ok(['invoice', 'pay', 'INV-2', '--amount', '50', '--json']).json<InvoiceJson>()).toMatchObject({
      status: 'partly-paid', paidMinor: 5000, balanceMinor: 20000,
    });
  });

  it('refuses overpayment, paying a paid or void invoice, bad dates and amounts; changes nothing', () => {
    book.ok(['invoice', 'pay', 'INV-1', '--amount', '600']);
    book.ok(['invoice', 'add', 'acme', '10', '--number', 'VOID-1']);
    book.ok(['invoice', 'void', 'VOID-1']);
    const before = snapshotBook(book);
    const digest = fileDigest(book.path);
    expectError(book.run(['invoice', 'pay', 'INV-1', '--amount', '400.01']), 2, /€400\.01 is more than the €400\.00 still due on INV-1/);
    expectError(book.run(['invoice', 'pay', 'INV-1', '--amount', '0.001']), 2, /more than 2 decimals/);
    expectError(book.run(['invoice', 'pay', 'INV-1', '--on', '2026-11-24']), 2, /in the future/);
    expectError(book.run(['invoice', 'pay', 'INV-1', '--on', '2026-09-30']), 2, /before the invoice was issued/);
    expectError(book.run(['invoice', 'pay', 'VOID-1']), 2, /is void/);
    expectError(book.run(['invoice', 'pay', 'INV-7']), 3, /no invoice "INV-7"/);
    book.ok(['-q', 'invoice', 'pay', 'INV-2']);
    const paid = fileDigest(book.path);
    expectError(book.run(['invoice', 'pay', 'INV-2']), 2, /already paid in full/);
    expect(fileDigest(book.path)).toBe(paid);
    expect(digest).not.toBe(paid);
    const after = snapshotBook(book) as { invoices: InvoiceJson[] };
    expect(after.invoices.find((i) => i.number === 'INV-1')).toEqual((before as { invoices: InvoiceJson[] }).invoices.find((i) => i.number === 'INV-1'));
  });

  it('voids an unpaid invoice, which then counts as neither open nor overdue', () => {
    expect(book.ok(['invoice', 'void', 'INV-1']).stderr).toBe('Voided INV-1 of Acme.\n');
    expect(book.ok(['invoice', 'list', '--status', 'void', '--json']).json<InvoiceJson[]>().map((i) => i.number)).toEqual(['INV-1']);
    expect(book.ok(['invoice', 'list', '--status', 'open', '--json']).json<InvoiceJson[]>().map((i) => i.number)).toEqual(['INV-2']);
    const digest = fileDigest(book.path);
    expectError(book.run(['invoice', 'void', 'INV-1']), 2, /already void/);
    book.ok(['invoice', 'pay', 'INV-2', '--amount', '1']);
    const paid = fileDigest(book.path);
    expectError(book.run(['invoice', 'void', 'INV-2']), 2, /has payments recorded/);
    expectError(book.run(['invoice', 'void', 'NOPE']), 3, /no invoice "NOPE"/);
    expect(fileDigest(book.path)).toBe(paid);
    expect(digest).not.toBe(paid);
  });
});

describe('crm invoice list', () => {
  beforeEach(() => {
    book.ok(['invoice', 'add', 'acme', '1000', '--issued', '2026-10-01', '--due', '2026-10-31']); // INV-1 overdue 23 d
    book.ok(['invoice', 'add', 'acme', '200', '--issued', '2026-11-01']); // INV-2 open
    book.ok(['invoice', 'add', 'globex', '300', '--issued', '2026-09-01', '--terms', '10']); // INV-3 paid
    book.ok(['-q', 'invoice', 'pay', 'INV-3', '--on', '2026-09-05']);
  });

  it('lists invoices oldest first as a table', () => {
    const lines = book.ok(['invoice', 'list']).stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NUMBER\s+CLIENT\s+AMOUNT\s+PAID\s+BALANCE\s+ISSUED\s+DUE\s+STATUS$/);
    expect(lines[1]).toMatch(/^INV-3\s+Globex\s+€300\.00\s+€300\.00\s+€0\.00\s+2026-09-01\s+2026-09-11\s+paid$/);
    expect(lines[2]).toMatch(/^INV-1\s+Acme\s+€1,000\.00\s+€1,000\.00\s+2026-10-01\s+2026-10-31\s+overdue 23d$/);
    expect(lines[3]).toMatch(/^INV-2\s+Acme\s+€200\.00\s+€200\.00\s+2026-11-01\s+2026-12-01\s+open$/);
    expect(lines[4]).toMatch(/^total EUR\s+€1,500\.00\s+€300\.00\s+€1,200\.00\s+3 invoices$/);
    expect(lines).toHaveLength(5);
  });

  it('filters by status and by client, as JSON or NDJSON', () => {
    const numbers = (args: string[]) => book.ok(['invoice', 'list', ...args, '--json']).json<InvoiceJson[]>().map((i) => i.number);
    expect(numbers(['--status', 'open'])).toEqual(['INV-1', 'INV-2']);
    expect(numbers(['--status', 'overdue'])).toEqual(['INV-1']);
    expect(numbers(['--status', 'paid'])).toEqual(['INV-3']);
    expect(numbers(['--client', 'acme', '--status', 'paid'])).toEqual([]);
    const lines = book.ok(['invoice', 'ls', '--client', 'glob', '--ndjson']).stdout.trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toMatchObject([{ number: 'INV-3', status: 'paid', client: { name: 'Globex' } }]);
  });

  it('shows an overdue invoice by how many days, as of CRM_NOW', () => {
    const later = book.ok(['invoice', 'list', '--status', 'overdue', '--json'], { now: '2026-12-05T12:00:00Z' }).json<InvoiceJson[]>();
    expect(later.map((i) => [i.number, i.daysOverdue])).toEqual([['INV-1', 35], ['INV-2', 4]]);
  });

  it('shows money in the display.locale setting, in every text output', () => {
    book.ok(['config', 'set', 'display.locale', 'de-DE']);
    expect(book.ok(['invoice', 'list', '--status', 'overdue']).stdout).toMatch(/^INV-1\s+Acme\s+1\.000,00\s€\s+1\.000,00\s€\s+2026-10-01/m);
    expect(book.ok(['invoice', 'pay', 'INV-1', '--amount', '250.5']).stderr).toBe('Recorded 250,50\u00a0€ on INV-1; 749,50\u00a0€ still due.\n');
    expect(book.ok(['invoice', 'add', 'acme', '1234.5']).stderr).toMatch(/: 1\.234,50\u00a0€, due/);
    expect(book.ok(['client', 'show', 'acme']).stdout).toMatch(/INV-1\s+1\.000,00\u00a0€\s+250,50\u00a0€\s+749,50\u00a0€\s+2026-10-31\s+overdue 23d/);
  });

  it('refuses an unknown status (exit 2) or client (exit 3)', () => {
    expectError(book.run(['invoice', 'list', '--status', 'late']), 2, /late/);
    expectError(book.run(['invoice', 'list', '--client', 'initech']), 3, /no client "initech"/);
  });
});
