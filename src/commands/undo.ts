// crm undo: revert the last change to the book (a slip costs nothing), list the changes, redo what was undone.
// Built on the book's journal (store/journal.ts): every command that changes the book is one change in it.
import type { Command } from '@commander-js/extra-typings';
import type { Context } from '../context.js';
import { formatLocalTime, isoInstant } from '../core/dates.js';
import { InputError } from '../core/errors.js';
import { count } from '../core/words.js';
import { confirm } from '../prompts/confirm.js';
import { formatOf, printListing } from '../render/output.js';
import { palette } from '../render/style.js';
import { table } from '../render/table.js';
import {
  JOURNAL_KEEP, changeRows, clearJournal, findChange, listChanges, nothingTo, openChangeId, originOf, redoTarget, revertChange,
  undoTarget, type Change,
} from '../store/journal.js';
import { imageJson } from '../store/dump.js';
import type { Db } from '../store/open.js';
import { parseId, withExamples } from './shared.js';

const LIST_DEFAULT = 20;

export function registerUndo(program: Command, ctx: Context): void {
  const command = program
    .command('undo')
    .description('revert the last change to the book (crm undo again goes further back); --redo reverts the last undo')
    .argument('[change]', 'the id of an older change to revert (see crm undo --list)')
    .option('--redo', 'revert the last undo')
    .option('--list', 'the latest changes, newest first, with their ids')
    .option('--clear', 'empty the journal: nothing done so far can be undone, and what it kept of removed rows is gone')
    .option('-y, --yes', 'with --clear: do not ask (needed when not on a terminal)')
    .option('--limit <n>', `with --list: how many (default ${LIST_DEFAULT}, at most ${JOURNAL_KEEP})`)
    .option('--json', 'print the change reverted, with its rows, as JSON (with --list: a JSON array)')
    .option('--ndjson', 'with --list: one JSON object per line')
    .action(async (changeText, flags) => {
      const format = formatOf(flags);
      if (flags.clear) {
        if (changeText !== undefined || flags.redo || flags.list || format !== 'text') throw new InputError('--clear goes alone (with --yes)');
        return clear(ctx, Boolean(flags.yes));
      }
      if (flags.yes) throw new InputError('--yes goes with --clear');
      if (flags.list) {
        if (changeText !== undefined || flags.redo) throw new InputError('--list shows the changes: give no change id and no --redo with it');
        return listJournal(ctx, format, flags.limit);
      }
      if (flags.limit !== undefined) throw new InputError('--limit goes with --list');
      if (format === 'ndjson') throw new InputError('--ndjson goes with --list; use --json');
      if (changeText !== undefined && flags.redo) throw new InputError('give a change id or --redo, not both');
      const db = ctx.book('update');
      const target = chooseTarget(db, changeText, Boolean(flags.redo));
      const rows = changeRows(db, target.id);
      const kind = revertChange(db, target);
      const origin = originOf(db, target);
      const line = `${kind === 'redo' ? 'Redid' : 'Undid'} #${origin.id} (${formatLocalTime(origin.at)}): ${origin.summary}`;
      ctx.done(line, format, () => ({
        ...changeJson({ ...target, revertedBy: openChangeId(db) ?? null, revertedByKind: kind }),
        rows: rows.map((row) => ({ table: row.table, key: keyJson(row.key), op: row.op, before: imageJson(row.table, row.before), after: imageJson(row.table, row.after) })),
      }));
    });
  withExamples(command, [
    'crm undo                 # revert the last change',
    'crm undo --redo          # ...and bring it back',
    'crm undo --list',
    'crm undo 41              # an older change, if no later one changed its rows',
    'crm undo --json | jq ".rows[] | {table, op}"',
    'crm undo --clear --yes   # forget the journal (a removed client for good)',
  ]);
}

async function clear(ctx: Context, yes: boolean): Promise<void> {
  const db = ctx.book('update');
  const changes = listChanges(db, JOURNAL_KEEP).length;
  if (!changes) return ctx.info('The journal is empty already.');
  if (!yes) {
    if (!ctx.interactive) throw new InputError(`clearing the journal forgets ${count(changes, 'change')} for good: add --yes to confirm (no terminal to ask on)`);
    if (!(await confirm(ctx, `Forget ${count(changes, 'change')}? Nothing done so far could be undone.`))) return ctx.info('Nothing cleared.');
  }
  const cleared = clearJournal(ctx.book('update'));
  ctx.info(`Cleared the journal: ${count(cleared, 'change')} forgotten; nothing done so far can be undone.`);
}

function chooseTarget(db: Db, changeText: string | undefined, redo: boolean): Change {
  if (changeText !== undefined) {
    const target = findChange(db, parseId(changeText, 'change'));
    if (target.revertedBy !== null) {
      throw new InputError(`#${target.id} (${target.summary.replace(/\.$/, '')}) was already reverted by #${target.revertedBy}; crm undo ${target.revertedBy} brings it back`);
    }
    return target;
  }
  if (redo) {
    const { target, blockedBy } = redoTarget(db);
    if (blockedBy) {
      throw nothingTo(`nothing to redo: #${blockedBy.id} (${blockedBy.summary.replace(/\.$/, '')}) was made after the last undo (crm undo ID still reverts an undo: see crm undo --list)`);
    }
    if (!target) throw nothingTo('nothing to redo: no undo is left to revert');
    return target;
  }
  const target = undoTarget(db);
  if (!target) throw nothingTo('nothing to undo: the journal holds no change that is not undone yet (crm undo --list)');
  return target;
}

/** A row's key: its uid, or its natural key as an array (a tag: [client uid, tag]; a setting: [key]). */
const keyJson = (key: string): string | unknown[] => (key.startsWith('[') ? (JSON.parse(key) as unknown[]) : key);

function changeJson(change: Change) {
  return {
    id: change.id,
    uid: change.uid,
    at: isoInstant(change.at),
    command: change.command,
    summary: change.summary,
    kind: change.kind,
    reverts: change.reverts,
    revertedBy: change.revertedBy,
    rowCount: change.rowCount,
  };
}

function listJournal(ctx: Context, format: ReturnType<typeof formatOf>, limitText: string | undefined): void {
  const limit = limitText === undefined ? LIST_DEFAULT : parseLimit(limitText);
  const db = ctx.book('read');
  const changes = listChanges(db, limit);
  const items = changes.map(changeJson);
  printListing(ctx, format, items, 'No changes in the journal yet: every command that changes the book adds one.', () => {
    const c = palette(ctx.color);
    // An undo reverted by a redo: what it undid is redone.
    const state = (change: Change) =>
      change.revertedBy === null ? '' : `${change.revertedByKind === 'redo' ? 'redone' : 'undone'} by #${change.revertedBy}`;
    return table(
      changes,
      [
        { header: 'ID', cell: (change) => `#${change.id}`, align: 'right' },
        { header: 'WHEN', cell: (change) => formatLocalTime(change.at) },
        // Before the summary, so that in a pipe (whole cells) it is not pushed past the longest one; left out when empty.
        { header: 'STATE', cell: state, style: (text) => c.dim(text), drop: true, priority: 60 },
        { header: 'SUMMARY', cell: (change) => change.summary, cut: true, style: (text, change) => (change.revertedBy === null ? text : c.dim(text)) },
      ],
      { width: ctx.tableWidth, header: (h) => c.dim(h) },
    );
  });
}

function parseLimit(text: string): number {
  if (!/^\d{1,4}$/.test(text.trim()) || Number(text) < 1 || Number(text) > JOURNAL_KEEP) {
    throw new InputError(`--limit "${text}" must be a whole number from 1 to ${JOURNAL_KEEP}`);
  }
  return Number(text);
}
