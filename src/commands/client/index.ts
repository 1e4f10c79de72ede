import type { Command } from '@commander-js/extra-typings';
import type { Context } from '../../context.js';
import { registerClientAdd } from './add.js';
import { registerClientEdit } from './edit.js';
import { registerClientEnd, registerClientReopen } from './end.js';
import { registerClientList } from './list.js';
import { registerClientForget } from './forget.js';
import { registerClientRemove } from './remove.js';
import { registerClientShow } from './show.js';
import { withExamples } from '../shared.js';

export function registerClient(program: Command, ctx: Context): void {
  const client = program.command('client').description('add, list, show, edit, end, reopen, remove or forget clients');
  withExamples(client, ['crm client add "Acme GmbH" --cadence 2w', 'crm client list --tag retainer', 'crm client show acme']);
  registerClientAdd(client, ctx);
  registerClientList(client, ctx);
  registerClientShow(client, ctx);
  registerClientEdit(client, ctx);
  registerClientEnd(client, ctx);
  registerClientReopen(client, ctx);
  registerClientRemove(client, ctx);
  registerClientForget(client, ctx);
}
