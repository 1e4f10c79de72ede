// crm completion: a completion script for bash, zsh or fish, and the hidden `crm __complete` every script
// calls. __complete reads the command tree itself (subcommands, flags, flag choices) and the book's client
// names, so the scripts never go stale when a command or flag is added.
//
// A client's name is data, whatever it holds (`Dq $(touch x)`, quotes, a line break, an escape sequence):
// the shell must put it on the line quoted so that it reads back exactly and runs nothing. zsh's compadd and
// fish quote what they insert themselves, so they get the names as they are, NUL-ended; bash's readline does
// not, so crm quotes each name for the word as typed (render/shell.ts). test/e2e/completion-shells.test.ts
// types them in the three real shells.
import { existsSync } from 'node:fs';
import type { Command, CommandUnknownOpts, Option } from '@commander-js/extra-typings';
import type { Context } from '../context.js';
import { bashCompletion, readBashWord } from '../render/shell.js';
import { splitUnseen } from '../render/terminal.js';
import { allClientRefs } from '../store/clients.js';
import { parseChoice, withExamples } from './shared.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** The hidden command the scripts call: `crm __complete -- <words typed after crm> <word being completed>`. */
export const COMPLETE_COMMAND = '__complete';

export function registerCompletion(program: Command, ctx: Context): void {
  const completion = program
    .command('completion')
    .description('print a shell completion script: commands, flags and client names')
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
    .argument('[words...]', '--shell=<shell>, then the words after crm; the last one is being completed')
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .action((parsed) => {
      // Called on every TAB: any failure prints nothing rather than garbage on the user's prompt.
      try {
        const { shell, words } = typedWords(program, parsed);
        // bash passes the words as typed, quotes and backslashes included: read them as bash will.
        const typed = shell === 'bash' ? words.map((word) => readBashWord(word)) : undefined;
        const values = typed ? typed.map((word) => word.value) : words;
        const candidates = completionCandidates(program, values, (query, db) => clientNames(ctx, query, db));
        const output = completionOutput(shell, candidates, typed?.at(-1) ?? readBashWord(''));
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
function typedWords(program: Command, parsed: string[]): { shell: Shell | undefined; words: string[] } {
  const raw = (program as unknown as { rawArgs?: string[] }).rawArgs ?? [];
  const at = raw.indexOf(COMPLETE_COMMAND);
  let words = at < 0 ? parsed : raw.slice(at + 1);
  const shell = SHELLS.find((name) => words[0] === `--shell=${name}`);
  if (shell) words = words.slice(1);
  return { shell, words: words[0] === '--' && words.length > 1 ? words.slice(1) : words };
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

/** Client names starting with `query`, whatever its case; none when there is no book. Never writes a file. */
function clientNames(ctx: Context, query: string, db: string | undefined): string[] {
  if (db !== undefined) ctx.useBook(db.replace(/^~(?=\/|$)/, ctx.env.HOME ?? '~'));
  if (!existsSync(ctx.bookPath)) return [];
  const prefix = query.toLowerCase();
  return allClientRefs(ctx.book('read'))
    .map((client) => client.name)
    .filter((name) => name.toLowerCase().startsWith(prefix));
}

/**
 * What can follow `words` (the last one is the partial word, possibly empty): subcommands and aliases,
 * flags of the command and its parents when the word starts with "-", a flag's choices, and client names
 * where a `client` argument or a --client value comes next.
 */
export function completionCandidates(
  program: CommandUnknownOpts,
  words: string[],
  clientNames: (query: string, db: string | undefined) => string[],
): string[] {
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

  if (pending && !(pending.optional && partial.startsWith('-'))) return valuesOf(pending, partial, db, clientNames);
  if (!endOfOptions && partial.startsWith('-')) {
    const [flag, value] = splitFlag(partial);
    const option = value === undefined ? undefined : findOption(command, flag);
    if (option && value !== undefined) return valuesOf(option, value, db, clientNames).map((v) => `${flag}=${v}`);
    return flagsOf(command).filter((f) => f.startsWith(partial));
  }
  const candidates: string[] = [];
  if (positionals === 0 && !endOfOptions) {
    const help = command.createHelp();
    for (const subcommand of help.visibleCommands(command)) {
      candidates.push(...[subcommand.name(), ...subcommand.aliases()].filter((name) => name.startsWith(partial)));
    }
  }
  const argument = nextArgument(command, positionals);
  if (argument?.name() === 'client') candidates.push(...clientNames(partial, db));
  else if (argument?.argChoices) candidates.push(...argument.argChoices.filter((c) => c.startsWith(partial)));
  return candidates;
}

function valuesOf(
  option: Option,
  partial: string,
  db: string | undefined,
  clientNames: (query: string, db: string | undefined) => string[],
): string[] {
  if (option.long === '--client') return clientNames(partial, db);
  return (option.argChoices ?? []).filter((choice) => choice.startsWith(partial));
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
  # The words as typed, quotes and backslashes included: crm reads them as bash will, and quotes each candidate
  # for the word being completed, so that readline can insert it as it is.
  mapfile -t COMPREPLY < <(crm ${COMPLETE_COMMAND} --shell=bash -- "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)
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
  output=$(crm ${COMPLETE_COMMAND} --shell=zsh -- "\${(@Q)words[2,CURRENT-1]}" "\${(Q)PREFIX}" 2>/dev/null)
  candidates=("\${(@0)output}")
  candidates=("\${(@)candidates:#}")
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
    set -l current (commandline -ct)
    # fish matches the candidates against the word itself; crm only needs to know whether it is a flag.
    string match -q -- '-*' $current; or set current ''
    # NUL-ended names, so that one with a line break stays whole; fish quotes each one it inserts.
    crm ${COMPLETE_COMMAND} --shell=fish -- $words $current 2>/dev/null | string split0
end
complete -c crm -f -a '(__crm_complete)'
`;
