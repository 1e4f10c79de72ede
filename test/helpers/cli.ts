// Runs the real built crm (bin/crm) as a child process against a temporary book.
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin', 'crm');
export const DEFAULT_NOW = '2026-11-23T09:00:00Z';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON */
  json: <T = any>() => T;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  input?: string;
  now?: string;
}

/** A temporary folder holding one book; call cleanup() in afterEach. */
export class TempBook {
  readonly dir: string;
  readonly path: string;
  now: string = DEFAULT_NOW;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'crm-test-'));
    this.path = join(this.dir, 'book.db');
  }

  run(args: string[], options: RunOptions = {}): RunResult {
    return runCrm(args, {
      ...options,
      env: { CRM_DB: this.path, ...options.env },
      now: options.now ?? this.now,
    });
  }

  /** Runs and fails the test with the stderr if the exit code is not 0. */
  ok(args: string[], options: RunOptions = {}): RunResult {
    const result = this.run(args, options);
    if (result.code !== 0) throw new Error(`crm ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
    return result;
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function runCrm(args: string[], options: RunOptions = {}): RunResult {
  const result: SpawnSyncReturns<string> = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    input: options.input ?? '',
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TZ: 'Europe/Berlin',
      CRM_NOW: options.now ?? DEFAULT_NOW,
      ...options.env,
    },
    timeout: 60_000,
  });
  if (result.error) throw result.error;
  return {
    code: result.status ?? -1,
    stdout: result.stdout,
    stderr: result.stderr,
    json: () => JSON.parse(result.stdout),
  };
}

// --- Helpers for the book's end-to-end tests ---

/** sha256 of a file's bytes, or 'missing' when there is no file: equal digests mean nothing was written. */
export function fileDigest(path: string): string {
  if (!existsSync(path)) return 'missing';
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Everything a user can see in a book, through the built crm's JSON output. */
export function snapshotBook(book: TempBook): Record<string, unknown> {
  const read = (args: string[]) => {
    const result = book.ok([...args, '--json']);
    return result.json();
  };
  return {
    clients: read(['client', 'list', '--all']),
    bids: read(['bid', 'list']),
    topics: read(['topic', 'list']),
    invoices: read(['invoice', 'list']),
    followUps: read(['followup', 'list', '--all']),
    settings: read(['config', 'list']),
  };
}

/** The exit code and the whole of stderr of a failed run: one "crm: ..." line, no stack trace. */
export function expectError(result: RunResult, code: number, message?: RegExp): void {
  const context = `stderr: ${result.stderr}`;
  if (result.code !== code) throw new Error(`expected exit ${code}, got ${result.code}; ${context}`);
  const lines = result.stderr.split('\n').filter(Boolean);
  if (lines.length !== 1) throw new Error(`expected one line on stderr, got ${lines.length}; ${context}`);
  if (!lines[0]!.startsWith('crm: ')) throw new Error(`stderr does not start with "crm: "; ${context}`);
  if (/\n\s+at |Error:|\.ts:\d+|\.js:\d+/.test(result.stderr)) throw new Error(`stderr shows a stack trace or error class; ${context}`);
  if (message && !message.test(lines[0]!)) throw new Error(`stderr does not match ${message}; ${context}`);
  if (result.stdout !== '') throw new Error(`a failed run printed data on stdout: ${result.stdout}`);
}

/** Like runCrm, without blocking: for running several crm processes at once. */
export function runCrmAsync(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TZ: 'Europe/Berlin',
        CRM_NOW: options.now ?? DEFAULT_NOW,
        ...options.env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdin.end(options.input ?? '');
    child.on('error', reject);
    child.on('close', (code) =>
      resolvePromise({ code: code ?? -1, stdout, stderr, json: () => JSON.parse(stdout) }),
    );
  });
}
