// crm followup: promises to get back to a client. Keeping them builds trust.
import type { Command } from '@commander-js/extra-typings';
import type { Context } from '../context.js';
import { parseDueDate } from '../core/dates.js';
import { InputError } from '../core/errors.js';
import { icsCalendar, icsUid } from '../core/ics.js';
import type { Client } from '../core/types.js';
import { followUpJson } from '../render/json.js';
import { formatOf, printList } from '../render/output.js';
import { palette } from '../render/style.js';
import { table } from '../render/table.js';
import { getClient, listClients } from '../store/clients.js';
import { addFollowUp, completeFollowUp, listFollowUps } from '../store/followups.js';
import { parseText } from '../core/validate.js';
import { findClient, parseId, withExamples } from './shared.js';

export function registerFollowUp(program: Command, ctx: Context): void {
  const followup = program.command('followup').description('add, complete or list follow-ups');
  withExamples(followup, ['crm followup add acme 3d "send the revised quote"', 'crm followup list', 'crm followup done 3']);

  const add = followup
    .command('add')
    .description('promise to get back to a client on a date')
    .argument('<client>', 'id, name or unique prefix')
    .argument('<when>', 'a date (YYYY-MM-DD), tomorrow, or a duration from today (3d, 2w, 1mo)')
    .argument('<text>', 'what you promised')
    .option('--json', 'print the follow-up as JSON')
    .action((query, when, text, flags) => {
      const format = formatOf(flags);
      const now = ctx.now();
      const due = parseDueDate(when, now, '<when>');
      const what = parseText('followUp', text);
      const db = ctx.book('update');
      const client = findClient(db, query);
      const created = addFollowUp(db, client.id, due, what, now.at);
      ctx.done(`Follow-up #${created.id} with ${client.name} on ${due}.`, format, () => followUpJson(created, client, now.today));
    });
  withExamples(add, ['crm followup add acme 3d "send the revised quote"', 'crm followup add acme 2026-12-01 "check in after launch"']);

  const done = followup
    .command('done')
    .description('mark a follow-up done')
    .argument('<id>', 'the follow-up id (see crm followup list)')
    .option('--json', 'print the follow-up as JSON')
    .action((idText, flags) => {
      const format = formatOf(flags);
      const id = parseId(idText, 'follow-up');
      const now = ctx.now();
      const db = ctx.book('update');
      const completed = completeFollowUp(db, id, now.at);
      const client = getClient(db, completed.clientId)!;
      ctx.done(`Follow-up #${id} with ${client.name} done.`, format, () => followUpJson(completed, client, now.today));
    });
  withExamples(done, ['crm followup done 3']);

  const list = followup
    .command('list')
    .alias('ls')
    .description('open follow-ups, soonest first')
    .option('--all', 'include done ones')
    .option('--client <client>', 'only this client')
    .option('--json', 'print a JSON array')
    .option('--ndjson', 'print one JSON object per line')
    .option('--ics', 'print an iCalendar feed (one all-day event per follow-up)')
    .action((flags) => {
      const format = formatOf(flags);
      if (flags.ics && format !== 'text') throw new InputError('--ics cannot be used with --json or --ndjson');
      const db = ctx.book('read');
      const today = ctx.now().today;
      const client = flags.client === undefined ? undefined : findClient(db, flags.client);
      const clients = new Map<number, Client>((client ? [client] : listClients(db, { includeEnded: true })).map((c) => [c.id, c]));
      const items = listFollowUps(db, { includeDone: flags.all, clientId: client?.id }).map((f) =>
        followUpJson(f, clients.get(f.clientId)!, today),
      );
      if (flags.ics) {
        // Printed even when empty, so a calendar subscribed to it does not break.
        const events = items.map((f) => ({
          uid: icsUid(`followup-${f.id}`),
          date: f.due,
          summary: `Follow up with ${f.client.name}: ${f.text}`,
          description: `Follow-up #${f.id} (crm followup done ${f.id} when kept)`,
          categories: ['follow-up'],
        }));
        ctx.outVerbatim(icsCalendar(events, { now: ctx.now().at, name: 'crm follow-ups' }));
        return;
      }
      printList(ctx, format, items, () => {
        if (!items.length) {
          ctx.info('No open follow-ups.');
          return '';
        }
        const c = palette(ctx.color);
        return table(
          items,
          [
            { header: 'ID', cell: (f) => String(f.id), align: 'right' },
            { header: 'DUE', cell: (f) => f.due, style: (s, f) => (f.overdue ? c.red(s) : f.due === today ? c.yellow(s) : s) },
            { header: 'CLIENT', cell: (f) => f.client.name },
            { header: 'TEXT', cell: (f) => f.text, flexible: true },
            { header: 'DONE', cell: (f) => (f.done ? 'yes' : '') },
          ],
          { width: ctx.tableWidth, header: (h) => c.dim(h) },
        );
      });
    });
  withExamples(list, ['crm followup list', 'crm followup list --client acme --json', 'crm followup list --ics > ~/calendars/crm-followups.ics']);
}
