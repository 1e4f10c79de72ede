// crm bid: the client's bids for attention, and answering them.
import { Option, type Command } from '@commander-js/extra-typings';
import type { Context } from '../context.js';
import { formatLocalTime } from '../core/dates.js';
import { InputError } from '../core/errors.js';
import { BID_KINDS, type Bid } from '../core/types.js';
import { parseText } from '../core/validate.js';
import { quoted } from '../core/words.js';
import { day } from '../render/client.js';
import { bidJson, type BidStatus } from '../render/json.js';
import { formatOf, printListing } from '../render/output.js';
import { palette } from '../render/style.js';
import { table } from '../render/table.js';
import { answerBid, bidOf, editBid, getBid, listBids, removeBid, type BidPatch } from '../store/bids.js';
import { clientListCommand, editedLine, listScope, ofKnownClients, parseChoice, parseId, pastTime, registerRemove, ownerOf, withExamples } from './shared.js';

export function registerBid(program: Command, ctx: Context): void {
  const bid = program.command('bid').description("list the clients' bids for attention, answer, correct or remove one");
  withExamples(bid, ['crm bid list --open', 'crm bid answer 12']);

  const list = clientListCommand(bid, 'bids, oldest first (all clients, or one)')
    .option('--open', 'only bids still waiting for an answer')
    .action((query, flags) => {
      const format = formatOf(flags);
      const db = ctx.book('read');
      const now = ctx.now();
      const { client, clients } = listScope(db, query);
      const bids = ofKnownClients(ctx, listBids(db, { clientId: client?.id, open: flags.open }), clients, ['bid']);
      const items = bids.map((b) => bidJson(b, clients.get(b.clientId)!, now));
      printListing(ctx, format, items, flags.open ? 'No open bids: every bid for attention has been answered.' : 'No bids logged yet.', () => {
        const c = palette(ctx.color);
        const colour: Record<BidStatus, (s: string) => string> = {
          open: c.yellow, overdue: c.red, answered: c.green, late: c.yellow, against: c.red,
        };
        return table(
          items,
          [
            { header: 'ID', cell: (b) => String(b.id), align: 'right' },
            { header: 'WHEN', cell: (b) => formatLocalTime(Date.parse(b.at)), compact: (b) => day(b.at), drop: true, priority: 30 },
            { header: 'CLIENT', cell: (b) => b.client.name, cut: true, min: 10, preferred: 18, priority: 60 },
            { header: 'KIND', cell: (b) => b.kind, drop: true, priority: 20 },
            { header: 'STATUS', cell: (b) => b.status, style: (t, b) => colour[b.status](t) },
            // What the client asked: cut last, after the kind and the time have given way.
            { header: 'TEXT', cell: (b) => b.text, cut: true, min: 16, preferred: 32, priority: 80 },
          ],
          { width: ctx.tableWidth, header: (h) => c.dim(h) },
        );
      });
    });
  withExamples(list, ['crm bid list --open', 'crm bid list acme --json']);

  const answer = bid
    .command('answer')
    .description('answer a bid: toward (default) or, with --against, dismissively')
    .argument('<id>', 'the bid id (see crm bid list --open)')
    .option('--at <time>', 'when you answered (default now; a date, "YYYY-MM-DD HH:MM", or words: yesterday 14:00)')
    .option('--against', 'you turned against it: refused or dismissed it')
    .option('--json', 'print the bid as JSON')
    .action(async (idText, flags) => {
      const format = formatOf(flags);
      const id = parseId(idText, 'bid');
      const now = ctx.now();
      const at = await pastTime(ctx, flags.at, 'record an answer once it is given');
      const db = ctx.book('update');
      const answered = answerBid(db, id, { at, response: flags.against ? 'against' : 'toward', interactionId: null });
      const client = ownerOf(db, answered.clientId);
      const json = bidJson(getBid(db, id)!, client, now);
      const how = json.status === 'against' ? 'turned against' : json.status === 'answered' ? 'answered in time' : 'answered late';
      ctx.done(`Bid #${id} of ${client.name} ${how}.`, format, () => json);
    });
  withExamples(answer, ['crm bid answer 12', 'crm bid answer 12 --at "2026-03-15 10:30"', 'crm bid answer 12 --against']);

  const edit = bid
    .command('edit')
    .description("correct a bid: its words, its kind, or its answer (or make it open again)")
    .argument('<id>', 'the bid id (see crm bid list)')
    .option('--text <text>', 'what the client asked for')
    .addOption(new Option('--kind <kind>', 'what kind of bid it is').choices(BID_KINDS))
    .option('--toward', 'it was answered: turned toward')
    .option('--against', 'it was turned against: refused or dismissed')
    .option('--answered-at <time>', 'when it was answered: YYYY-MM-DD [HH:MM], as display.locale writes it, or words: yesterday')
    .option('--open', 'it was not answered: open again')
    .option('--json', 'print the bid as JSON')
    .action(async (idText, flags) => {
      const format = formatOf(flags);
      const id = parseId(idText, 'bid');
      const patch: BidPatch = {};
      if (flags.text !== undefined) patch.text = parseText('bid', flags.text, '--text');
      if (flags.kind !== undefined) patch.kind = parseChoice(flags.kind, BID_KINDS, '--kind');
      if (flags.toward && flags.against) throw new InputError('--toward and --against cannot be used together');
      const answered = flags.toward || flags.against || flags.answeredAt !== undefined;
      if (flags.open && answered) throw new InputError('--open cannot be used with --toward, --against or --answered-at');
      if (flags.open) patch.answer = null;
      else if (answered) {
        patch.answer = {};
        if (flags.toward || flags.against) patch.answer.response = flags.against ? 'against' : 'toward';
        if (flags.answeredAt !== undefined) patch.answer.at = await pastTime(ctx, flags.answeredAt, 'record an answer once it is given', '--answered-at');
      }
      if (!Object.keys(patch).length) throw new InputError('nothing to change: give at least one flag, e.g. --text or --open (see crm bid edit --help)');
      const db = ctx.book('update');
      const { before, after } = editBid(db, id, patch);
      const client = ownerOf(db, after.clientId);
      const json = bidJson(after, client, ctx.now());
      ctx.done(editedLine(`bid #${id} of ${client.name}`, bidChanges(before, after)), format, () => json);
    });
  withExamples(edit, ['crm bid edit 12 --text "send the Q3 numbers" --kind request', 'crm bid edit 12 --open', 'crm bid edit 12 --against --answered-at yesterday']);

  registerRemove(bid, ctx, {
    noun: 'bid',
    description: 'remove a bid logged by mistake (the interaction it was made in stays)',
    idHelp: 'the bid id (see crm bid list)',
    examples: ['crm bid remove 12', 'crm bid remove 12 --yes'],
    find: bidOf,
    remove: removeBid,
    label: (found, client) => `bid #${found.id} of ${client.name} (${quoted(found.text, 40)})`,
    json: (found, client) => bidJson(found, client, ctx.now()),
  });
}

/** What an edit changed in a bid, in a few words each. */
function bidChanges(before: Bid, after: Bid): string[] {
  const out: string[] = [];
  if (before.text !== after.text) out.push(`text ${quoted(after.text)}`);
  if (before.kind !== after.kind) out.push(`kind ${before.kind} → ${after.kind}`);
  if (after.response === null && before.response !== null) out.push('open again');
  else {
    if (before.response !== after.response) out.push(after.response === 'against' ? 'turned against' : 'answered');
    if (before.answeredAt !== after.answeredAt && after.answeredAt !== null) out.push(`answered at ${formatLocalTime(after.answeredAt)}`);
  }
  return out;
}
