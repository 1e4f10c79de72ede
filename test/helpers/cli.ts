// Runs the real built crm (bin/crm) as a child process against a temporary book.
import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';

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

/** A child's environment: nothing of ours but PATH and HOME, a fixed time zone and clock, then the test's own. */
export function childEnv(options: RunOptions): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'Europe/Berlin', CRM_NOW: options.now ?? DEFAULT_NOW, ...options.env };
}

export function runCrm(args: string[], options: RunOptions = {}): RunResult {
  const result: SpawnSyncReturns<string> = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    input: options.input ?? '',
    env: childEnv(options),
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

/** What the run that creates a book says last, on stderr: where the book now is. */
export function createdNote(path: string): string {
  return `crm: created a new book at ${path}\n`;
}

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
      env: childEnv(options),
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

// --- Helpers for the fuzz test (test/e2e/fuzz.test.ts) ---

export interface SandboxedRunOptions {
  /** the child's working directory */
  cwd: string;
  /** the child's whole environment, besides PATH: nothing else is inherited (HOME, TMPDIR, XDG_* included) */
  env: NodeJS.ProcessEnv;
  input?: string;
  /** killed (SIGKILL) after this long; timedOut tells */
  timeoutMs?: number;
}

export interface SandboxedRunResult extends RunResult {
  timedOut: boolean;
  signal: NodeJS.Signals | null;
  ms: number;
}

/** Runs the built crm without blocking, in cwd, with only the environment given. Never rejects on a bad exit. */
export function runCrmSandboxed(args: string[], options: SandboxedRunOptions): Promise<SandboxedRunResult> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 30_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    // A child that exits before reading its input closes the pipe: not an error of the test.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({
        code: code ?? -1,
        stdout,
        stderr,
        json: () => JSON.parse(stdout),
        timedOut,
        signal,
        ms: performance.now() - started,
      });
    });
  });
}

/** One option of a command, as its --help shows it. */
export interface HelpOption {
  /** the long flag (--summary), else the short one */
  flag: string;
  short?: string;
  /** none: a switch; required: <value>; optional: [value] */
  value: 'none' | 'required' | 'optional';
  /** the placeholder's name: text in "<text>" */
  valueName?: string;
  /** from "(choices: ...)" */
  choices?: string[];
  description: string;
}

/** One positional argument, from the usage line: <name> is required, [name] optional, name... variadic. */
export interface HelpArgument {
  name: string;
  required: boolean;
  variadic: boolean;
}

export interface HelpCommand {
  /** the words that name it: ['client', 'add'] ([] for crm itself) */
  path: string[];
  arguments: HelpArgument[];
  options: HelpOption[];
  /** names of the subcommands (without help) */
  subcommands: string[];
  /** false for a group that only dispatches (crm client): no arguments and no options besides --help */
  runnable: boolean;
}

/** The lines of a help section ("Options:", "Commands:"), each entry's wrapped description joined onto it. */
function helpSection(help: string, title: string): string[] {
  const lines = help.split('\n');
  const start = lines.findIndex((line) => line === `${title}:`);
  if (start < 0) return [];
  const entries: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line === '' || /^\S/.test(line)) break;
    if (/^ {2}\S/.test(line)) entries.push(line.slice(2));
    else if (entries.length > 0) entries[entries.length - 1] += ` ${line.trim()}`;
  }
  return entries;
}

/** Parses one commander help text (its "Usage:" line, "Options:" and "Commands:" sections). */
export function parseHelp(help: string, path: string[]): HelpCommand {
  const usage = /^Usage: (.*)$/m.exec(help)?.[1] ?? '';
  // Usage: crm client add|x [options] <name> [more...]: the tokens after the command's own words.
  const tokens = usage.split(/\s+/).slice(1 + path.length);
  const args: HelpArgument[] = [];
  for (const token of tokens) {
    const m = /^([<[])([^>\]]+?)(\.\.\.)?[>\]]$/.exec(token);
    if (!m || (m[1] === '[' && (m[2] === 'options' || m[2] === 'command'))) continue;
    args.push({ name: m[2]!, required: m[1] === '<', variadic: Boolean(m[3]) });
  }
  const options: HelpOption[] = [];
  for (const entry of helpSection(help, 'Options')) {
    const m = /^(?:(-[\w?]), )?(--?[\w-]+)(?: ([<[])([^>\]]+)[>\]])?(?:\s+(.*))?$/.exec(entry);
    if (!m) continue;
    const description = m[5] ?? '';
    const choicesText = /\(choices: ((?:"[^"]*"(?:, )?)+)/.exec(description)?.[1];
    options.push({
      flag: m[2]!,
      ...(m[1] ? { short: m[1] } : {}),
      value: m[3] === '<' ? 'required' : m[3] === '[' ? 'optional' : 'none',
      ...(m[4] ? { valueName: m[4] } : {}),
      ...(choicesText ? { choices: [...choicesText.matchAll(/"([^"]*)"/g)].map((c) => c[1]!) } : {}),
      description,
    });
  }
  const subcommands = helpSection(help, 'Commands')
    .map((entry) => entry.split(/[\s|]/)[0]!)
    .filter((name) => name !== 'help');
  const runnable = subcommands.length === 0 || args.length > 0 || options.some((o) => o.flag !== '--help');
  return { path, arguments: args, options, subcommands, runnable };
}

/**
 * The whole command surface of the built crm, from its own help texts: crm --help, then crm <cmd> --help and
 * crm <cmd> <sub> --help, recursively. New commands and flags show up here without touching the tests.
 */
export async function discoverCommands(
  run: (args: string[]) => Promise<RunResult> = (args) => runCrmAsync(args),
): Promise<HelpCommand[]> {
  const found: HelpCommand[] = [];
  let level: string[][] = [[]];
  while (level.length > 0) {
    const helps = await Promise.all(level.map((path) => run([...path, '--help'])));
    const next: string[][] = [];
    helps.forEach((result, i) => {
      const path = level[i]!;
      if (result.code !== 0) throw new Error(`crm ${[...path, '--help'].join(' ')} exited ${result.code}: ${result.stderr}`);
      const command = parseHelp(result.stdout, path);
      found.push(command);
      for (const sub of command.subcommands) next.push([...path, sub]);
    });
    level = next;
  }
  return found;
}

/** A command line as a shell would need it: control characters and quotes escaped, so it can be pasted. */
export function shellLine(args: string[], env: NodeJS.ProcessEnv = {}): string {
  const quote = (text: string) => {
    if (/^[\w@%+=:,./-]+$/.test(text)) return text;
    if (/^[\x20-\x7e\u00a0-\u{10ffff}]*$/u.test(text) && !/[\u202a-\u202e\u2066-\u2069]/.test(text)) {
      return `'${text.replaceAll("'", `'\\''`)}'`;
    }
    const body = [...text]
      .map((ch) => {
        const code = ch.codePointAt(0)!;
        if (ch === "'" || ch === '\\') return `\\${ch}`;
        if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0)) return `\\x${code.toString(16).padStart(2, '0')}`;
        if ((code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069) || (code >= 0xd800 && code <= 0xdfff)) {
          return `\\u${code.toString(16).padStart(4, '0')}`;
        }
        return ch;
      })
      .join('');
    return `$'${body}'`;
  };
  const shown = (text: string) => (text.length > 120 ? `${quote(text.slice(0, 20))}"(…${text.length} chars)"` : quote(text));
  const prefix = Object.entries(env).map(([k, v]) => `${k}=${shown(v ?? '')}`);
  return [...prefix, 'crm', ...args.map(shown)].join(' ');
}

// --- Helpers for the reliability and migration tests (test/e2e/reliability.test.ts, test/store/migrations.test.ts) ---
// (Imports here rather than at the top: other sections of this file are edited independently.)

export interface StartedCrm {
  readonly child: ChildProcess;
  /** Resolves when the process has exited, killed or not. */
  readonly done: Promise<RunResult & { signal: NodeJS.Signals | null }>;
  /** true until the process has exited */
  running(): boolean;
}

/** Starts the built crm without waiting for it: for killing it, or for running others while it works. */
export function startCrm(args: string[], options: RunOptions & { umask?: string } = {}): StartedCrm {
  const env = childEnv(options);
  // With a umask, through sh: `umask 000` shows any file crm creates without asking for 0600 itself.
  const child = options.umask
    ? spawn('/bin/sh', ['-c', `umask ${options.umask} && exec "$@"`, 'sh', process.execPath, BIN, ...args], { env })
    : spawn(process.execPath, [BIN, ...args], { env });
  let exited = false;
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin!.on('error', () => undefined);
  child.stdin!.end(options.input ?? '');
  const done = new Promise<RunResult & { signal: NodeJS.Signals | null }>((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      exited = true;
      resolvePromise({ code: code ?? -1, signal, stdout, stderr, json: () => JSON.parse(stdout) });
    });
  });
  return { child, done, running: () => !exited };
}

/** Runs the built crm to its end under a umask (e.g. '000'), like runCrmAsync. */
export function runCrmWithUmask(umask: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  return startCrm(args, { ...options, umask }).done;
}

/** The permission bits of a file: 0o600 for a private one. */
export function fileMode(path: string): number {
  return statSync(path).mode & 0o777;
}

/** Runs fn over items with at most `limit` calls in flight at once; the results in the items' order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/** Waits until check() is true, polling; throws after timeoutMs with what was awaited. */
export async function waitUntil(check: () => boolean, what: string, timeoutMs = 30_000, everyMs = 10): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The size of a file in bytes, 0 when it does not exist (a book's -wal between runs). */
export function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** The rows of a table of a book file, read without crm (and without changing the file). */
export function countRows(path: string, table: string): number {
  const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/**
 * Writes an interactions CSV for `crm import --table interactions`: `rows` rows spread over the clients, each
 * summary `${tag}-${i}` (so a test can tell which import a row came from), instants between `from` and CRM_NOW.
 */
export function writeInteractionsCsv(path: string, rows: number, clients: readonly string[], tag: string, from = '2026-06-01T00:00:00Z'): void {
  const start = Date.parse(from);
  const span = Date.parse(DEFAULT_NOW) - start;
  const channels = ['call', 'meeting', 'video', 'email', 'chat'];
  const lines = ['client,at,channel,summary,tone'];
  for (let i = 0; i < rows; i++) {
    const client = clients[i % clients.length]!;
    const at = new Date(start + Math.floor((span * i) / rows)).toISOString();
    const name = /[",\n]/.test(client) ? `"${client.replaceAll('"', '""')}"` : client;
    lines.push(`${name},${at},${channels[i % channels.length]},${tag}-${i},${(i % 5) - 2}`);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}
