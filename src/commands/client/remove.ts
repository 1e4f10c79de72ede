import type { Command } from '@commander-js/extra-typings';
import type { Context } from '../../context.js';
import { InputError } from '../../core/errors.js';
import { clientJson } from '../../render/json.js';
import { removeClient } from '../../store/clients.js';
import { findClient, withExamples } from '../shared.js';
import { confirm } from '../../prompts/confirm.js';

export function registerClientRemove(parent: Command, ctx: Context): void {
  const command = parent
    .command('remove')
    .alias('rm')
    .description('delete a client and everything logged about it (to keep history, use crm client end)')
    .argument('<client>', 'id, name or unique prefix')
    .option('-y, --yes', 'do not ask (needed when not on a terminal)')
    .option('--json', 'print the removed client as JSON')
    .action(async (query, flags) => {
      const db = ctx.book('update');
      const client = findClient(db, query);
      if (!flags.yes) {
        if (!ctx.interactive) {
          throw new InputError(`removing ${client.name} deletes all its history: add --yes to confirm (no terminal to ask on)`);
        }
        const sure = await confirm(ctx, `Delete ${client.name} (client #${client.id}) and all its interactions, bids and invoices?`);
        if (!sure) {
          ctx.info('Nothing removed.');
          return;
        }
      }
      removeClient(db, client.id);
      ctx.done(`Removed ${client.name} (client #${client.id}) and its history.`, flags.json ? 'json' : 'text', () => ({ ...clientJson(client), removed: true }));
    });
  withExamples(command, ['crm client remove "Test client"', 'crm client remove 12 --yes']);
}
