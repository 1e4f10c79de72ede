// crm followup: promises to get back to a client. Keeping them builds trust.
import type { Command } from '@commander-js/extra-typings';
import type { Context } from '../context.js';
import { daysBetween } from '../core/dates.js';
import { InputError } from '../core/errors.js';
import { icsCalendar, icsUid } from '../core/ics.js';
import type { LocalDate } from '../core/types.js';
import { quoted } from '../core/words.js';
import { followUpJson } from '../render/json.js';
import { formatOf, printListing } from '../render/output.js';
import { palette } from '../render/style.js';
import { table } from '../render/table.js';
import { addFollowUp, completeFollowUp, editFollowUp, followUpOf, followUpsChangedAt, listFollowUps, removeFollowUp } from '../store/followups.js';
import { checkFollowUpDue, parseText } from '../core/validate.js';
import { editedLine, endedNote, findClient, listScope, ofKnownClients, parseId, registerRemove, ownerOf, withExamples } from './shared.js';

export function registerFollowUp(program: Command, ctx: Context): void {
  const followup = program.command('followup').description('add, complete, list, correct or remove follow-ups');
  withExamples(followup, ['crm followup add acme 3d "send the revised quote"', 'crm followup list', 'crm followup done 3']);

  const add = followup
    .command('add')
    .description('promise to get back to a client on a date')
    .argument('<client>', 'id, name or unique prefix')
    .argument('<when>', 'a date (YYYY-MM-DD, or as display.locale writes it), a duration from today (3d, 2w, 1mo), or words (tomorrow, next friday)')
    .argument('<text>', 'what you promised')
    .option('-f, --force', 'accept a date in the past: a promise already missed')
    .option('--json', 'print the follow-up as JSON')
    .action(async (query, when, text, flags) => {
      const format = formatOf(flags);
      const now = ctx.now();
      const due = await ctx.readDueDate(when, '<when>');
      if (!flags.force) checkFollowUpDue(due, now.today, '<when>', 'today', '; to record one already missed, add --force');
      const what = parseText('followUp', text);
      const db = ctx.book('update');
      const client = findClient(db, query);
      const created = addFollowUp(db, client.id, due, what, now.at);
      ctx.done(`Follow-up #${created.id} with ${client.name} on ${due}.`, format, () => followUpJson(created, client, now.today));
      if (client.status === 'ended') ctx.info(endedNote(client));
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
      const client = ownerOf(db, completed.clientId);
      ctx.done(`Follow-up #${id} with ${client.name} done.`, format, () => followUpJson(completed, client, now.today));
    });
  withExamples(done, ['crm followup done 3']);

  const edit = followup
    .command('edit')
    .description('correct a follow-up: when it is due, what you promised, or make a done one open again')
    .argument('<id>', 'the follow-up id (see crm followup list --all)')
    .option('--due <when>', 'a date (YYYY-MM-DD, or as display.locale writes it), a duration from today (3d, 2w, 1mo), or words (next friday)')
    .option('--text <text>', 'what you promised')
    .option('--open', 'it is not done yet: open again')
    .option('--json', 'print the follow-up as JSON')
    .action(async (idText, flags) => {
      const format = formatOf(flags);
      const id = parseId(idText, 'follow-up');
      const now = ctx.now();
      const patch = {
        ...(flags.due === undefined ? {} : { due: await ctx.readDueDate(flags.due, '--due') }),
        ...(flags.text === undefined ? {} : { text: parseText('followUp', flags.text, '--text') }),
        ...(flags.open ? { open: true } : {}),
      };
      if (!Object.keys(patch).length) throw new InputError('nothing to change: give at least one flag, e.g. --due 3d or --text (see crm followup edit --help)');
      const db = ctx.book('update');
      const { before, after } = editFollowUp(db, id, patch);
      const client = ownerOf(db, after.clientId);
      const changes = [
        ...(before.due === after.due ? [] : [`due ${before.due} → ${after.due}`]),
        ...(before.text === after.text ? [] : [`text ${quoted(after.text)}`]),
        ...(before.doneAt !== null && after.doneAt === null ? ['open again'] : []),
      ];
      ctx.done(editedLine(`follow-up #${id} with ${client.name}`, changes), format, () => followUpJson(after, client, now.today));
    });
  withExamples(edit, ['crm followup edit 3 --due 2026-12-01', 'crm followup edit 3 --text "send the signed contract"', 'crm followup edit 3 --open']);

  registerRemove(followup, ctx, {
    noun: 'follow-up',
    description: 'remove a follow-up promised by mistake (to record a promise kept, use crm followup done)',
    idHelp: 'the follow-up id (see crm followup list --all)',
    examples: ['crm followup remove 3', 'crm followup remove 3 --yes'],
    find: followUpOf,
    remove: removeFollowUp,
    label: (found, client) => `follow-up #${found.id} with ${client.name} (due ${found.due}: ${quoted(found.text, 40)})`,
    json: (found, client) => followUpJson(found, client, ctx.now().today),
  });

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
      const { client, clients } = listScope(db, flags.client);
      const followUps = ofKnownClients(ctx, listFollowUps(db, { includeDone: flags.all, clientId: client?.id }), clients, ['follow-up']);
      const items = followUps.map((f) =>
        followUpJson(f, clients.get(f.clientId)!, today),
      );
      if (flags.ics) {
        // Printed even when empty, so a calendar subscribed to it does not break.
        const now = ctx.now().at;
        const changedAt = followUpsChangedAt(db, now);
        const events = items.map((f) => ({
          uid: icsUid(`followup-${f.id}`),
          date: f.due,
          summary: `Follow up with ${f.client.name}: ${f.text}`,
          description: `Follow-up #${f.id} (crm followup done ${f.id} when kept)`,
          categories: ['follow-up'],
          modified: changedAt.get(f.id) ?? now,
        }));
        ctx.outVerbatim(icsCalendar(events, { now, name: 'crm follow-ups' }));
        return;
      }
      printListing(ctx, format, items, 'No open follow-ups.', () => {
        const c = palette(ctx.color);
        return table(
          items,
          [
            { header: 'ID', cell: (f) => String(f.id), align: 'right' },
            { header: 'DUE', cell: (f) => f.due },
            // In words as well as colour, so that it reads the same with NO_COLOR (and done ones with --all).
            { header: 'STATUS', cell: (f) => followUpStatus(f, today), style: (s, f) => (f.done ? c.dim(s) : f.overdue ? c.red(s) : f.due === today ? c.yellow(s) : s) },
            { header: 'CLIENT', cell: (f) => f.client.name, cut: true, min: 10, preferred: 18, priority: 60 },
            { header: 'TEXT', cell: (f) => f.text, cut: true, min: 16, preferred: 30, priority: 80 },
          ],
          { width: ctx.tableWidth, header: (h) => c.dim(h) },
        );
      });
    });
  withExamples(list, ['crm followup list', 'crm followup list --client acme --json', 'crm followup list --ics > ~/calendars/crm-followups.ics']);
}

/** Where a follow-up stands: done, overdue by how long, due today, or due in how long. */
function followUpStatus(followUp: ReturnType<typeof followUpJson>, today: LocalDate): string {
  if (followUp.done) return 'done';
  const days = daysBetween(today, followUp.due);
  if (days < 0) return `overdue ${-days}d`;
  return days === 0 ? 'due today' : `in ${days}d`;
}
