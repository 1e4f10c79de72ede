// Runs crm inside the test's process (cli.ts main with captured streams): the exit code, stdout and stderr a user
// would see, without starting a process. For what only a process shows, spawn bin/crm (helpers/cli.ts).
import { Readable } from 'node:stream';
import { main } from '../../src/cli.js';
import type { Streams } from '../../src/context.js';
import { DEFAULT_NOW } from './cli.js';

export interface InProcessRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** crm with `args` against the book `db`, standard input holding `input` (not a terminal), at DEFAULT_NOW; `env` adds to its environment. */
export async function crmInProcess(
  args: string[],
  options: { db: string; input?: string | Uint8Array; env?: NodeJS.ProcessEnv },
): Promise<InProcessRun> {
  let stdout = '';
  let stderr = '';
  const stdin = Object.assign(Readable.from(options.input === undefined ? [] : [Buffer.from(options.input)]), { isTTY: false });
  const streams = {
    stdout: { write: (chunk: string | Uint8Array) => ((stdout += String(chunk)), true), isTTY: false },
    stderr: { write: (chunk: string | Uint8Array) => ((stderr += String(chunk)), true), isTTY: false },
    stdin,
  } as unknown as Streams;
  const code = await main(args, streams, { CRM_DB: options.db, CRM_NOW: DEFAULT_NOW, ...options.env });
  return { code, stdout, stderr };
}
