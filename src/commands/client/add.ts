import type { Command } from '@commander-js/extra-typings';
import type { Context } from '../../context.js';
import { formatOf } from '../../render/output.js';
import { clientJson } from '../../render/json.js';
import { addClient } from '../../store/clients.js';
import { collect, withExamples } from '../shared.js';
import { parseClientName } from '../../core/validate.js';
import { PROFILE_HELP, parseProfile } from './profile.js';

export function registerClientAdd(parent: Command, ctx: Context): void {
  const command = parent
    .command('add')
    .description('add a client')
    .argument('<name>', 'the client name (unique, whatever its case)')
    .option('--email <email>', PROFILE_HELP.email)
    .option('--company <company>', PROFILE_HELP.company)
    .option('--tag <tag>', PROFILE_HELP.tag, collect)
    .option('--since <date>', `${PROFILE_HELP.since}, default today`)
    .option('--cadence <days>', `${PROFILE_HELP.cadence}, default 30`)
    .option('--reply-within <hours>', `${PROFILE_HELP.replyWithin}, default 24`)
    .option('--note <text>', PROFILE_HELP.note)
    .option('--last-contact <date>', PROFILE_HELP.lastContact)
    .option('--json', 'print the new client as JSON')
    .action(async (name, flags) => {
      const format = formatOf(flags);
      const now = ctx.now();
      const profile = await parseProfile(flags, ctx);
      const clientName = parseClientName(name);
      const client = addClient(ctx.book('update', { create: true }), {
        ...profile,
        name: clientName,
        since: profile.since ?? now.today,
        createdAt: now.at,
      });
      ctx.done(`Added ${client.name} (client #${client.id}).`, format, () => clientJson(client));
    });
  withExamples(command, [
    'crm client add "Acme GmbH" --email ops@acme.example --tag retainer',
    'crm client add Globex --since 2025-06-01 --cadence 2w --reply-within 4h',
    'crm client add Initech --since 2019-03-01 --last-contact 2026-10-20',
  ]);
}
