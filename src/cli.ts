// The entry point: builds the command tree, runs one command, maps every failure to one line and an exit code.
import { Command, CommanderError } from '@commander-js/extra-typings';
import { Context, type Streams } from './context.js';
import { CrmError, EXIT_CODES, InputError } from './core/errors.js';
import { suggestNames } from './core/match.js';
import { registerCommands } from './commands/index.js';
import { messageLine } from './render/terminal.js';
import { failureReason } from './store/files.js';
import { bookDamaged } from './store/inspect.js';
import { blockingReferences, orphansIn, type BlockingReference } from './store/doctor.js';
import { BUSY_TIMEOUT_MS, isDamage, openBook } from './store/open.js';

export const VERSION = '0.1.0';

export async function buildProgram(ctx: Context, argv: readonly string[] = []): Promise<Command> {
  const program = new Command()
    .name('crm')
    .description('Keep client relationships healthy: log interactions, bids, conflicts and invoices; see who needs care.')
    .version(VERSION, '-V, --version')
    .option('--db <path>', 'the book to use (default: $CRM_DB, else crm/crm.db in your data folder; crm info shows which)')
    .option('--no-color', 'no colour, even on a terminal (NO_COLOR is honoured too)')
    .option('-q, --quiet', 'print data only, no messages')
    .option('--debug', 'show stack traces on errors (or CRM_DEBUG=1)')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.streams.stdout.write(text),
      writeErr: (text) => ctx.streams.stderr.write(text),
      // Help reads best at 80 columns: narrower on a narrow terminal (this run's, not the process's, which differs
      // in tests), never wider. bin/crm answers help from a table rendered at 80 whenever that is the width.
      getOutHelpWidth: () => (ctx.stdoutIsTTY ? Math.min(ctx.width, 80) : 80),
      getErrHelpWidth: () => 80,
      // One line, whatever commander or the user's input put in it (a suggestion, control characters).
      outputError: (text, write) => write(`crm: ${oneLine(text.replace(/^error: /, ''))}\n`),
    });
  program.addHelpText(
    'after',
    `
Examples:
  $ crm client add "Acme GmbH" --email ops@acme.example --cadence 2w
  $ crm log acme --channel call -m "kick-off" --tone 1 --bid "send the quote"
  $ crm invoice add acme 1500 --terms 30
  $ crm health
  $ crm remind --json | jq '.[] | select(.severity == "urgent")'

Exit codes: 0 ok, 1 runtime failure, 2 bad usage or input, 3 not found or
ambiguous, 4 database problem, 130 an interactive question was cancelled.`,
  );
  await registerCommands(program, ctx, argv);
  // The journal records which command made each change: `client edit`, not its arguments (they may be private).
  program.hook('preAction', (_program, action) => {
    const words: string[] = [];
    for (let command: { name(): string; parent: unknown } | null = action; command?.parent; command = command.parent as typeof command) {
      words.unshift(command.name());
    }
    ctx.commandName = words.join(' ');
  });
  // Subcommands inherit the error handling and output of the program.
  for (const command of allCommands(program)) {
    command.exitOverride().configureOutput(program.configureOutput()).showSuggestionAfterError(true);
  }
  for (const group of [program, ...allCommands(program)]) {
    if (group !== program && group.commands.length && hasAction(group)) subcommandsOwnTheirFlags(group);
    // An action replaces commander's own "missing command" help, and with it its implicit help command: keep that.
    if (group.commands.length && !hasAction(group)) {
      group.helpCommand(true).allowExcessArguments().action(() => missingCommand(ctx, group, program));
    }
  }
  return program;
}

/**
 * A command with flags of its own and subcommands (`crm log acme --tone 1`, `crm log edit 17 --tone 1`): commander
 * hands the command the flags typed after it before it looks for a subcommand, so log would take edit's --tone. The
 * words after a subcommand's name are the subcommand's (and a mistyped one is matched against the subcommand's flags,
 * not log's: `crm log edit 1 --bid x` is not a flag of edit, whatever log takes).
 */
function subcommandsOwnTheirFlags(group: Command): void {
  group.enablePositionalOptions();
  const internals = group as unknown as {
    _parseCommand(operands: string[], unknown: string[]): unknown;
    _findCommand(name: string): unknown;
    _dispatchSubcommand(name: string, operands: string[], unknown: string[]): unknown;
  };
  const parse = internals._parseCommand.bind(group);
  internals._parseCommand = (operands, unknown) =>
    operands[0] !== undefined && internals._findCommand(operands[0])
      ? internals._dispatchSubcommand(operands[0], operands.slice(1), unknown)
      : parse(operands, unknown);
}

function hasAction(command: Command): boolean {
  return Boolean((command as unknown as { _actionHandler?: unknown })._actionHandler);
}

/**
 * A group named without a command (`crm client`), or with an unknown one (`crm client lst`): one line that
 * says what would work. `crm` alone shows the help.
 */
function missingCommand(ctx: Context, group: Command, program: Command): void {
  const word = group.args[0];
  const path = group === program ? 'crm' : `crm ${group.name()}`;
  const names = visibleNames(group);
  if (word === undefined) {
    if (group === program) {
      ctx.streams.stdout.write(program.helpInformation());
      return;
    }
    throw new InputError(`"${group.name()}" needs a command: ${names.join(', ')} (see ${path} --help)`);
  }
  throw unknownCommand(word, path, names);
}

function unknownCommand(word: string, path: string, names: string[]): InputError {
  const near = suggestNames(word, names.map((name, id) => ({ id, name })));
  const hint = near.length ? `; did you mean ${near.join(' or ')}?` : ` (one of: ${names.join(', ')})`;
  return new InputError(`unknown command "${word}" for ${path}${hint}`);
}

function visibleNames(group: Command): string[] {
  return group.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden && c.name() !== 'help').map((c) => c.name());
}

/**
 * `crm help client add` is `crm client add --help` (commander alone shows the help of `client`, and says nothing
 * for `crm help nosuch`); bin/crm answers the same words from its table.
 */
function helpRequest(program: Command, argv: string[]): string[] {
  if (argv[0] !== 'help' || argv.length < 2) return argv;
  const words = argv.slice(1);
  let group = program;
  for (const word of words) {
    const sub = group.commands.find((c) => c.name() !== 'help' && (c.name() === word || c.aliases().includes(word)));
    if (!sub) throw unknownCommand(word, group === program ? 'crm' : `crm ${group.name()}`, visibleNames(group));
    group = sub as unknown as Command;
  }
  return [...words, '--help'];
}

/**
 * A message stays one line, and control characters, escape sequences and bidi overrides (from the user's input,
 * or a file) never reach the terminal raw: they go out through the terminal's door (render/terminal.ts).
 */
export function oneLine(text: string): string {
  const folded = text.trimEnd().replace(/\s*\n\s*(?=\S)/g, ' ').replace(/\t/g, ' ');
  return messageLine(folded);
}

function allCommands(command: Command): Command[] {
  return command.commands.flatMap((c) => [c as unknown as Command, ...allCommands(c as unknown as Command)]);
}

/** Runs crm with the given arguments; resolves to the exit code. Never throws. */
export async function main(argv: string[], streams: Streams, env: NodeJS.ProcessEnv): Promise<number> {
  let program: Command | undefined;
  const ctx = new Context(streams, env, () => program?.opts() ?? {});
  try {
    program = await buildProgram(ctx, argv);
    await program.parseAsync(helpRequest(program, argv), { from: 'user' });
    ctx.succeed(); // what the command changed stands
    return 0;
  } catch (error) {
    ctx.close(); // what the failed command changed and did not commit is rolled back before the error is told
    return report(ctx, error);
  } finally {
    ctx.close();
  }
}

function report(ctx: Context, error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version are not failures; everything else commander rejects is bad usage.
    if (error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
    return 2;
  }
  const { message, code } = describe(error, ctx.bookPath);
  ctx.streams.stderr.write(`crm: ${oneLine(message)}\n`);
  if (ctx.debug && error instanceof Error && error.stack) ctx.streams.stderr.write(`${error.stack}\n`);
  return code;
}

function describe(error: unknown, bookPath: string): { message: string; code: number } {
  if (error instanceof CrmError) return { message: error.message, code: EXIT_CODES[error.category] };
  const code = (error as { code?: unknown })?.code;
  const text = error instanceof Error ? error.message : String(error);
  if (typeof code === 'string' && code.startsWith('SQLITE_')) {
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
      return {
        message: `the book is locked by another crm process (waited ${BUSY_TIMEOUT_MS / 1000} s); nothing was changed, try again`,
        code: 4,
      };
    }
    if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
      const blocking = blockingReferences(bookPath, (path) => openBook(path, { mode: 'read' }));
      if (blocking.length) return { message: blockedMessage(blocking), code: 2 };
      // A row whose parent another program deleted cannot be written again until it is repaired.
      if (orphansIn(bookPath, (path) => openBook(path, { mode: 'read' }))) {
        return {
          message: `rejected by the book: ${text}, and the book has rows whose client (or other parent) is gone (deleted outside crm?): crm doctor explains, crm doctor --fix repairs them; nothing was changed`,
          code: 2,
        };
      }
    }
    if (code.startsWith('SQLITE_CONSTRAINT')) return { message: `rejected by the book: ${text}; nothing was changed`, code: 2 };
    if (isDamage(error)) return { message: bookDamaged(bookPath, text).message, code: 4 };
    if (code.startsWith('SQLITE_READONLY')) return { message: `cannot change the book ${bookPath}: ${text}; nothing was changed`, code: 4 };
    if (code.startsWith('SQLITE_FULL')) return { message: `the disk of ${bookPath} is full; nothing was changed`, code: 4 };
    return { message: `database problem: ${text}`, code: 4 };
  }
  // A file crm was handed that it may not read or write (the error names it): one line, not a stack trace.
  const path = (error as { path?: unknown })?.path;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code) && typeof path === 'string') {
    return { message: `cannot use ${path}: ${failureReason(error)}`, code: 1 };
  }
  return { message: `unexpected error: ${text.split('\n')[0]} (run with --debug for details)`, code: 1 };
}

/** A delete SQLite refused because a table crm did not make points to the rows: which table, and what to do. */
function blockedMessage(blocking: BlockingReference[]): string {
  const named = blocking.map((r) => `${r.table} (${r.column} points to ${r.parent})`).join(', ');
  return (
    `rows of ${blocking.length === 1 ? 'a table' : 'tables'} crm did not make point to what crm was removing: ${named}; ` +
    'crm does not change those tables: delete or change their rows first, or declare the reference ON DELETE CASCADE or SET NULL; nothing was changed'
  );
}

/**
 * The version and every help screen as a pipe sees it (80 columns), by the arguments that print it: bin/crm
 * answers `crm --version`, `crm --help`, `crm client --help` and the like from this table, written at build
 * time, without loading the program.
 */
export async function helpTexts(): Promise<Record<string, string>> {
  const render = async (argv: string[]): Promise<string> => {
    let out = '';
    const sink = { write: (chunk: string | Uint8Array) => ((out += String(chunk)), true), isTTY: false };
    const streams = { stdout: sink, stderr: sink, stdin: { isTTY: false } } as unknown as Streams;
    const code = await main(argv, streams, { PATH: process.env.PATH });
    if (code !== 0) throw new Error(`crm ${argv.join(' ')} exited ${code}: ${out}`);
    return out;
  };
  const texts: Record<string, string> = { '': await render([]), '--version': await render(['--version']), '--help': await render(['--help']) };
  const ctx = new Context({ stdout: { write: () => true }, stderr: { write: () => true }, stdin: {} } as unknown as Streams, {}, () => ({}));
  const program = await buildProgram(ctx, []);
  const visit = async (command: Command, path: string[]): Promise<void> => {
    for (const sub of command.commands) {
      const name = sub.name();
      if (name === 'help' || (sub as unknown as { _hidden?: boolean })._hidden) continue;
      const words = [...path, name];
      texts[`${words.join(' ')} --help`] = await render([...words, '--help']);
      await visit(sub as unknown as Command, words);
    }
  };
  await visit(program, []);
  return texts;
}

/** Runs in the real process: wires the process streams and sets the exit code. */
export async function run(): Promise<void> {
  process.stdout.on('error', outputFailed);
  // Messages that cannot reach a closed or full stderr are lost, but the command carries on: its data is not.
  process.stderr.on('error', () => undefined);
  process.exitCode = await main(process.argv.slice(2), process, process.env);
}

/**
 * Standard output failed. A closed pipe (crm ... | head) is the reader saying it has enough: end quietly, with
 * the exit code as it was. Anything else (a full disk, an I/O error) loses output: one line and exit 1, at once,
 * rather than computing on for nobody (a transaction still open is rolled back, as after a kill).
 */
export function outputFailed(error: NodeJS.ErrnoException): void {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.stderr.write(`crm: cannot write the output: ${oneLine(failureReason(error))}\n`);
  process.exit(1);
}
