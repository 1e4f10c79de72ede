// crm demo: a realistic sample book, then the morning view of it; or, with sizes, a synthetic book
// for benchmarks and for trying crm at scale. Never touches the user's book.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import type { Context } from '../context.js';
import { InputError } from '../core/errors.js';
import { fillSampleBook } from '../demo/sample.js';
import { syntheticBook } from '../demo/synthetic.js';
import { shellWord } from '../render/shell.js';
import { bulkLoad } from '../store/bulk.js';
import { countClients } from '../store/clients.js';
import { runHealth } from './health.js';
import { runRemind } from './remind.js';
import { withExamples } from './shared.js';

export function registerDemo(program: Command, ctx: Context): void {
  const command = program
    .command('demo')
    .description('fill a sample book (a temporary file unless --db is given) and show its health and reminders')
    .option('--clients <n>', 'generate a synthetic book of this many clients instead of the sample')
    .option('--interactions <n>', 'synthetic: this many interactions in all (default 100 per client)')
    .option('--invoices <n>', 'synthetic: this many invoices in all (default 10 per client)')
    .option('--seed <n>', 'synthetic: the same seed gives the same book (default 1)')
    .action(async (flags) => {
      const synthetic = [flags.clients, flags.interactions, flags.invoices, flags.seed].some((f) => f !== undefined);
      const size = synthetic ? parseSize(flags) : null;
      // Only an explicit --db is used: CRM_DB and the default path are the user's real book.
      const path = ctx.explicitBookPath ?? join(mkdtempSync(join(tmpdir(), 'crm-demo-')), 'crm.db');
      ctx.useBook(path);
      const db = ctx.book('write');
      const existing = countClients(db);
      if (existing > 0) throw new InputError(`${path} already holds ${existing} clients: crm demo only fills a new or empty book`);
      // Under npx, crm is not on the PATH: show the command that works from here.
      const crm = ctx.env.npm_command === 'exec' ? 'npx crm' : 'crm';
      if (size) {
        const started = performance.now();
        const counts = bulkLoad(db, syntheticBook(size, ctx.now()));
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        ctx.info(
          `Synthetic book (seed ${size.seed}) with ${counts.clients} clients, ${counts.interactions} interactions and ` +
            `${counts.invoices} invoices written to ${path} in ${seconds} s.`,
        );
        ctx.info(`Try:  ${crm} --db ${shellWord(path)} health`);
        return;
      }
      const clients = fillSampleBook(db, ctx.now());
      // A message is one line (Context.info): blank lines are messages of their own.
      ctx.info(`Demo book with ${clients} clients written to ${path}`);
      ctx.info('');
      await runHealth(ctx, undefined, { sort: 'score' });
      ctx.info('');
      ctx.info('What needs doing (crm remind):');
      ctx.info('');
      await runRemind(ctx, {});
      ctx.info('');
      ctx.info(`Explore it:  ${crm} --db ${shellWord(path)} health globex`);
      ctx.info(`             ${crm} --db ${shellWord(path)} client show globex`);
    });
  withExamples(command, [
    'crm demo',
    'crm demo --db /tmp/sample.db && crm --db /tmp/sample.db health hooli',
    'crm demo --db big.db --clients 10000 --interactions 1000000   # a large book',
  ]);
}

function parseSize(flags: { clients?: string; interactions?: string; invoices?: string; seed?: string }) {
  const count = (text: string | undefined, what: string, fallback: number, max: number) => {
    if (text === undefined) return fallback;
    if (!/^\d{1,9}$/.test(text.trim()) || Number(text) > max) throw new InputError(`--${what} "${text}" must be a whole number from 0 to ${max}`);
    return Number(text);
  };
  const clients = count(flags.clients, 'clients', 50, 1_000_000);
  if (clients === 0) throw new InputError('--clients must be at least 1');
  return {
    clients,
    interactions: count(flags.interactions, 'interactions', clients * 100, 50_000_000),
    invoices: count(flags.invoices, 'invoices', clients * 10, 10_000_000),
    seed: count(flags.seed, 'seed', 1, 2 ** 32 - 1),
  };
}
