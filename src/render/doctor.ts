// What `crm doctor` found and did, as text (for a person) and JSON (for a script).
import type { BookExamination, OrphanGroup, SchemaObject } from '../store/doctor.js';
import { count } from '../core/words.js';
import { palette } from './style.js';
import { wrap } from './table.js';

/** What crm calls a row of each of its tables, one and many. */
const ROW_NOUNS: Record<string, [string, string]> = {
  client_tag: ['tag', 'tags'],
  interaction: ['interaction', 'interactions'],
  bid: ['bid', 'bids'],
  conflict_topic: ['conflict topic', 'conflict topics'],
  conflict_event: ['conflict', 'conflicts'],
  appreciation: ['appreciation', 'appreciations'],
  need: ['need', 'needs'],
  voice: ['need of yours', 'needs of yours'],
  invoice: ['invoice', 'invoices'],
  payment: ['payment', 'payments'],
  follow_up: ['follow-up', 'follow-ups'],
  reminder_state: ['reminder state', 'reminder states'],
};

/** "3 interactions of client #7, which no longer exists"; "1 bid names interaction #12, which no longer exists" */
export function orphanWords(group: OrphanGroup): string {
  const [one, many] = ROW_NOUNS[group.table] ?? [`row of table ${group.table}`, `rows of table ${group.table}`];
  const parent = `${ROW_NOUNS[group.parent]?.[0] ?? group.parent.replace(/_/g, ' ')} #${String(group.parentKey)}, which no longer exists`;
  if (group.repair === 'clear' && group.crmTable) return `${count(group.rows, one, many)} ${group.rows === 1 ? 'names' : 'name'} ${parent}`;
  return `${count(group.rows, one, many)} of ${parent}`;
}

/** What --fix did to a group: removed the rows, or cleared their link (as crm does when it removes the parent). */
export function repairWords(group: OrphanGroup): string {
  return group.repair === 'remove' ? `removed ${orphanWords(group)}` : `cleared the link: ${orphanWords(group)}`;
}

export interface DoctorReport {
  path: string;
  found: BookExamination;
  adopted: number | null;
  /** what --fix did, when it ran */
  fixed: { removed: OrphanGroup[]; searchRebuilt: boolean } | null;
}

/** How many problems the report holds (objects crm did not make are noted, not problems). */
export function problemCount(found: BookExamination): number {
  const index = found.searchIndex;
  return (
    found.damage.length + found.orphans.length + found.invalidRowCount + (index.missing + index.stale > 0 || index.damaged !== null ? 1 : 0)
  );
}

const objectWords = (o: SchemaObject) => `${o.type} ${o.name}${o.type !== 'table' && o.table !== o.name ? ` (on ${o.table})` : ''}`;

/** The report, each finding wrapped to `width` under its label (ok, problem, note). */
export function renderDoctor(report: DoctorReport, colour: boolean, width: number): string {
  const c = palette(colour);
  const { found } = report;
  const HANG = ' '.repeat(9);
  const labelled = (label: string, paint: (s: string) => string) => (text: string) => {
    const [first = '', ...rest] = wrap(text, width, label.padEnd(9), HANG);
    return [paint(label) + first.slice(label.length), ...rest].join('\n');
  };
  const ok = labelled('ok', c.green);
  const bad = labelled('problem', c.red);
  const note = labelled('note', c.yellow);
  const detail = (text: string) => wrap(text, width, `${HANG}  `).join('\n');
  const lines = [`Book ${report.path} (schema ${found.schema})`];
  if (report.adopted !== null) lines.push(note(`adopted as a crm book of schema ${report.adopted} (its schema matches)`));
  lines.push(found.damage.length ? bad(`SQLite's ${found.check} found damage:`) : ok(`SQLite's ${found.check}: no damage`));
  for (const line of found.damage.slice(0, 10)) lines.push(detail(line));
  if (!found.orphans.length) lines.push(ok('every row belongs to a row that exists'));
  for (const group of found.orphans) lines.push(bad(`${orphanWords(group)}${group.crmTable ? '' : ' (a table crm did not make: left alone)'}`));
  if (!found.invalidRowCount) lines.push(ok("every row is one crm's commands could have written"));
  else lines.push(bad(`${count(found.invalidRowCount, 'row breaks', 'rows break')} what crm's commands allow (edit them with crm, or fix them by hand):`));
  for (const line of found.invalidRows) lines.push(detail(line));
  if (found.invalidRowCount > found.invalidRows.length) lines.push(detail(`and ${found.invalidRowCount - found.invalidRows.length} more`));
  const index = found.searchIndex;
  if (index.missing + index.stale === 0 && index.damaged === null) lines.push(ok('the search index is in step with the rows'));
  else {
    const parts = [
      index.missing ? `${count(index.missing, 'text')} missing` : '',
      index.stale ? `${count(index.stale, 'entry', 'entries')} of texts no longer in the book` : '',
      index.damaged ? `damaged (${index.damaged})` : '',
    ].filter(Boolean);
    lines.push(bad(`the search index is out of step with the rows: ${parts.join(', ')}`));
  }
  if (found.foreignObjects.length) {
    lines.push(note(`${count(found.foreignObjects.length, 'object')} crm did not make, left alone: ${found.foreignObjects.map(objectWords).join(', ')}`));
  }
  if (report.fixed) {
    const { removed, searchRebuilt } = report.fixed;
    lines.push('', 'Fixed:');
    for (const group of removed) lines.push(...wrap(repairWords(group), width, '  ', '    '));
    if (searchRebuilt) lines.push('  rebuilt the search index from the rows');
    if (!removed.length && !searchRebuilt) lines.push('  nothing --fix can repair');
  }
  return lines.join('\n');
}

export function doctorJson(report: DoctorReport) {
  const { found } = report;
  return {
    path: report.path,
    healthy: problemCount(found) === 0,
    problems: problemCount(found),
    schema: found.schema,
    applicationId: found.applicationId,
    adoptedAtSchema: report.adopted,
    integrity: { check: found.check, damage: found.damage },
    orphans: found.orphans.map((g) => ({
      table: g.table, column: g.column, parent: g.parent, parentKey: g.parentKey, rows: g.rows, crmTable: g.crmTable, repair: g.crmTable ? g.repair : null, text: orphanWords(g),
    })),
    invalidRows: { count: found.invalidRowCount, listed: found.invalidRows },
    searchIndex: found.searchIndex,
    foreignObjects: found.foreignObjects,
    fixed: report.fixed && {
      repaired: report.fixed.removed.map((g) => ({ table: g.table, parent: g.parent, parentKey: g.parentKey, rows: g.rows, repair: g.repair })),
      searchRebuilt: report.fixed.searchRebuilt,
    },
  };
}
