// crm demo: a realistic sample book, then the morning view of it. Never touches the user's book.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import type { Context } from '../context.js';
import { InputError } from '../core/errors.js';
import { fillSampleBook } from '../demo/sample.js';
import { countClients } from '../store/clients.js';
import { runHealth } from './health.js';
import { runRemind } from './remind.js';
import { withExamples } from './shared.js';

export function registerDemo(program: Command, ctx: Context): void {
  const command = program
    .command('demo')
    .description('fill a sample book (a temporary file unless --db is given) and show its health and reminders')
    .action(() => {
      // Only an explicit --db is used: CRM_DB and the default path are the user's real book.
      const path = ctx.explicitBookPath ?? join(mkdtempSync(join(tmpdir(), 'crm-demo-')), 'crm.db');
      ctx.useBook(path);
      const db = ctx.book('write');
      const existing = countClients(db);
      if (existing > 0) throw new InputError(`${path} already holds ${existing} clients: crm demo only fills a new or empty book`);
      const clients = fillSampleBook(db, ctx.now());
      ctx.info(`Demo book with ${clients} clients written to ${path}\n`);
      runHealth(ctx, undefined, { sort: 'score' });
      ctx.info('\nWhat needs doing (crm remind):\n');
      runRemind(ctx, {});
      // Under npx, crm is not on the PATH: show the command that works from here.
      const crm = ctx.env.npm_command === 'exec' ? 'npx crm' : 'crm';
      ctx.info(`\nExplore it:  ${crm} --db ${shellQuote(path)} health globex`);
      ctx.info(`             ${crm} --db ${shellQuote(path)} client show globex`);
    });
  withExamples(command, ['crm demo', 'crm demo --db /tmp/sample.db && crm --db /tmp/sample.db health hooli']);
}

function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}
