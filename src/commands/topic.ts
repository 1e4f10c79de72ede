// crm topic: conflict topics. Most conflicts recur; what matters is talking about them again.
import type { Command } from '@commander-js/extra-typings';
import type { Context } from '../context.js';
import type { Client } from '../core/types.js';
import { day } from '../render/client.js';
import { topicJson } from '../render/json.js';
import { formatOf, printItem, printList } from '../render/output.js';
import { palette } from '../render/style.js';
import { table } from '../render/table.js';
import { listClients } from '../store/clients.js';
import { listTopics, setTopicStatus } from '../store/topics.js';
import { findClient, withExamples } from './shared.js';

export function registerTopic(program: Command, ctx: Context): void {
  const topic = program.command('topic').description('list conflict topics, or mark one resolved');
  withExamples(topic, ['crm topic list acme', 'crm topic resolve acme "scope creep"']);

  const list = topic
    .command('list')
    .alias('ls')
    .description('conflict topics: times raised, last raised, repaired or not, status')
    .argument('[client]', 'id, name or unique prefix')
    .option('--json', 'print a JSON array')
    .option('--ndjson', 'print one JSON object per line')
    .action((query, flags) => {
      const format = formatOf(flags);
      const db = ctx.book('read');
      const client = query === undefined ? undefined : findClient(db, query);
      const clients = new Map<number, Client>((client ? [client] : listClients(db, { includeEnded: true })).map((c) => [c.id, c]));
      const items = listTopics(db, client?.id).map((t) => topicJson(t, clients.get(t.clientId)!));
      printList(ctx, format, items, () => {
        if (!items.length) {
          ctx.info('No conflict topics logged. Log one with: crm log acme --conflict "scope creep"');
          return '';
        }
        const c = palette(ctx.color);
        return table(
          items,
          [
            { header: 'CLIENT', cell: (t) => t.client.name },
            { header: 'TOPIC', cell: (t) => t.topic, flexible: true },
            { header: 'RAISED', cell: (t) => `${t.timesRaised}×`, align: 'right' },
            { header: 'LAST', cell: (t) => (t.lastRaised ? day(t.lastRaised) : '-') },
            { header: 'REPAIRED', cell: (t) => (t.repaired ? 'yes' : 'no'), style: (s, t) => (t.repaired ? c.green(s) : c.yellow(s)) },
            { header: 'STATUS', cell: (t) => t.status },
          ],
          { width: ctx.tableWidth, header: (h) => c.dim(h) },
        );
      });
    });
  withExamples(list, ['crm topic list', 'crm topic list acme --json']);

  const resolve = topic
    .command('resolve')
    .description('mark a conflict topic resolved (raising it again reopens it)')
    .argument('<client>', 'id, name or unique prefix')
    .argument('<topic>', 'the topic, whatever its case')
    .option('--json', 'print the topic as JSON')
    .action((query, topicName, flags) => {
      const format = formatOf(flags);
      const db = ctx.book('update');
      const client = findClient(db, query);
      const resolved = topicJson(setTopicStatus(db, client.id, topicName, 'resolved', ctx.now().at), client);
      if (format === 'text') ctx.info(`Resolved "${resolved.topic}" with ${client.name}.`);
      else printItem(ctx, format, resolved, () => '');
    });
  withExamples(resolve, ['crm topic resolve acme "scope creep"']);
}
