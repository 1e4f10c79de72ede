// What every command is handed: its streams, its clock, its book. Tests and the CLI build one each.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  formatLocalTime, momentOf, needsWordReader, parseClock, parseDueDate, parseInstant, readDate, type DateInput, type DatePlacement, type Toward,
} from './core/dates.js';
import { InputError } from './core/errors.js';
import type { Instant, LocalDate, Moment } from './core/types.js';
import { forTerminal, messageLine } from './render/terminal.js';
import { recordCreated } from './store/book-records.js';
import { openBook, type Db, type OpenedBook, type OpenOptions } from './store/open.js';
import { locateBook, type BookLocation } from './store/path.js';
import { userLocale } from './store/settings.js';

export interface Streams {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}

export interface GlobalFlags {
  db?: string;
  color?: boolean;
  quiet?: boolean;
  debug?: boolean;
}

export class Context {
  private readonly io: Streams;
  readonly env: NodeJS.ProcessEnv;
  private flags: () => GlobalFlags;
  private opened: (OpenedBook & { mode: OpenOptions['mode'] }) | undefined;
  private clock: Moment | undefined;
  private pathOverride: string | undefined;
  /** the open connection holds this command's read snapshot (query_only) */
  private snapshot = false;
  /** the open connection holds this command's write transaction, not yet committed */
  private pendingWrite = false;
  /** the path of the book this run created, until it is told */
  private createdBook: string | undefined;

  constructor(streams: Streams, env: NodeJS.ProcessEnv, flags: () => GlobalFlags) {
    this.io = streams;
    this.env = env;
    this.flags = flags;
  }

  /**
   * The streams, to speak to the person: whatever the command changed in the book is committed first, so nothing
   * it says (a result, a question) can be followed by an error that undoes it, or precede a change that fails.
   */
  get streams(): Streams {
    this.commit();
    return this.io;
  }

  /** The one "now" of this run: CRM_NOW when set (an ISO instant), else the system clock. */
  now(): Moment {
    if (!this.clock) {
      const fixed = this.env.CRM_NOW;
      this.clock = momentOf(fixed ? parseClock(fixed) : Date.now());
    }
    return this.clock;
  }

  /** "Now" for a command with --at: as of that time (a bare date means the end of that day). */
  async asOf(at: string | undefined): Promise<Moment> {
    if (at === undefined) return this.now();
    return momentOf(await this.readTime(at, 'end', '--at'));
  }

  /** A time as a file holds it (an import): YYYY-MM-DD, an ISO instant, today or yesterday; never in words or a locale's order. */
  parseTime(text: string, placement: DatePlacement, what: string): number {
    return parseInstant(text, this.now(), placement, what);
  }

  /**
   * A time typed by the user (a flag such as --at, an answer to a question): besides YYYY-MM-DD and ISO instants, a date
   * in the order of display.locale (31-12-2026 14:00 under nl-NL) or words (yesterday 14:00, last friday).
   */
  async readTime(text: string, placement: DatePlacement, what: string, toward: Toward = 'past'): Promise<Instant> {
    return parseInstant(text, this.now(), placement, what, await this.dateInput(text), toward);
  }

  /**
   * A time typed for something that has happened (log --at, bid answer --at...): one in the future is refused, naming
   * the time it was read as (a minute of grace for clocks apart).
   */
  async readPastTime(text: string, what: string, advice: string): Promise<Instant> {
    const at = await this.readTime(text, 'noon', what);
    if (at > this.now().at + 60_000) throw new InputError(`${what} ${text} is in the future (${formatLocalTime(at)}): ${advice}`);
    return at;
  }

  /** A date typed by the user (--since, --issued, --on...), read as readTime reads it. */
  async readDate(text: string, what: string, toward: Toward = 'past'): Promise<LocalDate> {
    return readDate(text, this.now(), what, await this.dateInput(text), toward);
  }

  /** A due date typed by the user: a date as readDate reads it, or a duration from today (3d, 2w, 1mo). */
  async readDueDate(text: string, what: string): Promise<LocalDate> {
    return parseDueDate(text, this.now(), what, await this.dateInput(text));
  }

  /**
   * How this run reads a typed date: display.locale is looked up in the book only for a date of numbers such as
   * 03/04/2026, and the parser of words is loaded only for words: a command given YYYY-MM-DD pays for neither.
   */
  private async dateInput(text: string): Promise<DateInput> {
    const words = needsWordReader(text) ? (await import('./core/natural.js')).readWords : undefined;
    return { locale: () => userLocale(this.book('read')), ...(words && { words }) };
  }

  get bookPath(): string {
    return this.bookLocation.path;
  }

  /** The book's path and where it came from (--db, CRM_DB or the default), for messages that say why it is there. */
  get bookLocation(): BookLocation {
    return this.pathOverride === undefined ? locateBook(this.flags().db, this.env) : { path: this.pathOverride, source: '--db' };
  }

  /** Points this run at another book (crm demo writes to its own file, never the user's book). */
  useBook(path: string): void {
    this.close();
    this.pathOverride = path;
  }

  /** The --db flag alone, without CRM_DB or the default. */
  get explicitBookPath(): string | undefined {
    return this.flags().db;
  }

  /**
   * Opens the book once per run.
   *
   * 'read' sees one snapshot for the whole command (a write committed meanwhile by another crm is seen wholly or not
   * at all, in every table alike) through a connection that cannot change the file (./store/open.ts); a missing or
   * empty book reads as an empty one and nothing is created.
   *
   * 'update' is for commands that change rows which must already exist (log, edit, pay...): a missing book has none,
   * so it is opened empty in memory and the lookup fails without creating a file. On a book, the command runs in one
   * write transaction, committed when it first speaks (see `streams`) or ends; an error before then (a damaged page
   * read after the change, a lookup that fails) rolls all of it back.
   *
   * 'write' may create the book; its command commits through transactions of its own.
   *
   * `ownTransactions`: a read that runs transactions of its own gets a connection without the snapshot: a private
   * copy in memory, to write into and roll back (a dry-run import), or with `readOnly` the file itself, read-only
   * (backup's VACUUM INTO).
   */
  book(requested: 'read' | 'write' | 'update', options: { ownTransactions?: boolean; readOnly?: boolean } = {}): Db {
    const scratch = requested === 'read' && options.ownTransactions && !options.readOnly;
    const mode: OpenOptions['mode'] =
      requested === 'read' ? (scratch ? 'scratch' : 'read') : requested === 'write' || existsSync(this.bookPath) ? 'write' : 'read';
    if (this.opened && (this.opened.mode === mode || this.opened.mode === 'write')) {
      if (requested !== 'read' || options.ownTransactions) this.endSnapshot();
      if (requested === 'update') this.beginWrite();
      return this.opened.db;
    }
    this.close();
    const opened = openBook(this.bookPath, {
      mode,
      now: this.now().at,
      onBackup: (path) => this.info(`crm: copied the book to ${path} before upgrading it`),
      onCreate: (path) => {
        this.createdBook = path;
      },
    });
    this.opened = { ...opened, mode };
    if (requested === 'read' && !options.ownTransactions) {
      this.opened.db.pragma('query_only = ON');
      this.opened.db.exec('BEGIN');
      this.snapshot = true;
    }
    if (requested === 'update') this.beginWrite();
    return this.opened.db;
  }

  private beginWrite(): void {
    if (!this.opened?.writable || this.pendingWrite || this.opened.db.inTransaction) return;
    this.opened.db.exec('BEGIN IMMEDIATE'); // waits (busy timeout) for another crm that is writing
    this.pendingWrite = true;
  }

  /**
   * The command succeeded: what it changed stands. A book it created records when (crm info), and is named, once,
   * by the run that made it: after the command's own words, as only a command that succeeded made a book (one that
   * fails removes a book it made, as crm import does, or leaves no row in it). A book this run was pointed at itself
   * (crm demo) is named by its command.
   */
  succeed(): void {
    this.commit();
    const created = this.createdBook;
    if (created === undefined) return;
    this.createdBook = undefined;
    const db = this.opened?.db;
    if (db?.open && !db.inTransaction && resolve(this.opened!.path) === resolve(created)) recordCreated(db, this.now().at);
    if (this.pathOverride === undefined) this.info(`crm: created a new book at ${resolve(created)}`);
  }

  /** Commits the command's write transaction, if one is open: the command succeeded, or is about to say so. */
  commit(): void {
    if (!this.pendingWrite || !this.opened) return;
    this.pendingWrite = false;
    if (this.opened.db.inTransaction) this.opened.db.exec('COMMIT');
  }

  /** A command that read first and now writes: the snapshot ends, writes are allowed. */
  private endSnapshot(): void {
    if (!this.snapshot || !this.opened) return;
    if (this.opened.db.inTransaction) this.opened.db.exec('ROLLBACK'); // only reads were made: nothing to keep
    this.opened.db.pragma('query_only = OFF');
    this.snapshot = false;
  }

  /**
   * Closes the book, rolling back what the command has not committed. Never throws: it runs after a failure, when a
   * statement of the failed command may still be open (an iteration cut short), which makes better-sqlite3 refuse
   * ROLLBACK and close as "busy". Then the transaction is rolled back in unsafe mode, and the connection is left to
   * the end of the process.
   */
  close(): void {
    const opened = this.opened;
    this.opened = undefined;
    this.snapshot = false;
    this.pendingWrite = false;
    if (!opened?.db.open) return;
    try {
      if (opened.db.inTransaction) opened.db.exec('ROLLBACK');
      opened.close();
    } catch {
      try {
        opened.db.unsafeMode(true);
        if (opened.db.inTransaction) opened.db.exec('ROLLBACK');
      } catch {
        // Nothing was committed: SQLite discards the transaction when the process ends.
      }
    }
  }

  get stdoutIsTTY(): boolean {
    return Boolean(this.io.stdout.isTTY);
  }

  get interactive(): boolean {
    return Boolean(this.io.stdin.isTTY && this.io.stdout.isTTY);
  }

  /** Colour follows NO_COLOR, FORCE_COLOR, --no-color, then whether stdout is a terminal. */
  get color(): boolean {
    if (this.flags().color === false) return false;
    if (this.env.NO_COLOR) return false;
    if (this.env.FORCE_COLOR !== undefined) return this.env.FORCE_COLOR !== '0';
    return this.stdoutIsTTY && this.env.TERM !== 'dumb';
  }

  /** Width for wrapped text: the terminal's, else COLUMNS, else 80 (mail from cron reads well at 80). */
  get width(): number {
    return this.io.stdout.columns || Number(this.env.COLUMNS) || 80;
  }

  /** Width for tables: cut to the terminal, never when piped (so grep and awk see whole cells). */
  get tableWidth(): number {
    return this.stdoutIsTTY ? this.width : Number.POSITIVE_INFINITY;
  }

  get quiet(): boolean {
    return Boolean(this.flags().quiet);
  }

  get debug(): boolean {
    return Boolean(this.flags().debug) || this.env.CRM_DEBUG === '1';
  }

  /**
   * Text, to stdout. It goes out through the terminal's door (render/terminal.ts): line breaks and crm's own
   * colour codes pass; any other control, escape sequence or bidi override left in it is printed escaped.
   */
  out(text: string): void {
    const shown = forTerminal(text, { colour: this.color, lineBreaks: true });
    this.streams.stdout.write(shown.endsWith('\n') ? shown : `${shown}\n`);
  }

  /** A format that escapes for its own reader (JSON, iCalendar, a shell's completion words): to stdout as it is. */
  outVerbatim(text: string): void {
    this.streams.stdout.write(text);
  }

  /**
   * A message for the person (not data): one line to stderr, silenced by -q. Through the terminal's door:
   * a line break or a control character in it (a client's name...) is printed escaped.
   */
  info(text: string): void {
    if (!this.quiet) this.streams.stderr.write(`${messageLine(text)}\n`);
  }
}

