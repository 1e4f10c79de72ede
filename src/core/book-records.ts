// What a book records about itself, not about clients: when it was created, and its last backup (`crm info` shows
// them). They live in the setting table under keys of their own, which no setting has: `crm config` neither lists
// nor changes them, an export leaves them out (they describe this file, not the data another book would receive),
// and a restore checks them as it checks every row (core/validate.ts).
import type { Instant } from './types.js';

export const BOOK_RECORD_KEYS = { created: 'book.created', lastBackup: 'book.lastBackup' } as const;
export type BookRecordKey = (typeof BOOK_RECORD_KEYS)[keyof typeof BOOK_RECORD_KEYS];

/** The prefix of every record key, which no setting starts with. */
export const BOOK_RECORD_PREFIX = 'book.';

export function isBookRecordKey(key: string): key is BookRecordKey {
  return Object.values(BOOK_RECORD_KEYS).includes(key as BookRecordKey);
}

/** The copy `crm backup` wrote last: when, where (an absolute path) and how many clients it held. */
export interface LastBackup {
  at: Instant;
  path: string;
  clients: number;
}

export interface BookRecords {
  created: Instant | null;
  lastBackup: LastBackup | null;
}
