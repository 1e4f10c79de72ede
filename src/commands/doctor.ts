// crm doctor: examines a book another program may have edited (the sqlite3 shell, a script, a dump loaded back),
// reports in words, and with --fix repairs what it safely can; --adopt takes in a crm book rebuilt from a dump.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import type { Context } from '../context.js';
import { CrmError, InputError } from '../core/errors.js';
import { count } from '../core/words.js';
import { confirm } from '../prompts/confirm.js';
import { doctorJson, problemCount, renderDoctor, type DoctorReport } from '../render/doctor.js';
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
      const report = (fixed: DoctorReport['fixed']): DoctorReport => ({ path: resolve(path), found, adopted, fixed });
      let fixed: DoctorReport['fixed'] = null;
      const repairable = found.orphans.filter((g) => g.crmTable);
      const index = found.searchIndex;
      const indexOff = index.missing + index.stale > 0 || index.damaged !== null;
      if (flags.fix && (repairable.length || indexOff)) {
        const removes = repairable.filter((g) => g.repair === 'remove').reduce((n, g) => n + g.rows, 0);
        const clears = repairable.filter((g) => g.repair === 'clear').reduce((n, g) => n + g.rows, 0);
        const what = [
          removes ? `remove ${count(removes, 'row')} whose parent is gone` : '',
          clears ? `clear ${count(clears, 'link')} to rows that are gone` : '',
          indexOff ? 'rebuild the search index' : '',
        ].filter(Boolean).join(', ');
        if (!flags.yes) {
          if (!ctx.interactive) throw new InputError(`--fix would ${what} (crm doctor lists them): add --yes to confirm (no terminal to ask on)`);
          // The findings first, then the question about them.
          if (format === 'text') ctx.out(renderDoctor(report(null), ctx.color, ctx.width));
          const short = [removes ? `remove ${count(removes, 'row')}` : '', clears ? `clear ${count(clears, 'link')}` : ''].filter(Boolean).join(' and ');
          const question = short
            ? `${short[0]!.toUpperCase()}${short.slice(1)} listed above${indexOff ? ' and rebuild the search index' : ''} (crm undo cannot)?`
            : 'Rebuild the search index from the rows?';
          if (!(await confirm(ctx, question))) {
            ctx.info('Nothing changed.');
            return;
          }
        }
        // Not a journaled change: crm undo would put back rows whose parent is gone, which the book refuses.
        fixed = repairBook(ctx.book('write'));
        ctx.close();
        found = examineBook(ctx.book('read', { ownTransactions: true }), statSync(path).size);
      }
      printItem(ctx, format, doctorJson(report(fixed)), () => renderDoctor(report(fixed), ctx.color, ctx.width));
      const problems = problemCount(found);
      if (problems > 0) {
        const repairHint = found.orphans.some((g) => g.crmTable) || indexOff ? ': crm doctor --fix repairs what it can' : '';
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
