// What `crm info` reads of the book: its files, its schema, how many rows each table holds.
import { statSync } from 'node:fs';
import { BOOK_TABLES, type BookTable } from '../core/validate.js';
import { NOT_A_RECORD } from './book-records.js';
import { inspectBook } from './inspect.js';
import type { Db } from './open.js';

export interface BookFiles {
  /** no file at the path (or an empty one): nothing was written to a book there yet */
  exists: boolean;
  /** the book file, and its -wal (changes not yet copied into the file) */
  fileBytes: number;
  walBytes: number;
  /** the schema of the file as it is (a read upgrades only a copy in memory) */
  schema: number;
}

/** The book's files as they are. Refuses (exit 4) what is not a book crm can use, as opening it would. */
export function bookFiles(path: string): BookFiles {
  const file = inspectBook(path);
  const size = (name: string) => {
    try {
      return statSync(name).size;
    } catch {
      return 0;
    }
  };
  return {
    exists: file.state === 'database',
    fileBytes: size(path),
    walBytes: size(`${path}-wal`),
    schema: file.header?.userVersion ?? 0,
  };
}

/** Rows per table; settings are those of the user (not what the book records about itself). */
export function countRows(db: Db): Record<BookTable, number> {
  const counts = {} as Record<BookTable, number>;
  for (const table of BOOK_TABLES) {
    const where = table === 'setting' ? `WHERE ${NOT_A_RECORD}` : '';
    counts[table] = (db.prepare(`SELECT count(*) AS n FROM ${table} ${where}`).get() as { n: number }).n;
  }
  return counts;
}

/** How many changes the journal keeps (crm undo reaches back that far), and the newest. */
export function journalSize(db: Db): { changes: number; newest: { id: number; at: number } | null } {
  const { n } = db.prepare('SELECT count(*) AS n FROM change').get() as { n: number };
  const newest = db.prepare('SELECT id, at FROM change ORDER BY id DESC LIMIT 1').get() as { id: number; at: number } | undefined;
  return { changes: n, newest: newest ?? null };
}
