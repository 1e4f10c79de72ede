// Every command, and how to load it. crm starts a process for every command it runs, so only the
// invoked command's module is loaded (esbuild puts each in its own chunk); help, completion and unknown
// commands load them all. Each module only declares flags and wires store, core and render.
import type { Command } from '@commander-js/extra-typings';
import type { Context } from '../context.js';

type Register = (program: Command, ctx: Context) => void;

const COMMANDS: { names: string[]; load: () => Promise<Register> }[] = [
  { names: ['client'], load: async () => (await import('./client/index.js')).registerClient },
  { names: ['log'], load: async () => (await import('./log.js')).registerLog },
  { names: ['bid'], load: async () => (await import('./bid.js')).registerBid },
  { names: ['topic'], load: async () => (await import('./topic.js')).registerTopic },
  { names: ['voice'], load: async () => (await import('./voice.js')).registerVoice },
  { names: ['need'], load: async () => (await import('./need.js')).registerNeed },
  { names: ['invoice'], load: async () => (await import('./invoice.js')).registerInvoice },
  { names: ['followup'], load: async () => (await import('./followup.js')).registerFollowUp },
  { names: ['undo'], load: async () => (await import('./undo.js')).registerUndo },
  { names: ['health'], load: async () => (await import('./health.js')).registerHealth },
  { names: ['search'], load: async () => (await import('./search.js')).registerSearch },
  { names: ['remind'], load: async () => (await import('./remind.js')).registerRemind },
  { names: ['doctor'], load: async () => (await import('./doctor.js')).registerDoctor },
  { names: ['info'], load: async () => (await import('./info.js')).registerInfo },
  { names: ['config'], load: async () => (await import('./config.js')).registerConfig },
  { names: ['demo'], load: async () => (await import('./demo.js')).registerDemo },
  { names: ['export'], load: async () => (await import('./export.js')).registerExport },
  { names: ['import'], load: async () => (await import('./import/index.js')).registerImport },
  { names: ['backup', 'restore'], load: async () => (await import('./backup.js')).registerBackup },
  { names: ['completion'], load: async () => (await import('./completion.js')).registerCompletion },
];

/** Global options that take a value: their value is not the command name. */
const GLOBAL_WITH_VALUE = new Set(['--db']);

/** The command the arguments name (the first word that is not a global option), if any. */
export function invokedCommand(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') return argv[i + 1];
    if (GLOBAL_WITH_VALUE.has(word)) i++;
    else if (!word.startsWith('-')) return word;
  }
  return undefined;
}

export async function registerCommands(program: Command, ctx: Context, argv: readonly string[]): Promise<void> {
  const name = invokedCommand(argv);
  const wanted = COMMANDS.find((c) => name !== undefined && c.names.includes(name));
  // `crm` alone, `crm help`, `crm __complete` and typos need every command: to list, complete or suggest.
  const loads = wanted ? [wanted] : COMMANDS;
  const registers = await Promise.all(loads.map((c) => c.load()));
  for (const register of registers) register(program, ctx);
}
