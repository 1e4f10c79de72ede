// Issue 9, case 1: an export taken while another crm writes is one state of the book. Each dump, JSON to a file
// or NDJSON through a pipe read slowly (so the export waits on it while the writer commits), imports into a new
// book: no bid names an interaction the dump does not hold.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { BIN, TempBook, childEnv, runCrmAsync } from '../helpers/cli.js';
import { crmInProcess } from '../helpers/in-process.js';

let book: TempBook;
beforeEach(() => {
  book = new TempBook();
});
afterEach(() => book.cleanup());

/** `crm export` read through a pipe that pauses after every chunk, so the export blocks on it while others write. */
function slowExport(format: 'json' | 'ndjson'): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'export', '--format', format], { env: childEnv({ env: { CRM_DB: book.path } }) });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), 30);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`export exited ${code}: ${err}`))));
  });
}

it('every export taken while another crm logs bids is one state of the book, and imports', { timeout: 60_000 }, async () => {
  // Big enough (a few hundred KB of NDJSON) for an export to fill the pipe and wait.
  book.ok(['demo', '--db', book.path, '--clients', '3', '--interactions', '2500', '--invoices', '10', '--seed', '9']);
  let stop = false;
  let logged = 0;
  const writer = (async () => {
    while (!stop) {
      const result = await runCrmAsync(['log', '1', '--from-client', '--bid', 'x'], { env: { CRM_DB: book.path } });
      if (result.code !== 0) throw new Error(`crm log exited ${result.code}: ${result.stderr}`);
      logged++;
    }
  })();

  const dumps: { how: string; text: string }[] = [];
  try {
    for (let i = 0; i < 10; i++) {
      if (i % 2 === 0) {
        const format = i % 4 === 0 ? 'json' : 'ndjson';
        dumps.push({ how: `${format}, slow pipe`, text: await slowExport(format) });
      } else if (i % 4 === 1) {
        const file = join(book.dir, `dump-${i}.json`);
        const result = await runCrmAsync(['export', '--out', file], { env: { CRM_DB: book.path } });
        expect(result.code, result.stderr).toBe(0);
        dumps.push({ how: 'json --out', text: readFileSync(file, 'utf8') });
      } else {
        const result = await runCrmAsync(['export', '--format', 'ndjson'], { env: { CRM_DB: book.path } });
        expect(result.code, result.stderr).toBe(0);
        dumps.push({ how: 'ndjson', text: result.stdout });
      }
    }
  } finally {
    stop = true;
    await writer;
  }

  // The writer committed while the exports ran: the dumps hold different numbers of bids.
  expect(logged).toBeGreaterThan(2);
  const bidCounts = new Set(dumps.map((d) => (d.text.match(/"text":"x"/g) ?? []).length));
  expect(bidCounts.size).toBeGreaterThan(1);

  const failed: string[] = [];
  for (const [i, dump] of dumps.entries()) {
    const imported = await crmInProcess(['import', '-', '--format', dump.how.startsWith('json') ? 'json' : 'ndjson'], {
      db: join(book.dir, `copy-${i}.db`),
      input: dump.text,
    });
    if (imported.code !== 0) failed.push(`dump ${i + 1} (${dump.how}): ${imported.stderr.trim()}`);
  }
  expect(failed, `${failed.length} of ${dumps.length} dumps do not import`).toEqual([]);
});
