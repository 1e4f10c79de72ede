// bin/crm answers --version and every help screen from dist/fast.json without loading the program. These tests
// hold that table to what the program itself prints, for every spelling a user types, and check that anything
// else (a client name before --help, a global option, an unknown command) still reaches the program.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import type { Streams } from '../../src/context.js';
import { BIN, ROOT } from '../helpers/cli.js';
import { PtySession } from '../helpers/pty.js';

const TABLE = JSON.parse(readFileSync(join(ROOT, 'dist', 'fast.json'), 'utf8')) as Record<string, string>;

const dir = mkdtempSync(join(tmpdir(), 'crm-fast-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The program without the launcher's shortcut: what bin/crm would print if it had no table.
const PROGRAM = join(dir, 'program.mjs');
writeFileSync(PROGRAM, `import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist', 'crm.js')).href)}).then((crm) => crm.run());\n`);

const env = { PATH: process.env.PATH, HOME: dir, CRM_DB: join(dir, 'book.db'), NO_COLOR: '1' };
const spawnWith = (script: string, args: string[]) => {
  const r = spawnSync(process.execPath, [script, ...args], { env, encoding: 'utf8', cwd: dir });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

/** What the program prints in this process, as a pipe sees it. */
async function inProcess(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const streams = {
    stdout: { write: (c: string | Uint8Array) => ((stdout += String(c)), true), isTTY: false },
    stderr: { write: (c: string | Uint8Array) => ((stderr += String(c)), true), isTTY: false },
    stdin: { isTTY: false },
  } as unknown as Streams;
  const code = await main(argv, streams, env);
  return { code, stdout, stderr };
}

describe('the table of fast answers', () => {
  it('holds the version, the top-level help and every command and subcommand, each as the program prints it', async () => {
    expect(TABLE['--version']).toMatch(/^\d+\.\d+\.\d+\n$/);
    // Every command the top-level help lists has its screen, and so does every subcommand of a group.
    for (const name of ['client', 'log', 'bid', 'topic', 'voice', 'invoice', 'followup', 'health', 'remind', 'info', 'config', 'demo', 'export', 'import', 'backup', 'restore', 'completion']) {
      expect(Object.keys(TABLE)).toContain(`${name} --help`);
      expect(TABLE['--help']).toContain(`\n  ${name} `);
    }
    for (const sub of ['client add', 'client list', 'client show', 'invoice pay', 'followup done', 'bid answer', 'topic resolve']) {
      expect(Object.keys(TABLE)).toContain(`${sub} --help`);
    }
    for (const [key, text] of Object.entries(TABLE)) {
      const argv = key === '' ? [] : key.split(' ');
      const printed = await inProcess(argv);
      expect({ key, code: printed.code, stderr: printed.stderr, stdout: printed.stdout }).toEqual({ key, code: 0, stderr: '', stdout: text });
    }
  });

  it('every screen fits in 80 columns', () => {
    for (const [key, text] of Object.entries(TABLE)) {
      const wide = text.split('\n').filter((line) => line.length > 80);
      expect({ key, wide }).toEqual({ key, wide: [] });
    }
  });
});

describe('bin/crm', () => {
  it('answers each spelling of version and help exactly as the program does', () => {
    const spellings = [
      [],
      ['-V'],
      ['--version'],
      ['-h'],
      ['--help'],
      ['help'],
      ['help', 'client'],
      ['help', 'client', 'add'],
      ['client', '--help'],
      ['client', 'add', '-h'],
      ['invoice', 'pay', '--help'],
      ['health', '-h'],
    ];
    for (const args of spellings) {
      expect({ args, ...spawnWith(BIN, args) }).toEqual({ args, ...spawnWith(PROGRAM, args) });
    }
  });

  it('leaves everything else to the program: unknown commands, arguments or options before --help, other output', () => {
    const others = [
      ['help', 'nosuch'],
      ['nosuch', '--help'],
      ['client', 'add', 'Acme', '--help'],
      ['--db', join(dir, 'other.db'), '--help'],
      ['--version', 'extra'],
      ['client', 'list'],
      ['health', '--json'],
    ];
    for (const args of others) {
      const launched = spawnWith(BIN, args);
      expect({ args, ...launched }).toEqual({ args, ...spawnWith(PROGRAM, args) });
    }
    // The cases really differ from a help screen: an unknown command is an error, the others do their work.
    expect(spawnWith(BIN, ['help', 'nosuch'])).toMatchObject({ code: 2, stdout: '', stderr: expect.stringMatching(/^crm: unknown command "nosuch" for crm \(one of: client, log, [^\n]*\)\n$/) });
    expect(spawnWith(BIN, ['client', 'list']).stdout).not.toMatch(/^Usage:/);
  });

  it('on a terminal narrower than 80 columns, help comes from the program, wrapped to the terminal', async () => {
    const narrow = new PtySession(['--help'], { columns: 72 });
    const shown = (await narrow.exit()).transcript;
    expect(shown).toContain('Usage: crm [options] [command]');
    // Commander wraps the options and commands to the terminal; the examples after them are kept as written.
    const wrapped = shown.slice(0, shown.indexOf('Examples:')).split('\n');
    expect(wrapped.filter((line) => line.length > 72)).toEqual([]);
    expect(shown.trimEnd()).not.toBe(TABLE['--help']!.trimEnd());
  });

  it('on a wide terminal, help is the 80-column screen of the table', async () => {
    const wide = new PtySession(['help', 'health'], { columns: 160 });
    const result = await wide.exit();
    expect(result.code).toBe(0);
    expect(result.transcript.trimEnd()).toBe(TABLE['health --help']!.trimEnd());
  });
});
