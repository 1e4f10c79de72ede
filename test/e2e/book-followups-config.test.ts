// crm followup add|done|list and crm config list|get|set|unset.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TempBook, createdNote, expectError, fileDigest } from '../helpers/cli.js';

interface FollowUpJson { id: number; client: { name: string }; due: string; text: string; done: boolean; doneAt: string | null; overdue: boolean }
interface SettingJson { key: string; value: number | string; default: number | string; changed: boolean; description: string }

let book: TempBook;
beforeEach(() => {
  book = new TempBook(); // today: 2026-11-23
});
afterEach(() => book.cleanup());

describe('crm followup', () => {
  beforeEach(() => {
    book.ok(['client', 'add', 'Acme']);
    book.ok(['client', 'add', 'Globex']);
  });

  it('adds follow-ups on a date, tomorrow or a duration from today, and lists open ones soonest first', () => {
    expect(book.ok(['followup', 'add', 'acme', '2026-12-01', 'check in after launch']).stderr).toBe('Follow-up #1 with Acme on 2026-12-01.\n');
    expect(book.ok(['followup', 'add', 'globex', '3d', 'send the revised quote', '--json']).json<FollowUpJson>()).toEqual({
      id: 2, client: { id: 2, name: 'Globex' }, due: '2026-11-26', text: 'send the revised quote', done: false, doneAt: null, overdue: false,
    });
    book.ok(['followup', 'add', 'acme', 'tomorrow', 'call Ana']);
    book.ok(['followup', 'add', 'acme', '1mo', 'quarterly review']);
    book.ok(['followup', 'add', 'acme', '2026-11-20', 'promised numbers', '--force']); // a promise already missed
    const open = book.ok(['followup', 'list', '--json']).json<FollowUpJson[]>();
    expect(open.map((f) => [f.id, f.due, f.overdue])).toEqual([
      [5, '2026-11-20', true], [3, '2026-11-24', false], [2, '2026-11-26', false], [1, '2026-12-01', false], [4, '2026-12-23', false],
    ]);
    const text = book.ok(['followup', 'list', '--client', 'globex']).stdout.trimEnd().split('\n');
    expect(text[0]).toMatch(/^ID\s+DUE\s+STATUS\s+CLIENT\s+TEXT$/);
    expect(text[1]).toMatch(/^\s*2\s+2026-11-26\s+in 3d\s+Globex\s+send the revised quote$/);
    expect(text).toHaveLength(2);
  });

  it('marks a follow-up done: it leaves the open list and shows with --all', () => {
    book.ok(['followup', 'add', 'acme', '3d', 'send the quote']);
    book.ok(['followup', 'add', 'acme', '5d', 'call back']);
    expect(book.ok(['followup', 'done', '1', '--json']).json<FollowUpJson>()).toMatchObject({ id: 1, done: true, doneAt: '2026-11-23T09:00:00.000Z' });
    expect(book.ok(['followup', 'list', '--json']).json<FollowUpJson[]>().map((f) => f.id)).toEqual([2]);
    const all = book.ok(['followup', 'ls', '--all', '--ndjson']).stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as FollowUpJson);
    expect(all.map((f) => [f.id, f.done])).toEqual([[1, true], [2, false]]);
  });

  it('refuses bad dates, empty text, unknown ids and clients, and done twice; changes nothing', () => {
    book.ok(['followup', 'add', 'acme', '3d', 'send the quote']);
    book.ok(['followup', 'done', '1']);
    const digest = fileDigest(book.path);
    expectError(book.run(['followup', 'add', 'acme', 'someday', 'x']), 2, /<when> "someday" is not a date/);
    expectError(book.run(['followup', 'add', 'acme', '3', 'x']), 2, /not a date/);
    expectError(book.run(['followup', 'add', 'acme', '3d', ' ']), 2, /follow-up text is empty/);
    expectError(book.run(['followup', 'add', 'initech', '3d', 'x']), 3, /no client "initech"/);
    expectError(book.run(['followup', 'done', '1']), 2, /already done/);
    expectError(book.run(['followup', 'done', '9']), 3, /no follow-up #9/);
    expectError(book.run(['followup', 'done', 'first']), 2, /not an id/);
    expectError(book.run(['followup', 'list', '--client', 'initech']), 3, /no client "initech"/);
    expect(fileDigest(book.path)).toBe(digest);
  });
});

describe('crm config', () => {
  it('lists every setting with its default, and marks what was changed', () => {
    const defaults = book.ok(['config', 'list', '--json']).json<SettingJson[]>();
    expect(defaults.find((s) => s.key === 'health.weight.bids')).toEqual({
      key: 'health.weight.bids', value: 20, default: 20, changed: false, description: "weight of answering the client's requests (bids for attention)",
    });
    expect(defaults.every((s) => !s.changed && s.value === s.default)).toBe(true);
    expect(fileDigest(book.path)).toBe('missing');

    book.ok(['config', 'set', 'health.weight.bids', '30']);
    book.ok(['config', 'set', 'invoice.currency', 'usd']);
    const changed = book.ok(['config', 'list', '--json']).json<SettingJson[]>().filter((s) => s.changed);
    expect(changed.map((s) => [s.key, s.value])).toEqual([['health.weight.bids', 30], ['invoice.currency', 'USD']]);
    const text = book.ok(['config', 'list']).stdout;
    expect(text).toMatch(/^health\.weight\.bids\s+30\s+weight of answering the client's requests/m);
    expect(text).toMatch(/^health\.weight\.positivity\s+20\s+weight of the tone: good moments against hard ones$/m);
  });

  it('gets, sets and unsets one setting', () => {
    expect(book.ok(['config', 'get', 'health.halflife.bids']).stdout).toBe('45\n');
    expect(book.ok(['config', 'set', 'health.halflife.bids', '30']).stderr).toBe(`health.halflife.bids = 30\n${createdNote(book.path)}`);
    expect(book.ok(['config', 'get', 'health.halflife.bids', '--json']).json()).toEqual({ key: 'health.halflife.bids', value: 30 });
    expect(book.ok(['config', 'unset', 'health.halflife.bids']).stderr).toBe('health.halflife.bids = 45 (default)\n');
    expect(book.ok(['config', 'get', 'health.halflife.bids']).stdout).toBe('45\n');
  });

  it('refuses unknown keys with a suggestion, and invalid values; changes nothing', () => {
    book.ok(['config', 'set', 'health.weight.bids', '30']);
    const digest = fileDigest(book.path);
    expectError(book.run(['config', 'set', 'health.weight.bid', '30']), 2, /unknown setting "health.weight.bid"; did you mean health\.weight\.bids/);
    expectError(book.run(['config', 'get', 'colour']), 2, /unknown setting "colour"/);
    expectError(book.run(['config', 'set', 'health.weight.bids', 'heavy']), 2, /non-negative number/);
    expectError(book.run(['config', 'set', 'health.band.healthy', '120']), 2, /between 0 and 100/);
    expectError(book.run(['config', 'set', 'invoice.currency', 'euro']), 2, /unknown currency/);
    expectError(book.run(['config', 'set', 'health.weight.bids']), 2, /missing required argument/);
    expect(fileDigest(book.path)).toBe(digest);
    expect(book.ok(['config', 'get', 'health.weight.bids']).stdout).toBe('30\n');
  });

  it('unset on a missing book creates nothing', () => {
    book.ok(['config', 'unset', 'health.weight.bids']);
    expect(fileDigest(book.path)).toBe('missing');
  });
});
