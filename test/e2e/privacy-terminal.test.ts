// The passphrase of an encrypted backup asked on a terminal: hidden, asked twice, and the one typed is the key
// (the restore in process with it as CRM_PASSPHRASE). What needs no terminal is in test/unit/privacy.test.ts.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TempBook } from '../helpers/cli.js';
import { crmInProcess } from '../helpers/in-process.js';
import { KEY, runInPty } from '../helpers/pty.js';

let book: TempBook;
beforeEach(() => {
  book = new TempBook();
});
afterEach(() => book.cleanup());

describe('crm backup --encrypt on a terminal', () => {
  it('asks for the passphrase twice without showing it, and the copy opens with it', async () => {
    expect((await crmInProcess(['client', 'add', 'Acme'], { db: book.path })).code).toBe(0);
    const file = join(book.dir, 'crm.enc');
    const env = { CRM_DB: book.path, CRM_TEST_SCRYPT_LOG_N: '10' };
    const typed = 'tr0ub4dor&3';
    const steps = [
      { waitFor: /Passphrase/, send: `${typed}${KEY.enter}` },
      { waitFor: /The same passphrase again/, send: `${typed}${KEY.enter}` },
    ];
    const made = await runInPty(['backup', '--encrypt', file], steps, { env });
    expect(made.code, made.transcript).toBe(0);
    expect(made.transcript).toContain('Backed up 1 client to');
    expect(made.raw).not.toContain(typed);

    const differ = await runInPty(['backup', '--encrypt', join(book.dir, 'other.enc')], [steps[0]!, { ...steps[1]!, send: `not the same${KEY.enter}` }], { env });
    expect(differ.code, differ.transcript).toBe(2);
    expect(differ.transcript).toContain('crm: the two passphrases differ; nothing was written');
    expect(readdirSync(book.dir).sort()).toEqual(['book.db', 'crm.enc']);

    const restored = await crmInProcess(['restore', file, '--yes'], { db: join(book.dir, 'new.db'), env: { CRM_PASSPHRASE: typed } });
    expect(restored.code, restored.stderr).toBe(0);
  });
});
