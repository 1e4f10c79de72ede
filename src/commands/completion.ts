// crm completion: a completion script for bash, zsh or fish, and the hidden `crm __complete` every script
// calls. __complete reads the command tree itself (subcommands, flags, flag choices) and the book (client names,
// invoice numbers, reminder keys, tags), so the scripts never go stale when a command or flag is added. Where a
// file name comes next (`crm import FILE`, --out, --db), it tells the script so, and the shell completes file
// names its own way.
//
// Every value from the book is data, like a client's name below.
//
// A client's name is data, whatever it holds (`Dq $(touch x)`, quotes, a line break, an escape sequence):
// the shell must put it on the line quoted so that it reads back exactly and runs nothing. zsh's compadd and
// fish quote what they insert themselves, so they get the names as they are, NUL-ended; bash's readline does
// not, so crm quotes each name for the word as typed (render/shell.ts). test/e2e/completion-shells.test.ts
// types them in the three real shells.
import { existsSync } from 'node:fs';
import type { Command, CommandUnknownOpts, Option } from '@commander-js/extra-typings';
import type { Context } from '../context.js';
import { currencyCodes } from '../core/money.js';
import { SETTING_SPECS } from '../core/settings.js';
import { bashCompletion, readBashWord } from '../render/shell.js';
import { splitUnseen } from '../render/terminal.js';
import { allClientRefs, allTags } from '../store/clients.js';
import type { Db } from '../store/open.js';
import { listInvoices } from '../store/invoices.js';
import { reminderKeys } from './remind.js';
import { parseChoice, withExamples } from './shared.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** The hidden command the scripts call: `crm __complete -- <words typed after crm> <word being completed>`. */
export const COMPLETE_COMMAND = '__complete';

export function registerCompletion(program: Command, ctx: Context): void {
  const completion = program
    .command('completion')
    .description('print a shell completion script: commands, flags, file names, book values')
    .argument('<shell>', SHELLS.join(', '))
    .action((shellText) => ctx.out(completionScript(parseChoice(shellText, SHELLS, '<shell>'))));
  withExamples(completion, [
    'source <(crm completion bash)     # in ~/.bashrc',
    'source <(crm completion zsh)      # in ~/.zshrc, after compinit',
    'crm completion fish > ~/.config/fish/completions/crm.fish',
  ]);

  program
    .command(COMPLETE_COMMAND, { hidden: true })
    .description('print the candidates for the last word (used by the completion scripts)')
    .argument('[words...]', '--shell=<shell> [--files], then the words after crm; the last one is being completed')
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .action((parsed) => {
      // Called on every TAB: any failure prints nothing rather than garbage on the user's prompt.
      try {
        const { shell, files, words } = typedWords(program, parsed);
        // bash splits `--channel=` at the "=" and hands the "=" as the word being completed: the value is empty.
        if (shell === 'bash' && words.length > 1 && words.at(-1) === '=') words[words.length - 1] = '';
        // bash passes the words as typed, quotes and backslashes included: read them as bash will.
        const typed = shell === 'bash' ? words.map((word) => readBashWord(word)) : undefined;
        const values = typed ? typed.map((word) => word.value) : words;
        const completion = completionCandidates(program, values, (list, query, db) => bookValues(ctx, list, query, db));
        // A script that takes --files reads first whether the shell should complete file names instead.
        if (files) ctx.outVerbatim(shell === 'bash' ? `${completion.files ? 'files' : 'values'}\n` : `${completion.files ? 'files' : 'values'}\0`);
        const output = completionOutput(shell, completion.values, typed?.at(-1) ?? readBashWord(''));
        if (output) ctx.outVerbatim(output);
      } catch {
        // nothing to offer
      }
    });
}

/**
 * The words exactly as the shell passed them, and the shell the script says it is (`--shell=bash` first;
 * none from a script of an older crm). Commander consumes some of them (a bare `--`, or a global flag such as
 * --db) before the action runs, so they are read back from the raw arguments; the scripts put `--` before the
 * words so that commander leaves them alone.
 */
function typedWords(program: Command, parsed: string[]): { shell: Shell | undefined; files: boolean; words: string[] } {
  const raw = (program as unknown as { rawArgs?: string[] }).rawArgs ?? [];
  const at = raw.indexOf(COMPLETE_COMMAND);
  let words = at < 0 ? parsed : raw.slice(at + 1);
  const shell = SHELLS.find((name) => words[0] === `--shell=${name}`);
  if (shell) words = words.slice(1);
  // Scripts of this crm ask for the directive (files or values) first; a script saved from an older crm does not.
  const files = shell !== undefined && words[0] === '--files';
  if (files) words = words.slice(1);
  return { shell, files, words: words[0] === '--' && words.length > 1 ? words.slice(1) : words };
}

/**
 * The candidates as the script reads them. zsh and fish: each name as it is, NUL-ended (a name may hold a line
 * break); fish reads a tab as the start of a description and puts control characters on the line raw, so those
 * names are left out for it. bash: each quoted for the word as typed, one a line (quoted, none holds a line
 * break). No shell named (a script saved from an older crm, which put some names on the line unquoted): one a
 * line, only the names that are safe anywhere.
 */
export function completionOutput(shell: Shell | undefined, candidates: string[], typed: ReturnType<typeof readBashWord>): string {
  if (shell === 'zsh' || shell === 'fish') {
    const shown = shell === 'fish' ? candidates.filter((name) => !splitUnseen(name).some((part) => part.unseen && part.text !== '\n')) : candidates;
    return shown.map((name) => `${name}\0`).join('');
  }
  const lines =
    shell === 'bash'
      ? candidates.flatMap((name) => bashCompletion(name, typed) ?? [])
      : candidates.filter((name) => !/[$`"'\\!]/.test(name) && !splitUnseen(name).some((part) => part.unseen));
  return lines.map((line) => `${line}\n`).join('');
}

/** What the book can tell: the values a word may take. */
export type BookList = 'client' | 'invoice' | 'reminder' | 'tag';

/** The book's values of `list` starting with `query`, whatever its case; none when there is no book. Never writes a file. */
function bookValues(ctx: Context, list: BookList, query: string, db: string | undefined): string[] {
  if (db !== undefined) ctx.useBook(db.replace(/^~(?=\/|$)/, ctx.env.HOME ?? '~'));
  if (!existsSync(ctx.bookPath)) return [];
  const book = ctx.book('read');
  const prefix = query.toLowerCase();
  return valuesIn(book, list, ctx).filter((value) => value.toLowerCase().startsWith(prefix));
}

function valuesIn(db: Db, list: BookList, ctx: Context): string[] {
  switch (list) {
    case 'client':
      return allClientRefs(db).map((client) => client.name);
    case 'invoice':
      return listInvoices(db).map((invoice) => invoice.number);
    case 'reminder':
      return reminderKeys(db, ctx.now());
    case 'tag':
      return allTags(db);
  }
}

/** Where a value comes from: a fixed set, the book, or the file system (completed by the shell itself). */
type ValueSource = { choices: readonly string[] } | { book: BookList } | 'files' | undefined;

/** An argument's values, by its name and the command it belongs to. */
function argumentSource(command: CommandUnknownOpts, argument: { name(): string; argChoices?: string[] }): ValueSource {
  if (argument.argChoices) return { choices: argument.argChoices };
  const name = argument.name();
  const parent = command.parent?.name();
  if (name === 'client') return { book: 'client' };
  if (name === 'file' || name === 'path') return 'files';
  if (name === 'shell' && command.name() === 'completion') return { choices: SHELLS };
  if (name === 'number' && parent === 'invoice') return { book: 'invoice' };
  if (name === 'key' && parent === 'remind') return { book: 'reminder' };
  if (name === 'key' && parent === 'config') return { choices: Object.keys(SETTING_SPECS) };
  return undefined;
}

/** A flag's values: its choices, the book's clients or tags, currency codes, or file names for a flag that takes a <file> or <path>. */
function optionSource(option: Option): ValueSource {
  if (option.argChoices) return { choices: option.argChoices };
  if (option.long === '--client') return { book: 'client' };
  if (option.long === '--tag') return { book: 'tag' };
  if (option.long === '--currency') return { choices: currencyCodes() };
  if (/<(file|path)>|\[(file|path)\]/.test(option.flags)) return 'files';
  return undefined;
}

/** What a value may be, as the script takes it: the shell's own file names, or these candidates. */
export interface Completion {
  files: boolean;
  values: string[];
}

const NOTHING: Completion = { files: false, values: [] };

function completeValue(source: ValueSource, partial: string, db: string | undefined, book: BookValues): Completion {
  if (source === undefined) return NOTHING;
  if (source === 'files') return { files: true, values: [] };
  if ('book' in source) return { files: false, values: book(source.book, partial, db) };
  return { files: false, values: source.choices.filter((choice) => choice.startsWith(partial)) };
}

type BookValues = (list: BookList, query: string, db: string | undefined) => string[];

/**
 * What can follow `words` (the last one is the partial word, possibly empty): subcommands and aliases,
 * flags of the command and its parents when the word starts with "-", and the values of the argument or flag
 * that comes next (argumentSource, optionSource): choices, values from the book, or file names.
 */
export function completionCandidates(program: CommandUnknownOpts, words: string[], book: BookValues): Completion {
  const typed = words.slice(0, -1);
  const partial = words.at(-1) ?? '';
  let command = program;
  let positionals = 0;
  let endOfOptions = false;
  let pending: Option | undefined; // a flag still waiting for its value
  let db: string | undefined;

  for (let i = 0; i < typed.length; i++) {
    const word = typed[i]!;
    if (pending) {
      const option: Option = pending;
      if (word === '=') continue; // bash splits --client=acme at the "="
      pending = undefined;
      // Like commander: an optional value is taken only when the next word is not a flag.
      if (option.required || !word.startsWith('-')) {
        if (option.long === '--db') db = word;
        continue;
      }
    }
    if (endOfOptions || word === '-' || !word.startsWith('-')) {
      const subcommand = positionals === 0 && !endOfOptions ? findSubcommand(command, word) : undefined;
      if (subcommand) command = subcommand;
      else positionals++;
    } else if (word === '--') {
      endOfOptions = true;
    } else {
      const [flag, value] = splitFlag(word);
      const option = findOption(command, flag);
      if (option && (option.required || option.optional) && value === undefined) pending = option;
      if (option?.long === '--db' && value !== undefined) db = value;
    }
  }

  if (pending && !(pending.optional && partial.startsWith('-'))) return completeValue(optionSource(pending), partial, db, book);
  if (!endOfOptions && partial.startsWith('-')) {
    const [flag, value] = splitFlag(partial);
    const option = value === undefined ? undefined : findOption(command, flag);
    if (option && value !== undefined) {
      // The shells complete a file name after the "=" themselves.
      const { files, values } = completeValue(optionSource(option), value, db, book);
      return { files, values: values.map((v) => `${flag}=${v}`) };
    }
    return { files: false, values: flagsOf(command).filter((f) => f.startsWith(partial)) };
  }
  const candidates: string[] = [];
  if (positionals === 0 && !endOfOptions) {
    const help = command.createHelp();
    for (const subcommand of help.visibleCommands(command)) {
      candidates.push(...[subcommand.name(), ...subcommand.aliases()].filter((name) => name.startsWith(partial)));
    }
  }
  const argument = nextArgument(command, positionals);
  const value = argument ? completeValue(argumentSource(command, argument), partial, db, book) : NOTHING;
  // A subcommand or a file (crm import takes no subcommand): the file names win only where nothing else fits.
  return { files: value.files && !candidates.length, values: [...candidates, ...value.values] };
}

/** `--client=acme` -> ['--client', 'acme']; `--json` -> ['--json', undefined]. */
function splitFlag(word: string): [string, string | undefined] {
  const equals = word.indexOf('=');
  return word.startsWith('--') && equals > 2 ? [word.slice(0, equals), word.slice(equals + 1)] : [word, undefined];
}

function findSubcommand(command: CommandUnknownOpts, word: string): CommandUnknownOpts | undefined {
  return command.commands.find((c) => c.name() === word || c.aliases().includes(word));
}

/**
 * The command and its parents: commander accepts a parent's flags anywhere after it, except those of a parent that
 * takes arguments of its own (`crm log`: its flags are not its subcommands', see log.ts).
 */
function lineage(command: CommandUnknownOpts): CommandUnknownOpts[] {
  const chain: CommandUnknownOpts[] = [command];
  for (let c = command.parent; c; c = c.parent) if (!c.registeredArguments.length) chain.push(c);
  return chain;
}

function findOption(command: CommandUnknownOpts, flag: string): Option | undefined {
  for (const c of lineage(command)) {
    const option = c.options.find((o) => o.long === flag || o.short === flag);
    if (option) return option;
  }
  return undefined;
}

/** Long flags (or the short one when there is no long one) of the command and its parents, --help included. */
function flagsOf(command: CommandUnknownOpts): string[] {
  const flags = lineage(command).flatMap((c) =>
    c
      .createHelp()
      .visibleOptions(c)
      .map((o) => o.long ?? o.short)
      .filter((f): f is string => f !== undefined),
  );
  return [...new Set(flags)];
}

function nextArgument(command: CommandUnknownOpts, positionals: number) {
  const args = command.registeredArguments;
  const last = args.at(-1);
  return positionals < args.length ? args[positionals] : last?.variadic ? last : undefined;
}

export function completionScript(shell: Shell): string {
  return { bash: BASH, zsh: ZSH, fish: FISH }[shell];
}

// Each script hands `crm __complete --shell=<shell>` the words typed so far and takes its candidates as they
// come: crm matched them already (client names whatever their case), and never runs or expands a word.

const BASH = `# crm completion for bash. Load it from ~/.bashrc with:
#   source <(crm completion bash)
_crm_completion() {
  local -a reply
  # The words as typed, quotes and backslashes included: crm reads them as bash will, and quotes each candidate
  # for the word being completed, so that readline can insert it as it is. The first line says what comes:
  # values (the lines after it), or files.
  mapfile -t reply < <(crm ${COMPLETE_COMMAND} --shell=bash --files -- "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)
  COMPREPLY=()
  if [[ \${reply[0]} == files ]]; then
    # No candidates, and readline's own file names (after --out= too: "=" ends a word for readline).
    compopt -o default 2>/dev/null
    return 0
  fi
  COMPREPLY=("\${reply[@]:1}")
}
complete -F _crm_completion crm
`;

const ZSH = `#compdef crm
# crm completion for zsh. Load it from ~/.zshrc (after compinit) with:
#   source <(crm completion zsh)
# or save it as _crm in a directory of your $fpath.
_crm() {
  local output
  local -a candidates
  # (Q) removes the quoting of the words as typed; nothing in them is expanded or run.
  output=$(crm ${COMPLETE_COMMAND} --shell=zsh --files -- "\${(@Q)words[2,CURRENT-1]}" "\${(Q)PREFIX}" 2>/dev/null)
  candidates=("\${(@0)output}")
  # The first one says what comes: values (the others), or files.
  if [[ \${candidates[1]} == files ]]; then
    # zsh's own file names; after --out= they start at the "=".
    [[ $PREFIX == -*=* ]] && compset -P '*='
    _files
    return
  fi
  candidates=("\${(@)candidates[2,-1]:#}")
  (( \${#candidates} )) || return 1
  # crm already matched the prefix; compadd quotes each name for the line.
  compadd -U -- "\${candidates[@]}"
}
if [[ $funcstack[1] == _crm ]]; then
  _crm "$@"
else
  compdef _crm crm
fi
`;

const FISH = `# crm completion for fish. Load it with:
#   crm completion fish | source
# or save it as ~/.config/fish/completions/crm.fish
function __crm_complete
    set -l words (commandline -opc)
    set -e words[1]
    set -l token (commandline -ct)
    set -l current $token
    # fish matches the candidates against the word itself; crm only needs to know whether it is a flag.
    string match -q -- '-*' $current; or set current ''
    # NUL-ended, so that a value with a line break stays whole; the first one says what comes: values, or files.
    set -l reply (crm ${COMPLETE_COMMAND} --shell=fish --files -- $words $current 2>/dev/null | string split0)
    if test "$reply[1]" = files
        # fish's own file names; after --out= they follow the "=".
        set -l flag (string match -r -- '^-[^=]*=' $token)
        __fish_complete_path (string replace -r -- '^-[^=]*=' '' $token) | string replace -r -- '^' "$flag"
        return
    end
    set -e reply[1]
    # fish quotes each one it inserts.
    string join0 -- $reply | string split0
end
complete -c crm -f -a '(__crm_complete)'
`;
