// crm bid: the client's bids for attention, and answering them.
import type { Command } from '@commander-js/extra-typings';
import type { Context } from '../context.js';
import { formatLocalTime } from '../core/dates.js';
import { InputError } from '../core/errors.js';
import type { Client } from '../core/types.js';
import { bidJson, type BidStatus } from '../render/json.js';
import { formatOf, printList } from '../render/output.js';
import { palette } from '../render/style.js';
import { table } from '../render/table.js';
import { answerBid, getBid, listBids } from '../store/bids.js';
import { getClient, listClients } from '../store/clients.js';
import { findClient, parseId, withExamples } from './shared.js';

export function registerBid(program: Command, ctx: Context): void {
  const bid = program.command('bid').description("list the clients' bids for attention, or answer one");
  withExamples(bid, ['crm bid list --open', 'crm bid answer 12']);

  const list = bid
    .command('list')
    .alias('ls')
    .description('bids, oldest first (all clients, or one)')
    .argument('[client]', 'id, name or unique prefix')
    .option('--open', 'only bids still waiting for an answer')
    .option('--json', 'print a JSON array')
    .option('--ndjson', 'print one JSON object per line')
    .action((query, flags) => {
      const format = formatOf(flags);
      const db = ctx.book('read');
      const now = ctx.now();
      const client = query === undefined ? undefined : findClient(db, query);
      const clients = new Map<number, Client>((client ? [client] : listClients(db, { includeEnded: true })).map((c) => [c.id, c]));
      const items = listBids(db, { clientId: client?.id, open: flags.open }).map((b) => bidJson(b, clients.get(b.clientId)!, now));
      printList(ctx, format, items, () => {
        if (!items.length) {
          ctx.info(flags.open ? 'No open bids: every bid for attention has been answered.' : 'No bids logged yet.');
          return '';
        }
        const c = palette(ctx.color);
        const colour: Record<BidStatus, (s: string) => string> = {
          open: c.yellow, overdue: c.red, answered: c.green, late: c.yellow, against: c.red,
        };
        return table(
          items,
          [
            { header: 'ID', cell: (b) => String(b.id), align: 'right' },
            { header: 'WHEN', cell: (b) => formatLocalTime(Date.parse(b.at)) },
            { header: 'CLIENT', cell: (b) => b.client.name },
            { header: 'KIND', cell: (b) => b.kind },
            { header: 'STATUS', cell: (b) => b.status, style: (t, b) => colour[b.status](t) },
            { header: 'TEXT', cell: (b) => b.text, flexible: true },
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
    .option('--at <time>', 'when you answered (default now)')
    .option('--against', 'you turned against it: refused or dismissed it')
    .option('--json', 'print the bid as JSON')
    .action((idText, flags) => {
      const format = formatOf(flags);
      const id = parseId(idText, 'bid');
      const now = ctx.now();
      const at = flags.at === undefined ? now.at : ctx.parseTime(flags.at, 'noon', '--at');
      if (at > now.at + 60_000) throw new InputError(`--at ${flags.at} is in the future: record an answer once it is given`);
      const db = ctx.book('update');
      const answered = answerBid(db, id, { at, response: flags.against ? 'against' : 'toward', interactionId: null });
      const client = getClient(db, answered.clientId)!;
      const json = bidJson(getBid(db, id)!, client, now);
      const how = json.status === 'against' ? 'turned against' : json.status === 'answered' ? 'answered in time' : 'answered late';
      ctx.done(`Bid #${id} of ${client.name} ${how}.`, format, () => json);
    });
  withExamples(answer, ['crm bid answer 12', 'crm bid answer 12 --at "2026-03-15 10:30"', 'crm bid answer 12 --against']);
}
