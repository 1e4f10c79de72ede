// `crm info`: where the book is and why, how big, which schema, what it holds, its last backup, the settings changed.
import { basename } from 'node:path';
import type { Context } from '../context.js';
import { formatLocalTime, isoInstant } from '../core/dates.js';
import type { BookRecords } from '../core/book-records.js';
import type { BookTable } from '../core/validate.js';
import type { BookSource } from '../store/path.js';
import { palette } from './style.js';
import { wrap } from './table.js';
import { visible } from './terminal.js';

export interface BookInfo {
  location: { path: string; source: BookSource; why: string };
  exists: boolean;
  fileBytes: number;
  walBytes: number;
  schema: number;
  latestSchema: number;
  records: BookRecords;
  /** null when there is no book: nothing to count */
  counts: Record<BookTable, number> | null;
  settings: { key: string; value: number | string; default: number | string }[];
  /** the journal behind crm undo: how many changes it keeps, the newest (null when no book, or an empty journal) */
  journal: { changes: number; newest: { id: number; at: number } | null } | null;
}

/** Each table in the user's words, and its key in JSON: the order a person reads them in. */
const TABLE_WORDS: [BookTable, string, string, string][] = [
  ['client', 'clients', 'client', 'clients'],
  ['interaction', 'interactions', 'interaction', 'interactions'],
  ['bid', 'bids', 'bid', 'bids'],
  ['conflict_topic', 'conflictTopics', 'conflict topic', 'conflict topics'],
  ['conflict_event', 'conflictEvents', 'conflict raised', 'conflicts raised'],
  ['appreciation', 'appreciations', 'appreciation', 'appreciations'],
  ['need', 'needs', 'need or goal', 'needs and goals'],
  ['voice', 'voices', 'need of yours raised', 'needs of yours raised'],
  ['invoice', 'invoices', 'invoice', 'invoices'],
  ['payment', 'payments', 'payment', 'payments'],
  ['follow_up', 'followUps', 'follow-up', 'follow-ups'],
  ['client_tag', 'tags', 'tag', 'tags'],
  ['reminder_state', 'silencedReminders', 'silenced reminder', 'silenced reminders'],
  ['setting', 'settings', 'setting', 'settings'],
];

export function bookInfoJson(info: BookInfo) {
  return {
    path: info.location.path,
    source: info.location.source,
    exists: info.exists,
    sizeBytes: info.fileBytes + info.walBytes,
    fileBytes: info.fileBytes,
    walBytes: info.walBytes,
    schema: info.exists ? info.schema : null,
    latestSchema: info.latestSchema,
    createdAt: info.records.created === null ? null : isoInstant(info.records.created),
    lastBackup: info.records.lastBackup && { ...info.records.lastBackup, at: isoInstant(info.records.lastBackup.at) },
    counts: info.counts && Object.fromEntries(TABLE_WORDS.map(([table, key]) => [key, info.counts![table]])),
    settingsChanged: info.settings,
    journal: info.journal && { changes: info.journal.changes, newest: info.journal.newest && { id: info.journal.newest.id, at: isoInstant(info.journal.newest.at) } },
  };
}

const LABEL = 13;

export function renderBookInfo(info: BookInfo, ctx: Context): string {
  const c = palette(ctx.color);
  const width = Math.max(60, Math.min(ctx.width, 100));
  const indent = ' '.repeat(LABEL);
  const out: string[] = [];
  // A path is never wrapped or cut: a person copies it whole.
  const field = (label: string, value: string | string[], options: { wrapped?: boolean; style?: (line: string) => string } = {}) => {
    const lines = Array.isArray(value) ? packed(value, width - LABEL) : options.wrapped === false ? [value] : wrap(value, width - LABEL);
    lines.forEach((line, i) => {
      const head = i === 0 && label ? c.bold(label.padEnd(LABEL)) : indent;
      out.push(`${head}${options.style ? options.style(line) : line}`);
    });
  };
  const path = visible(info.location.path);
  field('Book', path, { wrapped: false });
  field('', info.location.why, { style: c.dim });
  if (!info.exists) {
    field('', 'no book there yet: the first command that adds something (crm client add) creates it');
    field('Settings', 'all at their defaults (settings are kept in the book itself)');
    return out.join('\n');
  }
  const wal = info.walBytes ? ` (${size(info.fileBytes)} + ${size(info.walBytes)} in ${visible(basename(info.location.path))}-wal)` : '';
  field('Size', `${size(info.fileBytes + info.walBytes)}${wal}`);
  field(
    'Schema',
    info.schema < info.latestSchema ? `${info.schema} (the next change upgrades it to ${info.latestSchema}, keeping a copy)` : String(info.schema),
  );
  field('Created', info.records.created === null ? 'not recorded (the book is older than this record)' : formatLocalTime(info.records.created));
  const backup = info.records.lastBackup;
  if (backup) {
    field('Last backup', `${formatLocalTime(backup.at)}, ${count(backup.clients, 'client', 'clients')}, to`);
    field('', visible(backup.path), { wrapped: false });
  } else field('Last backup', 'none recorded: crm backup FILE makes one');
  const counts = info.counts!;
  const held = TABLE_WORDS.filter(([table]) => counts[table] > 0 || table === 'client' || table === 'interaction').map(
    ([table, , one, many]) => count(counts[table], one, many),
  );
  field('Holds', held);
  const journal = info.journal!;
  field(
    'Journal',
    journal.newest === null
      ? 'no changes yet (crm undo takes back each change made from now on)'
      : `${count(journal.changes, 'change', 'changes')}, the newest #${journal.newest.id} on ${formatLocalTime(journal.newest.at)} (crm undo --list)`,
  );
  const changed = info.settings;
  if (!changed.length) field('Settings', 'all at their defaults; settings are kept in this book (another book has its own)');
  else {
    field('Settings', `${count(changed.length, 'changed', 'changed')}, kept in this book (another book has its own):`);
    for (const s of changed) field('', `${s.key} = ${visible(String(s.value))} (default ${s.default})`);
  }
  return out.join('\n');
}

/** Items joined by commas into lines of at most `width`, never breaking an item ("7 conflicts raised"). */
function packed(items: string[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  items.forEach((item, i) => {
    const text = i < items.length - 1 ? `${item},` : item;
    if (line && line.length + 1 + text.length > width) {
      lines.push(line);
      line = text;
    } else line = line ? `${line} ${text}` : text;
  });
  if (line) lines.push(line);
  return lines;
}

function count(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** Bytes for people: 4.0 KiB, 1.2 MiB. */
export function size(bytes: number): string {
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  if (bytes < 1024) return `${bytes} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
