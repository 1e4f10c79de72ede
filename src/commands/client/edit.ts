import type { Command } from '@commander-js/extra-typings';
import type { Context } from '../../context.js';
import { InputError } from '../../core/errors.js';
import { clientJson } from '../../render/json.js';
import { formatOf } from '../../render/output.js';
import { editClient } from '../../store/clients.js';
import { collect, findClient, withExamples } from '../shared.js';
import { checkRelationshipDates, parseClientName } from '../../core/validate.js';
import { PROFILE_HELP, parseProfile } from './profile.js';

export function registerClientEdit(parent: Command, ctx: Context): void {
  const command = parent
    .command('edit')
    .description("change a client's profile; flags not given stay as they are")
    .argument('<client>', 'id, name or unique prefix')
    .option('--name <name>', 'rename the client')
    .option('--email <email>', `${PROFILE_HELP.email} ("" clears it)`)
    .option('--company <company>', `${PROFILE_HELP.company} ("" clears it)`)
    .option('--tag <tag>', `${PROFILE_HELP.tag}; replaces the tags`, collect)
    .option('--no-tags', 'remove every tag')
    .option('--since <date>', PROFILE_HELP.since)
    .option('--cadence <days>', PROFILE_HELP.cadence)
    .option('--reply-within <hours>', PROFILE_HELP.replyWithin)
    .option('--note <text>', `${PROFILE_HELP.note} ("" clears it)`)
    .option('--last-contact <date>', `${PROFILE_HELP.lastContact} ("" clears it)`)
    .option('--json', 'print the client as JSON')
    .action(async (query, flags) => {
      const format = formatOf(flags);
      const patch = await parseProfile(flags, ctx);
      if (flags.name !== undefined) patch.name = parseClientName(flags.name, '--name');
      if (flags.tags === false) {
        if (flags.tag?.length) throw new InputError('--tag and --no-tags cannot be used together');
        patch.tags = [];
      }
      if (!Object.keys(patch).length) throw new InputError('nothing to change: give at least one flag, e.g. --email or --cadence');
      const db = ctx.book('update');
      const found = findClient(db, query);
      if (patch.since !== undefined && found.endedOn !== null) checkRelationshipDates(patch.since, found.endedOn, '--since', 'start');
      const client = editClient(db, found.id, patch);
      ctx.done(`Updated ${client.name} (client #${client.id}).`, format, () => clientJson(client));
    });
  withExamples(command, [
    'crm client edit acme --cadence 2w --reply-within 4h',
    'crm client edit acme --name "Acme Group" --tag key',
    'crm client edit acme --last-contact 2026-10-20',
  ]);
}
