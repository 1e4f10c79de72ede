import type { Command } from '@commander-js/extra-typings';
import type { Context } from '../../context.js';
import { InputError } from '../../core/errors.js';
import { clientJson } from '../../render/json.js';
import { formatOf, printItem } from '../../render/output.js';
import { endClient, reopenClient } from '../../store/clients.js';
import { checkRelationshipDates, parseText } from '../../core/validate.js';
import { findClient, withExamples } from '../shared.js';

export function registerClientEnd(parent: Command, ctx: Context): void {
  const command = parent
    .command('end')
    .description('end a relationship: kept for history, left out of health and reminders')
    .argument('<client>', 'id, name or unique prefix')
    .option('--on <date>', 'when it ended (YYYY-MM-DD, as display.locale writes it, or words: last friday; default today)')
    .option('--reason <text>', 'why it ended')
    .option('--json', 'print the client as JSON')
    .action(async (query, flags) => {
      const format = formatOf(flags);
      const on = flags.on === undefined ? ctx.now().today : await ctx.readDate(flags.on, '--on');
      const reason = flags.reason === undefined ? null : parseText('endReason', flags.reason, '--reason');
      const db = ctx.book('update');
      const found = findClient(db, query);
      if (found.status === 'ended') throw new InputError(`${found.name} already ended on ${found.endedOn}; crm client reopen to resume`);
      checkRelationshipDates(found.since, on, '--on', 'end');
      const client = endClient(db, found.id, on, reason);
      if (format === 'text') ctx.info(`Ended ${client.name} on ${on}. It stays in the book; crm client reopen undoes this.`);
      else printItem(ctx, format, clientJson(client), () => '');
    });
  withExamples(command, ['crm client end acme --reason "project finished"', 'crm client end acme --on 2026-10-31']);
}

export function registerClientReopen(parent: Command, ctx: Context): void {
  const command = parent
    .command('reopen')
    .description('resume an ended relationship')
    .argument('<client>', 'id, name or unique prefix')
    .option('--json', 'print the client as JSON')
    .action((query, flags) => {
      const format = formatOf(flags);
      const db = ctx.book('update');
      const found = findClient(db, query);
      if (found.status !== 'ended') throw new InputError(`${found.name} has not ended`);
      const client = reopenClient(db, found.id);
      if (format === 'text') ctx.info(`Reopened ${client.name}.`);
      else printItem(ctx, format, clientJson(client), () => '');
    });
  withExamples(command, ['crm client reopen acme']);
}
