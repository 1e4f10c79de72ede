// The book's tables and how crm's JSON names their columns. Apart from the validators (core/validate.ts), which
// import this: the journal (store/journal.ts) needs the list on every command that changes the book, and loads
// little.

/**
 * The book's tables, parents before children. Their rows, as `checkStoredRow` reads them: keys are the columns in
 * camelCase (as in a crm export), instants epoch milliseconds, flags 0 or 1, dates YYYY-MM-DD.
 */
export const BOOK_TABLES = [
  'setting', 'client', 'client_tag', 'interaction', 'bid', 'conflict_topic', 'conflict_event',
  'appreciation', 'need', 'voice', 'invoice', 'payment', 'follow_up', 'reminder_state',
] as const;
export type BookTable = (typeof BOOK_TABLES)[number];

/** A column as crm's JSON names it: created_at is createdAt. */
export const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
/** ...and back: createdAt is created_at. */
export const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
