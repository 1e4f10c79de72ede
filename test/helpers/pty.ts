// Runs the real built crm (bin/crm) on a pseudo-terminal, so that it sees a TTY and asks its questions.
// No native dependency: python3's pty module does the terminal (test/helpers/pty_driver.py) and this
// side decides what to type: wait for a text on the screen, then send keys.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { BIN, DEFAULT_NOW } from './cli.js';

const DRIVER = join(import.meta.dirname, 'pty_driver.py');

/** Keys as a terminal sends them. */
export const KEY = {
  enter: '\r',
  down: '\x1b[B',
  up: '\x1b[A',
  backspace: '\x7f',
  ctrlC: '\x03',
  ctrlD: '\x04',
} as const;

export interface PtyOptions {
  env?: NodeJS.ProcessEnv;
  now?: string;
  /** the whole run, from start to exit (default 20 s) */
  timeoutMs?: number;
  columns?: number;
  rows?: number;
  /** what to run instead of the built crm (a shell, for the completion tests); `args` follow it */
  command?: string[];
}

export interface PtyResult {
  code: number;
  /** what the terminal showed, escape sequences removed */
  transcript: string;
  /** what the terminal received, as is */
  raw: string;
}

/** Escape sequences (colours, cursor moves, screen clearing) out, text in. */
export function stripAnsi(text: string): string {
  return text
    .replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '')
    .replace(/\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g, '')
    .replace(/\x1b[()][0-9A-Za-z]/g, '')
    .replace(/\x1b[=>78NOMDEHc]/g, '')
    .replace(/\r/g, '');
}

/** One crm process on a terminal. Call expect() for each question, send() the answer, then exit(). */
export class PtySession {
  private readonly child: ChildProcessWithoutNullStreams;
  private raw = '';
  /** where in the transcript the next expect() starts looking */
  private seen = 0;
  private readonly exited: Promise<number>;
  private readonly deadline: number;
  private listeners = new Set<() => void>();
  private timedOut = false;

  constructor(args: string[], options: PtyOptions = {}) {
    const timeoutMs = options.timeoutMs ?? 20_000;
    this.deadline = Date.now() + timeoutMs;
    this.child = spawn(
      'python3',
      [DRIVER, String(options.columns ?? 100), String(options.rows ?? 30), ...(options.command ?? [process.execPath, BIN]), ...args],
      {
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          TZ: 'Europe/Berlin',
          CRM_NOW: options.now ?? DEFAULT_NOW,
          NO_COLOR: '1',
          TERM: 'xterm-256color',
          ...options.env,
        },
      },
    );
    this.child.stdout.setEncoding('utf8');
    this.child.stderr.setEncoding('utf8');
    const shown = (chunk: string) => {
      this.raw += chunk;
      for (const listener of this.listeners) listener();
    };
    this.child.stdout.on('data', shown);
    this.child.stderr.on('data', shown); // the driver's own failures, if any
    this.child.stdin.on('error', () => {}); // typing after the end is not our concern here
    const timer = setTimeout(() => {
      this.timedOut = true;
      this.child.kill('SIGKILL');
    }, timeoutMs);
    this.exited = new Promise((resolve, reject) => {
      this.child.on('error', reject);
      this.child.on('close', (code, signal) => {
        clearTimeout(timer);
        for (const listener of this.listeners) listener();
        resolve(code ?? 128 + (signal === 'SIGKILL' ? 9 : 15));
      });
    });
  }

  get transcript(): string {
    return stripAnsi(this.raw);
  }

  /** Waits until the text shows up after what the previous expect() matched; returns the screen text so far. */
  expect(wanted: string | RegExp, timeoutMs = this.deadline - Date.now()): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const text = this.transcript;
        const rest = text.slice(this.seen);
        const match = typeof wanted === 'string' ? indexOf(rest, wanted) : wanted.exec(rest);
        if (match) {
          this.seen += match.index + match[0].length;
          done();
          resolve(text);
        } else if (this.child.exitCode !== null || this.child.signalCode !== null || this.timedOut) {
          done();
          reject(this.failure(`the process ended before showing ${String(wanted)}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(this.failure(`timed out waiting for ${String(wanted)}`));
      }, Math.max(0, timeoutMs));
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  /** Types keys (text, KEY.enter, KEY.down...). */
  send(keys: string): void {
    this.child.stdin.write(keys);
  }

  /** Waits for the question, then answers it. */
  async answer(question: string | RegExp, keys: string): Promise<void> {
    await this.expect(question);
    this.send(keys);
  }

  /** Waits for crm to end; resolves to its exit code and what the terminal showed. */
  async exit(): Promise<PtyResult> {
    const code = await this.exited;
    if (this.timedOut) throw this.failure('timed out waiting for crm to exit');
    return { code, transcript: this.transcript, raw: this.raw };
  }

  /** Stops the run (used when a test fails half-way). */
  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }

  private failure(what: string): Error {
    return new Error(`${what}; the terminal showed:\n${this.transcript.slice(-3000)}`);
  }
}

function indexOf(text: string, wanted: string): { index: number; 0: string } | null {
  const index = text.indexOf(wanted);
  return index === -1 ? null : { index, 0: wanted };
}

/** Runs crm on a terminal with scripted answers: each step waits for its text, then sends its keys. */
export async function runInPty(
  args: string[],
  steps: { waitFor: string | RegExp; send: string }[],
  options: PtyOptions = {},
): Promise<PtyResult> {
  const session = new PtySession(args, options);
  try {
    for (const step of steps) await session.answer(step.waitFor, step.send);
    return await session.exit();
  } finally {
    session.kill();
  }
}
