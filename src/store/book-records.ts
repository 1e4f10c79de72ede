// What the book records about itself (core/book-records.ts): when it was created, its last backup.
import { isoInstant } from '../core/dates.js';
import { BOOK_RECORD_KEYS, BOOK_RECORD_PREFIX, type BookRecords, type LastBackup } from '../core/book-records.js';
import { parseBookRecord } from '../core/validate.js';
import type { Db } from './open.js';

/** The records, each null when the book has none (made before crm kept them) or one crm would not have written. */
export function readBookRecords(db: Db): BookRecords {
  const read = <T>(key: (typeof BOOK_RECORD_KEYS)[keyof typeof BOOK_RECORD_KEYS]): T | null => {
    const row = db.prepare('SELECT value FROM setting WHERE key = ?').get(key) as { value: string } | undefined;
    if (!row) return null;
    try {
      return parseBookRecord(key, JSON.parse(row.value)) as T;
    } catch {
      return null;
    }
  };
  return { created: read<number>(BOOK_RECORD_KEYS.created), lastBackup: read<LastBackup>(BOOK_RECORD_KEYS.lastBackup) };
}

/** When a new book was made; kept if it was recorded already (another crm created it at the same moment). */
export function recordCreated(db: Db, at: number): void {
  db.prepare('INSERT OR IGNORE INTO setting (key, value) VALUES (?, ?)').run(BOOK_RECORD_KEYS.created, JSON.stringify(isoInstant(at)));
}

export function recordBackup(db: Db, backup: LastBackup): void {
  const value = JSON.stringify({ at: isoInstant(backup.at), path: backup.path, clients: backup.clients });
  db.prepare('INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    BOOK_RECORD_KEYS.lastBackup,
    value,
  );
}

/** SQL condition on the setting table: a row that is a user's setting, not one of these records. */
export const NOT_A_RECORD = `substr(key, 1, ${BOOK_RECORD_PREFIX.length}) <> '${BOOK_RECORD_PREFIX}'`;
