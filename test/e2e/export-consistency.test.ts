// Issue 9, case 1: an export taken while another crm writes is one state of the book. The export is held still
// part-way through the interactions (its reader stops reading the pipe), another crm logs a bid in a new
// interaction and commits, then the export goes on: the dump must not hold the new bid without its interaction
// (read table by table, it did, and `crm import` of it failed on the foreign key). Every dump imports.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { BIN, TempBook, childEnv } from '../helpers/cli.js';
import { crmInProcess } from '../helpers/in-process.js';

let book: TempBook;
beforeEach(() => {
  book = new TempBook();
});
afterEach(() => book.cleanup());

/** `crm export`, whose pipe is not read from its first chunk until `meanwhile` has run. */
function exportAround(format: 'json' | 'ndjson', meanwhile: () => Promise<void>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'export', '--format', format], { env: childEnv({ env: { CRM_DB: book.path } }) });
    let out = '';
    let err = '';
    let held = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (held) return;
      held = true;
      child.stdout.pause();
      meanwhile().then(() => child.stdout.resume(), reject);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`export exited ${code}: ${err}`))));
  });
}

it('an export is one state of the book while another crm commits, and imports', { timeout: 30_000 }, async () => {
  // Interactions enough (about 500 KB of them) that the export stops inside them once the pipe and its buffer are full.
  book.ok(['demo', '--db', book.path, '--clients', '2', '--interactions', '2500', '--invoices', '2', '--seed', '9']);
  const logBid = async () => {
    const logged = await crmInProcess(['log', '1', '--from-client', '--bid', 'x'], { db: book.path });
    expect(logged.code, logged.stderr).toBe(0);
  };
  const formats = ['json', 'ndjson', 'json', 'ndjson'] as const;
  for (const [i, format] of formats.entries()) {
    const dump = await exportAround(format, logBid);
    const imported = await crmInProcess(['import', '-', '--format', format], { db: join(book.dir, `copy-${i}.db`), input: dump });
    expect(imported.code, `dump ${i + 1} (${format}): ${imported.stderr}`).toBe(0);
    // Begun before the bid was logged, the dump holds the bids logged before it, and not this one.
    expect((dump.match(/"text":"x"/g) ?? []).length, `dump ${i + 1} (${format})`).toBe(i);
  }
});
