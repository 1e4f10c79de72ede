// crm client forget: removes every trace of a client from the book, when a client asks for it. Not undoable.
import { existsSync } from 'node:fs';
import type { Command } from '@commander-js/extra-typings';
import type { Context } from '../../context.js';
import { formatLocalTime, isoInstant } from '../../core/dates.js';
import { InputError } from '../../core/errors.js';
import { count } from '../../core/words.js';
import { confirm } from '../../prompts/confirm.js';
import { clientJson } from '../../render/json.js';
import { printItem } from '../../render/output.js';
import { readBookRecords } from '../../store/book-records.js';
import type { DumpTable } from '../../store/dump.js';
import { clientRowCounts } from '../../store/dump.js';
import { forgetClient } from '../../store/forget.js';
import { noBookError } from '../../store/path.js';
import { findClient, withExamples } from '../shared.js';

export function registerClientForget(parent: Command, ctx: Context): void {
  const command = parent
    .command('forget')
    .description('remove every trace of a client from the book, its journal and search index (cannot be undone; backups made before still hold it)')
    .argument('<client>', 'id, name or unique prefix')
    .option('-y, --yes', 'do not ask (needed when not on a terminal)')
    .option('--json', 'print the forgotten client and what was removed as JSON')
    .action(async (query, flags) => {
      if (!existsSync(ctx.bookPath)) throw noBookError(ctx.bookLocation, 'nothing to forget');
      // Not one change of the journal: what it would keep is what must go.
      const db = ctx.book('write');
      const client = findClient(db, query);
      const what = described(clientRowCounts(db, client.id));
      if (!flags.yes) {
        if (!ctx.interactive) {
          throw new InputError(`forgetting ${client.name} removes every trace of it for good: add --yes to confirm (no terminal to ask on)`);
        }
        const sure = await confirm(ctx, `Forget ${client.name} (client #${client.id}) for good: ${what}, and its traces in the journal and the search index? This cannot be undone.`);
        if (!sure) return ctx.info('Nothing forgotten.');
      }
      const summary = `Forgot client #${client.id}: every trace of it removed from the book.`;
      const forgotten = forgetClient(db, client, { at: ctx.now().at, summary });
      const backup = readBookRecords(db).lastBackup;
      const before = backup
        ? `backups and exports made before still hold it (the last backup: ${formatLocalTime(backup.at)}, ${backup.path})`
        : 'backups and exports made before still hold it';
      const line = `Forgot ${client.name} (client #${client.id}): removed ${what} from the book, ${count(forgotten.journalRows, 'row')} from the journal. This cannot be undone; ${before}.`;
      if (flags.json) {
        printItem(ctx, 'json', {
          ...clientJson(client),
          forgotten: true,
          removed: Object.fromEntries(forgotten.rows),
          journal: { rows: forgotten.journalRows, changes: forgotten.journalChanges },
          lastBackup: backup && { at: isoInstant(backup.at), path: backup.path },
        }, () => '');
      } else ctx.info(line);
      if (!forgotten.logEmptied) {
        ctx.info(`crm: another crm is reading the book: ${ctx.bookPath}-wal may hold the client's old pages until the last crm closes the book`);
      }
    });
  withExamples(command, ['crm client forget "Jane Doe"', 'crm client forget 12 --yes']);
}

/** "the client, 4 interactions, 2 invoices and 9 other rows" (what there is of them) */
function described(rows: Map<DumpTable, number>): string {
  const interactions = rows.get('interaction') ?? 0;
  const invoices = rows.get('invoice') ?? 0;
  const others = [...rows.values()].reduce((a, b) => a + b, 0) - interactions - invoices - (rows.get('client') ?? 0);
  const parts = ['the client'];
  if (interactions) parts.push(count(interactions, 'interaction'));
  if (invoices) parts.push(count(invoices, 'invoice'));
  if (others) parts.push(count(others, 'other row'));
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}`;
}
