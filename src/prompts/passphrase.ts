// The passphrase of an encrypted backup: from an environment variable (CRM_PASSPHRASE, or the one --passphrase-env
// names), else asked on the terminal without echo (twice for a new backup). Never from a flag: argv is visible to
// every user of the machine (ps) and kept in shell history. Never shown either: no ctrl+t to reveal it.
import type { Context } from '../context.js';
import { InputError } from '../core/errors.js';

export const PASSPHRASE_ENV = 'CRM_PASSPHRASE';

/** `purpose` finishes "... needs a passphrase" ("crm backup --encrypt"); `twice` asks again to confirm it. */
export async function readPassphrase(ctx: Context, options: { variable: string | undefined; purpose: string; twice: boolean }): Promise<string> {
  const variable = options.variable ?? PASSPHRASE_ENV;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) throw new InputError(`--passphrase-env names an environment variable, such as ${PASSPHRASE_ENV}`);
  const value = ctx.env[variable];
  if (value !== undefined) {
    if (value === '') throw new InputError(`${variable} is empty: ${options.purpose} needs a passphrase`);
    return value;
  }
  if (options.variable !== undefined) throw new InputError(`${variable} is not set (named by --passphrase-env): ${options.purpose} reads the passphrase from it`);
  if (!ctx.interactive) {
    throw new InputError(`${options.purpose} needs a passphrase: set ${PASSPHRASE_ENV} (or name a variable with --passphrase-env), or run it on a terminal`);
  }
  const { password } = await import('@inquirer/prompts');
  const streams = { input: ctx.streams.stdin, output: ctx.streams.stdout };
  const validate = (value: string) => value !== '' || 'the passphrase cannot be empty';
  const first = await password({ message: 'Passphrase', validate, toggleMask: false }, streams);
  if (options.twice) {
    const again = await password({ message: 'The same passphrase again', toggleMask: false }, streams);
    if (again !== first) throw new InputError('the two passphrases differ; nothing was written');
  }
  return first;
}
