// crm need: what each client needs, prefers and aims for (the needs, goals and preferences logged with crm log
// --need/--goal/--preference), to look them up by id and correct or remove one. Needs have no command of their own
// besides: they are learned in interactions, and `crm client show` lists a client's.
import { Option, type Command } from '@commander-js/extra-typings';
import type { Context } from '../context.js';
import { InputError } from '../core/errors.js';
import { NEED_KINDS, type Client, type Need } from '../core/types.js';
import { parseText } from '../core/validate.js';
import { quoted } from '../core/words.js';
import { day } from '../render/client.js';
import { needJson, ref } from '../render/json.js';
import { formatOf, printListing } from '../render/output.js';
import { palette } from '../render/style.js';
import { table } from '../render/table.js';
import { editNeed, listNeeds, needOf, removeNeed } from '../store/needs.js';
import { clientListCommand, editedLine, listScope, ofKnownClients, parseChoice, parseId, registerRemove, ownerOf, withExamples } from './shared.js';

/** A need with its client, as crm need prints it: needJson's keys and `client`. */
const needItemJson = (need: Need, client: Client) => ({ ...needJson(need), client: ref(client) });

export function registerNeed(program: Command, ctx: Context): void {
  const need = program.command('need').description("list, correct or remove what clients need, prefer and aim for (logged with crm log --need)");
  withExamples(need, ['crm log acme --need "weekly status by email"   # learn one as you log', 'crm need list acme', 'crm need edit 5 --kind goal']);

  const list = clientListCommand(need, 'needs, goals and preferences, oldest first (all clients, or one)')
    .action((query, flags) => {
      const format = formatOf(flags);
      const db = ctx.book('read');
      const { client, clients } = listScope(db, query);
      const items = ofKnownClients(ctx, listNeeds(db, client?.id), clients, ['need']).map((n) => needItemJson(n, clients.get(n.clientId)!));
      printListing(ctx, format, items, 'No needs logged yet. Learn one as you log: crm log acme --need "weekly status by email"', () => {
        const c = palette(ctx.color);
        return table(
          items,
          [
            { header: 'ID', cell: (n) => String(n.id), align: 'right' },
            { header: 'LEARNED', cell: (n) => day(n.learnedAt), drop: true, priority: 30 },
            { header: 'CLIENT', cell: (n) => n.client.name, cut: true, min: 10, preferred: 18, priority: 60 },
            { header: 'KIND', cell: (n) => n.kind },
            // What the client needs is the point of the list: it keeps the most room.
            { header: 'TEXT', cell: (n) => n.text, cut: true, min: 16, preferred: 40, priority: 80 },
          ],
          { width: ctx.tableWidth, header: (h) => c.dim(h) },
        );
      });
    });
  withExamples(list, ['crm need list', 'crm need list acme --json']);

  const edit = need
    .command('edit')
    .description('correct a need: its words, or whether it is a need, a goal or a preference')
    .argument('<id>', 'the need id (see crm need list)')
    .option('--text <text>', 'what the client needs, aims for or prefers')
    .addOption(new Option('--kind <kind>', 'need, goal or preference').choices(NEED_KINDS))
    .option('--json', 'print the need as JSON')
    .action((idText, flags) => {
      const format = formatOf(flags);
      const id = parseId(idText, 'need');
      const patch = {
        ...(flags.text === undefined ? {} : { text: parseText('need', flags.text, '--text') }),
        ...(flags.kind === undefined ? {} : { kind: parseChoice(flags.kind, NEED_KINDS, '--kind') }),
      };
      if (!Object.keys(patch).length) throw new InputError('nothing to change: give --text or --kind (see crm need edit --help)');
      const db = ctx.book('update');
      const { before, after } = editNeed(db, id, patch);
      const client = ownerOf(db, after.clientId);
      const changes = [
        ...(before.text === after.text ? [] : [`text ${quoted(after.text)}`]),
        ...(before.kind === after.kind ? [] : [`${before.kind} → ${after.kind}`]),
      ];
      ctx.done(editedLine(`need #${id} of ${client.name}`, changes), format, () => needItemJson(after, client));
    });
  withExamples(edit, ['crm need edit 5 --text "a weekly status by email, Fridays"', 'crm need edit 5 --kind preference']);

  registerRemove(need, ctx, {
    noun: 'need',
    description: 'remove a need, goal or preference that was wrong, or is no longer true',
    idHelp: 'the need id (see crm need list)',
    examples: ['crm need remove 5', 'crm need remove 5 --yes'],
    find: needOf,
    remove: removeNeed,
    label: (found, client) => `need #${found.id} of ${client.name} (${found.kind === 'need' ? '' : `${found.kind}: `}${quoted(found.text, 40)})`,
    json: needItemJson,
  });
}
