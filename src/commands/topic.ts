// crm topic: conflict topics. Most conflicts recur; what matters is talking about them again.
import type { Command } from '@commander-js/extra-typings';
import type { Context } from '../context.js';
import { localDateOf } from '../core/dates.js';
import { InputError } from '../core/errors.js';
import { nameKey } from '../core/match.js';
import { day, TOPIC_STATE_WORDS } from '../render/client.js';
import { topicJson } from '../render/json.js';
import { formatOf, printListing } from '../render/output.js';
import { palette } from '../render/style.js';
import { table } from '../render/table.js';
import { listTopics, setTopicStatus } from '../store/topics.js';
import { clientListCommand, findClient, listScope, ofKnownClients, topicsWithStandings, withExamples } from './shared.js';

export function registerTopic(program: Command, ctx: Context): void {
  const topic = program.command('topic').description('list conflict topics, or mark one resolved');
  withExamples(topic, ['crm topic list acme', 'crm topic resolve acme "scope creep"']);

  const list = clientListCommand(
    topic,
    'conflict topics and where each stands, as crm health judges it: talked through (the latest talk was repaired ' +
      'or calm), open, gridlocked (raised 3 times in a row without that; setting health.gridlock.raisings), resolved',
  )
    .summary('conflict topics: times raised, last raised, and where each stands')
    .action((query, flags) => {
      const format = formatOf(flags);
      const db = ctx.book('read');
      const { client, clients } = listScope(db, query);
      const topics = topicsWithStandings(db, ctx.now().at, client?.id).map((t) => ({ ...t, clientId: t.topic.clientId }));
      const items = ofKnownClients(ctx, topics, clients, ['conflict topic']).map(({ topic, standing }) =>
        topicJson(topic, clients.get(topic.clientId)!, standing),
      );
      printListing(ctx, format, items, 'No conflict topics logged. Log one with: crm log acme --conflict "scope creep"', () => {
        const c = palette(ctx.color);
        const colour = { managed: c.green, open: c.yellow, gridlocked: c.red, resolved: c.dim };
        return table(
          items,
          [
            { header: 'CLIENT', cell: (t) => t.client.name, cut: true, min: 10, preferred: 18, priority: 60 },
            { header: 'TOPIC', cell: (t) => t.topic, cut: true, min: 12, preferred: 24, priority: 80 },
            { header: 'RAISED', cell: (t) => `${t.timesRaised}×`, align: 'right' },
            { header: 'LAST', cell: (t) => (t.lastRaised ? day(t.lastRaised) : '-'), drop: true, priority: 30 },
            { header: 'STATE', cell: (t) => TOPIC_STATE_WORDS[t.state], style: (s, t) => colour[t.state](s) },
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
      const now = ctx.now().at;
      const before = listTopics(db, client.id).find((t) => nameKey(t.topic) === nameKey(topicName));
      // Resolving again would move the day it was resolved; say so instead.
      if (before?.status === 'resolved') {
        const since = before.resolvedAt === null ? '' : ` on ${localDateOf(before.resolvedAt)}`;
        throw new InputError(`"${before.topic}" with ${client.name} was already resolved${since}; raising it again reopens it`);
      }
      const { id } = setTopicStatus(db, client.id, topicName, 'resolved', now);
      const after = topicsWithStandings(db, now, client.id).find((t) => t.topic.id === id)!;
      const resolved = topicJson(after.topic, client, after.standing);
      ctx.done(`Resolved "${resolved.topic}" with ${client.name}.`, format, () => resolved);
    });
  withExamples(resolve, ['crm topic resolve acme "scope creep"']);
}
