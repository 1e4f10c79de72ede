// Issue 10 case 8: dates and amounts as the user writes them. Under display.locale nl-NL, 31/12/2026, 31-12-2026,
// 25.11.2026, 1.500,50 and € 1.200,00 are read as a Dutch user means them; words (next friday, yesterday 14:00) are
// read everywhere a date is; what could be read two ways is refused naming the readings. Runs crm in this process
// (cli.ts main): exit codes, messages and the book are what a user sees. DEFAULT_NOW is Monday 2026-11-23, 10:00 in
// Berlin.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileDigest } from '../helpers/cli.js';
import { crmInProcess, refused, type InProcessRun } from '../helpers/in-process.js';

let dir: string;
let book: string;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'crm-locale-'));
  book = join(dir, 'book.db');
  await ok(['client', 'add', 'Acme', '--since', '2020-01-01']);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const crm = (args: string[]) => crmInProcess(args, { db: book });

async function ok(args: string[]): Promise<InProcessRun> {
  const result = await crm(args);
  if (result.code !== 0) throw new Error(`crm ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result;
}

async function json<T = Record<string, unknown>>(args: string[]): Promise<T> {
  return JSON.parse((await ok([...args, '--json'])).stdout) as T;
}

/** Refused in one line (exit 2) starting with `message` (or matching it), the book unchanged. */
async function refusedAlone(args: string[], message: string | RegExp): Promise<void> {
  const digest = fileDigest(book);
  refused(await crm(args), 2, typeof message === 'string' ? new RegExp(`^crm: ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) : message);
  expect(fileDigest(book)).toBe(digest);
}

describe('under display.locale nl-NL', () => {
  beforeEach(() => ok(['config', 'set', 'display.locale', 'nl-NL']));

  it('reads the dates of the issue in the Dutch order, on every flag that takes a date', async () => {
    const at = async (text: string) => (await json<{ at: string }>(['log', 'acme', '--at', text])).at;
    expect(await at('31/12/2025')).toBe('2025-12-31T11:00:00.000Z');
    expect(await at('31-12-2025')).toBe('2025-12-31T11:00:00.000Z');
    expect(await at('25.11.2025')).toBe('2025-11-25T11:00:00.000Z');
    expect(await at('03/04/2026')).toBe('2026-04-03T10:00:00.000Z'); // 3 April, as the locale writes it
    expect(await at('22-11-2026 14:00')).toBe('2026-11-22T13:00:00.000Z');

    expect((await json(['client', 'add', 'Globex', '--since', '01-03-2019', '--last-contact', '20.10.2026'])).since).toBe('2019-03-01');
    expect((await json(['client', 'edit', 'globex', '--since', '02/03/2019'])).since).toBe('2019-03-02');
    const invoice = await json<{ number: string; issued: string; due: string }>(['invoice', 'add', 'acme', '1.500,50', '--issued', '01-11-2026', '--due', '15-12-2026']);
    expect(invoice).toMatchObject({ issued: '2026-11-01', due: '2026-12-15', amountMinor: 150050, currency: 'EUR' });
    expect(await json(['invoice', 'pay', invoice.number, '--amount', '€ 1.000,50', '--on', '20-11-2026'])).toMatchObject({
      paidMinor: 100050,
      payments: [{ amountMinor: 100050, paidOn: '2026-11-20' }],
    });
    expect((await json(['followup', 'add', 'acme', '04-12-2026', 'send the quote'])).due).toBe('2026-12-04');
    expect((await json(['client', 'end', 'globex', '--on', '22-11-2026'])).endedOn).toBe('2026-11-22');
  });

  it('reads amounts with a decimal comma and thousands dots, with or without the euro sign', async () => {
    const amount = async (text: string, ...flags: string[]) => (await json<{ amountMinor: number; currency: string }>(['invoice', 'add', 'acme', text, ...flags]));
    expect(await amount('1.500,50')).toMatchObject({ amountMinor: 150050, currency: 'EUR' });
    expect(await amount('€1500')).toMatchObject({ amountMinor: 150000 });
    expect(await amount('€ 1.200,00')).toMatchObject({ amountMinor: 120000 });
    expect(await amount('1.500')).toMatchObject({ amountMinor: 150000 }); // fifteen hundred here, not 1.5
    expect(await amount('1,500.50')).toMatchObject({ amountMinor: 150050 }); // fits only the way crm always read it
    expect(await amount('$1.500,50')).toMatchObject({ amountMinor: 150050, currency: 'USD' }); // the sign sets the currency
    await refusedAlone(['invoice', 'add', 'acme', '$1500', '--currency', 'EUR'], 'amount "$1500" is in USD, but --currency says EUR');
    await refusedAlone(['invoice', 'add', 'acme', '1 500,50'], 'amount "1 500,50" is not a positive number such as 1500 or 1.500,50, as nl-NL writes it (display.locale), or 1500.50');
  });

  it('refuses a date that is not in the Dutch order, saying how to write it', async () => {
    await refusedAlone(['log', 'acme', '--at', '11/22/2026'], '--at "11/22/2026" is not in the order of display.locale nl-NL (31-12-2026): for 22 November 2026, write 2026-11-22');
  });
});

describe('with no display.locale set', () => {
  it('refuses a date whose day and month could swap, naming both readings; reads one that fits one way', async () => {
    await refusedAlone(
      ['log', 'acme', '--at', '03/04/2026'],
      '--at "03/04/2026" could be 3 April 2026 or 4 March 2026: write 2026-04-03 or 2026-03-04, or set the order you write dates in',
    );
    await refusedAlone(['invoice', 'add', 'acme', '100', '--issued', '01/02/2026'], /--issued "01\/02\/2026" could be 1 February 2026 or 2 January 2026/);
    expect((await json<{ at: string }>(['log', 'acme', '--at', '31/12/2025'])).at).toBe('2025-12-31T11:00:00.000Z');
  });

  it('reads amounts as en-US writes them, and says what a decimal comma needs', async () => {
    expect(await json(['invoice', 'add', 'acme', '1,500.50'])).toMatchObject({ amountMinor: 150050 });
    await refusedAlone(['invoice', 'add', 'acme', '1.500,50'], 'amount "1.500,50" uses a decimal comma: write 1500.50, or set display.locale (e.g. nl-NL, de-DE)');
    await refusedAlone(['invoice', 'add', 'acme', '1.500'], /has more than 2 decimals for EUR; "\." is the decimal point in en-US \(display.locale\): if you meant 1500, write 1500/);
  });
});

describe('dates in words', () => {
  it('reads yesterday 14:00, last friday and next friday wherever a date is taken', async () => {
    expect((await json<{ at: string }>(['log', 'acme', '--at', 'yesterday 14:00'])).at).toBe('2026-11-22T13:00:00.000Z');
    expect((await json<{ at: string }>(['log', 'acme', '--at', 'last friday'])).at).toBe('2026-11-20T11:00:00.000Z');
    const logged = await json<{ followUp: { due: string; text: string } }>(['log', 'acme', '-m', 'call', '--follow-up', 'next friday', '--follow-up-text', 'send the quote']);
    expect(logged.followUp).toMatchObject({ due: '2026-12-04', text: 'send the quote' });
    expect((await json(['followup', 'add', 'acme', 'in 3 days', 'call back'])).due).toBe('2026-11-26');
    expect((await json(['bid', 'answer', (await json<{ bids: { id: number }[] }>(['log', 'acme', '--bid', 'a question?', '--at', '3 days ago'])).bids[0]!.id.toString(), '--at', 'yesterday'])).status).toBe('late');
    expect((await json(['client', 'add', 'Initech', '--since', 'last monday'])).since).toBe('2026-11-16');
    const health = await json<{ asOf: string }[]>(['health', '--at', 'last friday']);
    expect(health[0]!.asOf).toBe('2026-11-20');
  });

  it('refuses words for a time ahead where something has happened, naming the time read', async () => {
    await refusedAlone(['log', 'acme', '--at', 'next friday'], '--at next friday is in the future (2026-12-04 12:00): log what has happened');
    await refusedAlone(['log', 'acme', '--at', 'friday blah'], '--at "friday blah" is not a date or time: use YYYY-MM-DD, "YYYY-MM-DD HH:MM" or words such as yesterday 14:00, last friday');
    await refusedAlone(['log', 'acme', '--follow-up-text', 'x'], '--follow-up-text needs --follow-up WHEN');
  });

  it('keeps the parser of words in a chunk of its own, loaded only by a dynamic import', () => {
    const dist = join(import.meta.dirname, '..', '..', 'dist');
    const natural = readdirSync(dist).find((f) => /^natural-.*\.js$/.test(f));
    expect(natural).toBeDefined();
    expect(readFileSync(join(dist, natural!), 'utf8')).toContain('casual');
    for (const file of readdirSync(dist).filter((f) => f.endsWith('.js') && f !== natural)) {
      const code = readFileSync(join(dist, file), 'utf8');
      expect(code, file).not.toMatch(new RegExp(`from\\s*"\\./${natural!.replace('.', '\\.')}"`));
      expect(code, file).not.toContain('ENCasualDateParser');
    }
  });
});
