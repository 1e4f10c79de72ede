// crm config end to end: every setting with its default, set/get/unset, and refusals that change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TempBook, expectError, fileDigest } from '../helpers/cli.js';

interface Setting { key: string; value: number | string; default: number | string; changed: boolean; description: string }

// docs/scoring.md and README "Invoices": documented defaults.
const DOCUMENTED: Record<string, number | string> = {
  'health.weight.prior': 20,
  'health.prior': 0.72,
  'health.evidence.half': 3,
  'health.weight.bids': 20,
  'health.weight.positivity': 20,
  'health.weight.payments': 20,
  'health.weight.conflict': 10,
  'health.weight.contact': 10,
  'health.weight.promises': 10,
  'health.weight.appreciation': 5,
  'health.weight.voice': 5,
  'health.halflife.bids': 45,
  'health.halflife.positivity': 60,
  'health.halflife.payments': 180,
  'health.halflife.conflict': 120,
  'health.halflife.promises': 90,
  'health.halflife.appreciation': 90,
  'health.halflife.voice': 120,
  'health.gridlock.raisings': 3,
  'health.cap.overdue.watch.days': 30,
  'health.cap.overdue.atrisk.days': 90,
  'remind.conflict.revisit.days': 60,
  'health.band.healthy': 76,
  'invoice.currency': 'EUR',
  'invoice.terms.days': 30,
};

let book: TempBook;
const list = () => book.ok(['config', 'list', '--json']).json<Setting[]>();
const setting = (key: string) => list().find((s) => s.key === key)!;

beforeAll(() => {
  book = new TempBook();
  book.ok(['client', 'add', 'Acme']);
});
afterAll(() => book.cleanup());

describe('crm config', () => {
  it('lists every setting with value, default, changed and description; the documented defaults', () => {
    const settings = list();
    expect(settings.length).toBeGreaterThanOrEqual(Object.keys(DOCUMENTED).length);
    expect(new Set(settings.map((s) => s.key)).size).toBe(settings.length);
    for (const s of settings) {
      expect(Object.keys(s).sort(), s.key).toEqual(['changed', 'default', 'description', 'key', 'value']);
      expect(s.changed, s.key).toBe(false);
      expect(s.value, s.key).toEqual(s.default);
      expect(s.description.length, s.key).toBeGreaterThan(0);
    }
    for (const [key, value] of Object.entries(DOCUMENTED)) {
      expect(settings.find((s) => s.key === key), key).toMatchObject({ value, default: value });
    }
  });

  it('set, get, list and unset one setting', () => {
    book.ok(['config', 'set', 'health.weight.bids', '30']);
    expect(book.ok(['config', 'get', 'health.weight.bids']).stdout).toBe('30\n');
    expect(setting('health.weight.bids')).toMatchObject({ value: 30, default: 20, changed: true });
    expect(list().filter((s) => s.changed).map((s) => s.key)).toEqual(['health.weight.bids']);
    book.ok(['config', 'unset', 'health.weight.bids']);
    expect(book.ok(['config', 'get', 'health.weight.bids']).stdout).toBe('20\n');
    expect(setting('health.weight.bids')).toMatchObject({ value: 20, changed: false });
  });

  it('refuses a negative weight, a non-number and an unknown key (exit 2), and changes nothing', () => {
    book.ok(['config', 'set', 'health.weight.bids', '30']);
    const digest = fileDigest(book.path);
    // Commander takes "-5" as a value (it looks like a negative number), as it does after "--".
    expectError(book.run(['config', 'set', 'health.weight.bids', '-5']), 2, /non-negative/);
    expectError(book.run(['config', 'set', 'health.weight.bids', '--', '-5']), 2, /non-negative/);
    expectError(book.run(['config', 'set', '--', 'health.weight.bids', '-5']), 2, /non-negative/);
    expectError(book.run(['config', 'set', 'health.weight.bids', '-0.5', '--']), 2);
    expectError(book.run(['config', 'set', 'health.weight.bids', 'heavy']), 2, /heavy/);
    expectError(book.run(['config', 'set', 'health.weight.bids', '']), 2);
    expectError(book.run(['config', 'set', 'health.weight.bid', '30']), 2, /did you mean.*health\.weight\.bids/);
    expectError(book.run(['config', 'set', 'health.weigth.payments', '30']), 2, /did you mean.*health\.weight\.payments/);
    expectError(book.run(['config', 'get', 'nosuch.setting']), 2, /nosuch\.setting/);
    expectError(book.run(['config', 'unset', 'nosuch.setting']), 2, /nosuch\.setting/);
    expect(fileDigest(book.path)).toBe(digest);
    expect(book.ok(['config', 'get', 'health.weight.bids']).stdout).toBe('30\n');
    book.ok(['config', 'unset', 'health.weight.bids']);
  });

  it('invoice.currency sets the currency of the next invoice; an unknown currency is refused', () => {
    expect(book.ok(['invoice', 'add', 'acme', '100', '--json']).json<{ currency: string }>().currency).toBe('EUR');
    book.ok(['config', 'set', 'invoice.currency', 'usd']);
    expect(book.ok(['config', 'get', 'invoice.currency']).stdout).toBe('USD\n');
    const invoice = book.ok(['invoice', 'add', 'acme', '100', '--json']).json<{ currency: string; amountMinor: number }>();
    expect(invoice).toMatchObject({ currency: 'USD', amountMinor: 10000 });
    const digest = fileDigest(book.path);
    expectError(book.run(['config', 'set', 'invoice.currency', 'XYZ']), 2, /XYZ/);
    expect(fileDigest(book.path)).toBe(digest);
    expect(book.ok(['config', 'get', 'invoice.currency']).stdout).toBe('USD\n');
    expect(book.ok(['invoice', 'add', 'acme', '5', '--json']).json<{ currency: string }>().currency).toBe('USD');
  });
});
