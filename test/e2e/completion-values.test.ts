// What `crm __complete` offers beyond commands, flags and client names (issue 11): file names (left to the shell),
// the shells, invoice numbers, reminder keys, config keys, tags, currencies and every flag's fixed values, in the
// form each shell's script reads. In-process; the real shells type a few of them in completion-shells.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TempBook } from '../helpers/cli.js';
import { crmInProcess, inProcessBook } from '../helpers/in-process.js';

let book: TempBook;
const HOSTILE_TAG = `vip "x" $(touch /tmp/crm-pwned) it's`;
const HOSTILE_NUMBER = 'Q"1" $(x); y';

beforeAll(async () => {
  book = new TempBook();
  const { ok } = inProcessBook(() => book.path);
  await ok('client', 'add', 'Acme GmbH', '--since', '2025-01-01', '--tag', 'retainer', '--tag', HOSTILE_TAG);
  await ok('client', 'add', 'Globex', '--since', '2025-01-01', '--tag', 'Referral');
  await ok('invoice', 'add', 'acme', '1200', '--issued', '2026-08-01', '--due', '2026-09-19');
  await ok('invoice', 'add', 'globex', '300', '--number', HOSTILE_NUMBER);
});
afterAll(() => book.cleanup());

/** The raw output of __complete with these arguments. */
async function complete(...args: string[]): Promise<string> {
  const result = await crmInProcess(['__complete', ...args], { db: book.path });
  expect(result.code).toBe(0);
  return result.stdout;
}

/** What a script of this crm reads: the directive, then the candidates (zsh's NUL-ended form, as they are). */
async function offered(...words: string[]): Promise<{ files: boolean; values: string[] }> {
  const [directive, ...values] = (await complete('--shell=zsh', '--files', '--', ...words)).split('\0').slice(0, -1);
  expect(['files', 'values']).toContain(directive);
  return { files: directive === 'files', values };
}
const values = async (...words: string[]) => {
  const result = await offered(...words);
  expect(result.files).toBe(false);
  return result.values;
};

describe('crm __complete: file names', () => {
  it('leaves file arguments and path flags to the shell: import, backup, restore, --db, --out (= form too)', async () => {
    for (const words of [
      ['import', ''],
      ['import', 'con'],
      ['import', '--format', 'csv', 'c'],
      ['backup', ''],
      ['restore', 'x'],
      ['--db', ''],
      ['--db', '~/bo'],
      ['health', '--db', ''],
      ['export', '--out', ''],
      ['export', '--out=ba'],
    ]) {
      expect(await offered(...words), words.join(' ')).toEqual({ files: true, values: [] });
    }
    // bash splits --out= at the "=", and hands the "=" as the word being completed.
    expect(await complete('--shell=bash', '--files', '--', 'export', '--out', '=')).toBe('files\n');
    expect(await complete('--shell=fish', '--files', '--', 'backup', '')).toBe('files\0');
    // Not where something else goes: a flag, a subcommand, a value.
    expect(await offered('import', '--dr')).toEqual({ files: false, values: ['--dry-run'] });
    expect(await offered('log', 'acme', '')).toEqual({ files: false, values: [] });
    // A script saved from an older crm asks for no directive, and gets none.
    expect(await complete('--shell=bash', '--', 'import', '')).toBe('');
    expect(await complete('--shell=bash', '--', 'completion', '')).toBe('bash\nzsh\nfish\n');
  });
});

describe('crm __complete: values it knows', () => {
  it('offers the shells, invoice numbers, reminder keys and config keys', async () => {
    expect(await values('completion', '')).toEqual(['bash', 'zsh', 'fish']);
    expect(await values('completion', 'z')).toEqual(['zsh']);
    for (const verb of ['pay', 'void', 'edit', 'unpay', 'unvoid']) {
      expect(await values('invoice', verb, ''), verb).toEqual(['INV-1', HOSTILE_NUMBER]);
    }
    expect(await values('invoice', 'pay', 'inv')).toEqual(['INV-1']);
    expect(await values('invoice', 'pay', 'INV-1', '--on', '')).toEqual([]);
    const keys = await values('remind', 'done', '');
    expect(keys).toContain('invoice-overdue:INV-1');
    expect(await values('remind', 'snooze', 'invoice-o')).toEqual(['invoice-overdue:INV-1']);
    expect(await values('remind', 'snooze', 'invoice-overdue:INV-1', '')).toEqual([]); // a duration
    expect(await values('config', 'get', 'health.weight.b')).toEqual(['health.weight.bids']);
    expect(await values('config', 'set', 'invoice.')).toEqual(['invoice.currency', 'invoice.terms.days']);
    expect(await values('config', 'unset', 'display')).toEqual(['display.locale']);
  });

  it('offers tags for --tag, currencies for --currency, and the fixed values of every flag that has them', async () => {
    expect(await values('client', 'list', '--tag', '')).toEqual(['referral', 'retainer', HOSTILE_TAG]);
    expect(await values('client', 'list', '--tag', 're')).toEqual(['referral', 'retainer']);
    expect(await values('client', 'add', 'x', '--tag=v')).toEqual([`--tag=${HOSTILE_TAG}`]);
    expect(await values('invoice', 'add', 'acme', '100', '--currency', 'US')).toEqual(['USD']);
    expect(await values('log', 'list', '--kind', 'b')).toEqual(['bid']);
    expect(await values('log', 'acme', '--horseman', 'c')).toEqual(['criticism', 'contempt']);
    expect(await values('health', '--sort', '')).toContain('score');
    expect(await values('export', '--format', '')).toEqual(expect.arrayContaining(['json', 'csv']));
    expect(await values('import', 'x.csv', '--on-conflict', '')).toEqual(expect.arrayContaining(['skip', 'update', 'fail']));
  });

  it('bash: completes after --channel= (the "=" is a word of its own) and --channel, quoting values for the word typed', async () => {
    const bash = async (...words: string[]) => (await complete('--shell=bash', '--files', '--', ...words)).split('\n').slice(0, -1);
    expect(await bash('log', 'acme', '--channel', '=')).toEqual(['values', 'call', 'meeting', 'video', 'email', 'chat', 'in-person', 'other']);
    expect(await bash('log', 'acme', '--channel', '=', 'em')).toEqual(['values', 'email']);
    expect(await bash('log', 'list', '--channel', 'v')).toEqual(['values', 'video']);
    // Hostile values arrive quoted for the word as typed: nothing in them runs.
    expect(await bash('client', 'list', '--tag', '=', 'v')).toEqual(['values', 'vip\\ \\"x\\"\\ \\$\\(touch\\ /tmp/crm-pwned\\)\\ it\\\'s']);
    expect(await bash('client', 'list', '--tag', '"v')).toEqual(['values', 'vip \\"x\\" \\$(touch /tmp/crm-pwned) it\'s']);
    expect(await bash('invoice', 'void', "'Q")).toEqual(['values', `Q"1" $(x); y`]);
    // fish gets them as they are, NUL-ended, and quotes what it inserts.
    expect(await complete('--shell=fish', '--files', '--', 'invoice', 'void', 'Q')).toBe(`values\0${HOSTILE_NUMBER}\0`);
  });
});
