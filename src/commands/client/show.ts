import type { Command } from '@commander-js/extra-typings';
import type { Context } from '../../context.js';
import { totalsByCurrency } from '../../core/invoices.js';
import { carriedKinds } from '../../core/timeline.js';
import { LATEST_INTERACTIONS, renderClientCard, type ClientCard } from '../../render/client.js';
import { paymentsOf } from '../../render/invoices.js';
import {
  bidJson, clientJson, followUpJson, interactionJson, invoiceJson, needJson, topicJson, voicesJson,
} from '../../render/json.js';
import { formatOf, printItem } from '../../render/output.js';
import { openBidsOf } from '../../store/bids.js';
import { listFollowUps } from '../../store/followups.js';
import { listInvoices } from '../../store/invoices.js';
import { listNeeds } from '../../store/needs.js';
import { readSettings } from '../../store/settings.js';
import { listTimeline } from '../../store/timeline.js';
import { listVoices } from '../../store/voices.js';
import { findClient, topicsWithStandings, withExamples } from '../shared.js';

export function registerClientShow(parent: Command, ctx: Context): void {
  const command = parent
    .command('show')
    .description("a client's profile, needs, open bids, conflict topics, your own needs, invoices and payments, follow-ups and latest interactions (with their ids)")
    .argument('<client>', 'id, name or unique prefix')
    .option('--json', 'print a JSON object')
    .action((query, flags) => {
      const format = formatOf(flags);
      const db = ctx.book('read');
      const client = findClient(db, query);
      const now = ctx.now();
      const invoices = listInvoices(db, client.id).map((i) => invoiceJson(i, client, now.today));
      const card: ClientCard = {
        ...clientJson(client),
        needs: listNeeds(db, client.id).map(needJson),
        openBids: openBidsOf(db, client.id).map((b) => bidJson(b, client, now)),
        topics: topicsWithStandings(db, now.at, client.id).map(({ topic, standing }) => topicJson(topic, client, standing)),
        invoices,
        totals: totalsByCurrency(invoices),
        payments: paymentsOf(invoices),
        followUps: listFollowUps(db, { clientId: client.id }).map((f) => followUpJson(f, client, now.today)),
        latestInteractions: [...listTimeline(db, { clientId: client.id, kinds: [], limit: LATEST_INTERACTIONS })].map((entry) => ({
          ...interactionJson(entry.interaction, client),
          carried: carriedKinds(entry),
        })),
        voices: voicesJson(listVoices(db, client.id), () => client, now.at),
      };
      printItem(ctx, format, card, () => renderClientCard(card, ctx, readSettings(db)['display.locale']));
    });
  withExamples(command, ['crm client show acme', 'crm client show 12 --json | jq .openBids']);
}
