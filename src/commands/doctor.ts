// crm doctor: examines a book another program may have edited (the sqlite3 shell, a script, a dump loaded back),
// reports in words, and with --fix repairs what it safely can; --adopt takes in a crm book rebuilt from a dump.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import type { Context } from '../context.js';
import { CrmError, InputError } from '../core/errors.js';
import { count } from '../core/words.js';
import { confirm } from '../prompts/confirm.js';
import { doctorJson, problemCount, repairWords, renderDoctor, type DoctorReport } from '../render/doctor.js';
import { formatOf, printItem } from '../render/output.js';
import { adoptBook, examineBook, repairBook } from '../store/doctor.js';
import { noBookError } from '../store/path.js';
import { withExamples } from './shared.js';

export function registerDoctor(program: Command, ctx: Context): void {
  const command = program
    .command('doctor')
    .summary('check a book other tools may have edited; --fix repairs what it safely can')
    .description(
      "checks the book: SQLite's integrity check, rows whose client (or other parent) is gone, rows crm's commands " +
        'could not have written, the search index against the rows, and objects crm did not make. Changes nothing ' +
        'unless --fix (or --adopt) is given. Exit 0: healthy; 1: problems found (listed); 4: the book cannot be read',
    )
    .option('--fix', 'remove rows whose parent is gone and rebuild the search index, in one transaction (asks first)')
    .option('-y, --yes', 'with --fix: do not ask (needed without a terminal)')
    .option('--adopt', 'mark a crm book rebuilt from a dump (sqlite3 .dump) as a crm book, once its schema matches')
    .option('--json', 'print a JSON object')
    .action(async (flags) => {
      const format = formatOf(flags);
      const path = ctx.bookPath;
      if (!existsSync(path)) throw noBookError(ctx.bookLocation, 'nothing to check');
      if (flags.yes && !flags.fix) throw new InputError('--yes goes with --fix');
      const adopted = flags.adopt ? adoptBook(path) : null;
      // A copy in memory: FTS5 checks its index through a write statement, which the book itself never sees.
      let found = examineBook(ctx.book('read', { ownTransactions: true }), statSync(path).size);
      let fixed: DoctorReport['fixed'] = null;
      const repairable = found.orphans.filter((g) => g.crmTable);
      const index = found.searchIndex;
      if (flags.fix && (repairable.length || index.missing + index.stale > 0 || index.damaged !== null)) {
        if (!(await fixConfirmed(ctx, Boolean(flags.yes), repairable.map(repairWords), index.missing + index.stale > 0 || index.damaged !== null))) {
          ctx.info('Nothing changed.');
          return;
        }
        // Not a journaled change: crm undo would put the rows back where their parent is gone, which the book refuses.
        fixed = repairBook(ctx.book('write'));
        ctx.close();
        found = examineBook(ctx.book('read', { ownTransactions: true }), statSync(path).size);
      }
      const report: DoctorReport = { path: resolve(path), found, adopted, fixed };
      printItem(ctx, format, doctorJson(report), () => renderDoctor(report, ctx.color));
      const problems = problemCount(found);
      if (problems > 0) {
        const repairHint = found.orphans.some((g) => g.crmTable) || index.missing + index.stale > 0 ? ': crm doctor --fix repairs what it can' : '';
        throw new CrmError('runtime', `found ${count(problems, 'problem')} in the book${fixed ? ' that --fix cannot repair' : repairHint}`);
      }
    });
  withExamples(command, [
    'crm doctor',
    'crm doctor --fix',
    'crm doctor --fix --yes --json',
    'crm doctor --adopt --db rebuilt.db',
  ]);
}

/** On a terminal, asks; without one, --yes must say it. */
async function fixConfirmed(ctx: Context, yes: boolean, removals: string[], search: boolean): Promise<boolean> {
  const what = [...removals.map((r) => r.replace(/^removed/, 'remove').replace(/^cleared/, 'clear')), ...(search ? ['rebuild the search index'] : [])].join('; ');
  const warning = removals.length ? ' (crm undo cannot put back rows whose parent is gone: crm backup keeps a copy first)' : '';
  if (yes) return true;
  if (!ctx.interactive) throw new InputError(`--fix would ${what}: add --yes to confirm (no terminal to ask on)`);
  return confirm(ctx, `${what}${warning}. Go on?`);
}
