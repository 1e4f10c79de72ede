import type { Command } from '@commander-js/extra-typings';
import type { Context } from '../../context.js';
import type { Client } from '../../core/types.js';
import { clientJson } from '../../render/json.js';
import { formatOf, printList } from '../../render/output.js';
import { palette } from '../../render/style.js';
import { table } from '../../render/table.js';
import { listClients } from '../../store/clients.js';
import { withExamples } from '../shared.js';

export function registerClientList(parent: Command, ctx: Context): void {
  const command = parent
    .command('list')
    .alias('ls')
    .description('list clients (ended ones only with --all)')
    .option('--all', 'include ended clients')
    .option('--tag <tag>', 'only clients with this tag')
    .option('--json', 'print a JSON array')
    .option('--ndjson', 'print one JSON object per line')
    .action((flags) => {
      const format = formatOf(flags);
      const clients = listClients(ctx.book('read'), { includeEnded: flags.all, tag: flags.tag });
      printList(ctx, format, clients.map(clientJson), () => renderClients(ctx, clients));
    });
  withExamples(command, ['crm client list', 'crm client list --all --tag retainer', 'crm client list --json | jq -r ".[].name"']);
}

function renderClients(ctx: Context, clients: Client[]): string {
  if (!clients.length) {
    ctx.info('No clients yet. Add one: crm client add "Acme GmbH"');
    return '';
  }
  const c = palette(ctx.color);
  return table(
    clients,
    [
      // The name first of all; what is left out first on a narrow screen: since, then cadence.
      { header: 'ID', cell: (x) => String(x.id), align: 'right' },
      { header: 'NAME', cell: (x) => x.name, cut: true, min: 12, preferred: 28, priority: 90, style: (t) => c.bold(t) },
      { header: 'COMPANY', cell: (x) => x.company ?? '', cut: true, min: 10, preferred: 20, drop: true, priority: 40 },
      { header: 'TAGS', cell: (x) => x.tags.join(','), cut: true, min: 8, preferred: 16, drop: true, priority: 50 },
      { header: 'SINCE', cell: (x) => x.since, drop: true, priority: 20 },
      { header: 'CADENCE', cell: (x) => `${formatDays(x.cadenceDays)}`, align: 'right', drop: true, priority: 30 },
      { header: 'STATUS', cell: (x) => x.status, style: (t, x) => (x.status === 'ended' ? c.dim(t) : t) },
    ],
    { width: ctx.tableWidth, header: (h) => c.dim(h) },
  );
}

export function formatDays(days: number): string {
  return Number.isInteger(days) ? `${days}d` : `${Math.round(days * 24)}h`;
}
