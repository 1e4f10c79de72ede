// Runs crm inside the test's process (cli.ts main with captured streams): the exit code, stdout and stderr a user
// would see, without starting a process. For what only a process shows, spawn bin/crm (helpers/cli.ts).
import { Readable } from 'node:stream';
import { expect } from 'vitest';
import { main } from '../../src/cli.js';
import type { Streams } from '../../src/context.js';
import { DEFAULT_NOW, type RunResult } from './cli.js';

export interface InProcessRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface InProcessOptions {
  db: string;
  input?: string | Uint8Array;
  /** stdout is a terminal this many columns wide (stdin stays a pipe: crm never asks) */
  columns?: number;
  /** adds to (or, with undefined, takes away from) the run's environment; CRM_NOW replaces DEFAULT_NOW */
  env?: NodeJS.ProcessEnv;
}

/** crm with `args` against the book `db`, standard input holding `input` (not a terminal), at DEFAULT_NOW. */
export async function crmInProcess(args: string[], options: InProcessOptions): Promise<InProcessRun> {
  let stdout = '';
  let stderr = '';
  const stdin = Object.assign(Readable.from(options.input === undefined ? [] : [Buffer.from(options.input)]), { isTTY: false });
  const terminal = options.columns === undefined ? { isTTY: false } : { isTTY: true, columns: options.columns };
  const streams = {
    stdout: { write: (chunk: string | Uint8Array) => ((stdout += String(chunk)), true), ...terminal },
    stderr: { write: (chunk: string | Uint8Array) => ((stderr += String(chunk)), true), isTTY: false },
    stdin,
  } as unknown as Streams;
  const code = await main(args, streams, { CRM_DB: options.db, CRM_NOW: DEFAULT_NOW, ...options.env });
  return { code, stdout, stderr };
}

/** A refusal: the code, one line on stderr matching `message`, nothing on stdout. */
export function refused(result: InProcessRun, code: number, message: RegExp): void {
  expect(result.code, result.stderr).toBe(code);
  expect(result.stderr.split('\n').filter(Boolean), result.stderr).toHaveLength(1);
  expect(result.stderr).toMatch(/^crm: /);
  expect(result.stderr).toMatch(message);
  expect(result.stdout).toBe('');
}

/**
 * run and ok for one book, in-process: `run` gives what a user would see (and `json()` of stdout), `ok` fails the
 * test unless the run exits 0. `db` names another book for one run; `env` adds to the run's environment.
 */
export function inProcessBook(path: () => string) {
  const run = async (args: string[], env?: NodeJS.ProcessEnv, db = path()): Promise<RunResult> => {
    const result = await crmInProcess(args, { db, env });
    return { ...result, json: () => JSON.parse(result.stdout) };
  };
  const ok = async (...args: string[]): Promise<RunResult> => {
    const result = await run(args);
    if (result.code !== 0) throw new Error(`crm ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
    return result;
  };
  return { run, ok };
}
