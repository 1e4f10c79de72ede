// Every command, registered on the program. Each file only declares flags and wires store, core and render.
import type { Command } from '@commander-js/extra-typings';
import type { Context } from '../context.js';
import { registerBackup } from './backup.js';
import { registerBid } from './bid.js';
import { registerClient } from './client/index.js';
import { registerCompletion } from './completion.js';
import { registerConfig } from './config.js';
import { registerDemo } from './demo.js';
import { registerExport } from './export.js';
import { registerFollowUp } from './followup.js';
import { registerHealth } from './health.js';
import { registerImport } from './import/index.js';
import { registerInvoice } from './invoice.js';
import { registerLog } from './log.js';
import { registerRemind } from './remind.js';
import { registerTopic } from './topic.js';

export function registerCommands(program: Command, ctx: Context): void {
  registerClient(program, ctx);
  registerLog(program, ctx);
  registerBid(program, ctx);
  registerTopic(program, ctx);
  registerInvoice(program, ctx);
  registerFollowUp(program, ctx);
  registerHealth(program, ctx);
  registerRemind(program, ctx);
  registerConfig(program, ctx);
  registerDemo(program, ctx);
  registerExport(program, ctx);
  registerImport(program, ctx);
  registerBackup(program, ctx);
  registerCompletion(program, ctx);
}
