// Full-text search over what the user wrote (the index of migration 3, SEARCH_SOURCES): best matches first (bm25),
// each with the row it came from, its client and date, and a snippet with the matched words marked.
import { DatabaseError } from '../core/errors.js';
import { MATCH_END, MATCH_START, type SearchHit } from '../core/search.js';
import { SEARCH_KEY_BITS, SEARCH_SOURCES, searchFillSql } from './migrations.js';
import type { Db } from './open.js';

type SearchSource = (typeof SEARCH_SOURCES)[number];

/** How each source's row tells its client and its date. */
const DETAILS: Record<SearchSource['table'], string> = {
  interaction: 'SELECT client_id, at, NULL AS date, NULL AS number FROM interaction WHERE id = ?',
  bid: 'SELECT client_id, at, NULL AS date, NULL AS number FROM bid WHERE id = ?',
  need: 'SELECT client_id, learned_at AS at, NULL AS date, NULL AS number FROM need WHERE id = ?',
  voice: 'SELECT client_id, raised_at AS at, NULL AS date, NULL AS number FROM voice WHERE id = ?',
  conflict_topic: `SELECT client_id, (SELECT max(at) FROM conflict_event WHERE topic_id = t.id) AS at, NULL AS date, NULL AS number
                   FROM conflict_topic t WHERE id = ?`,
  follow_up: 'SELECT client_id, NULL AS at, due AS date, NULL AS number FROM follow_up WHERE id = ?',
  appreciation: 'SELECT client_id, at, NULL AS date, NULL AS number FROM appreciation WHERE id = ?',
  invoice: 'SELECT client_id, NULL AS at, issued AS date, number FROM invoice WHERE id = ?',
  client: 'SELECT id AS client_id, NULL AS at, NULL AS date, NULL AS number FROM client WHERE id = ?',
};

/**
 * The client a match belongs to, found from its row: each source joined by its key (`s` is the index). A client's
 * own texts are keyed by the client's id.
 */
const MASK = 2 ** SEARCH_KEY_BITS - 1;
const OWNER_JOINS = SEARCH_SOURCES.filter((s) => s.table !== 'client')
  .map(({ code, table }) => `LEFT JOIN ${table} ${table}_${code} ON s.rowid & ${MASK} = ${code} AND ${table}_${code}.id = s.rowid >> ${SEARCH_KEY_BITS}`)
  .join('\n');
const OWNER = `coalesce(${SEARCH_SOURCES.map(({ code, table }) => (table === 'client' ? `iif(s.rowid & ${MASK} = ${code}, s.rowid >> ${SEARCH_KEY_BITS}, NULL)` : `${table}_${code}.client_id`)).join(', ')})`;

const SNIPPET_WORDS = 16;

/**
 * The best `limit` (else all) matches of `query` (an FTS5 query: core/search.ts makes one from what the user typed),
 * of one client's rows when `clientId` is given. The matches come from the index best first and stop at the limit;
 * each is joined to its row only to know its client. (Asking the index about a client's rows one by one instead
 * evaluated the query once for each: 0.8 s for a prefix in the synthetic book of a million interactions.)
 */
export function searchBook(db: Db, query: string, options: { clientId?: number; limit?: number }): SearchHit[] {
  const mine = options.clientId === undefined ? '' : `AND ${OWNER} = @client`;
  const rows = db
    .prepare(
      `SELECT s.rowid AS key, s.text, snippet(search_index, 0, '${MATCH_START}', '${MATCH_END}', '…', ${SNIPPET_WORDS}) AS snippet
       FROM search_index s ${mine ? OWNER_JOINS : ''}
       WHERE search_index MATCH @query ${mine}
       ORDER BY s.rank LIMIT @limit`,
    )
    .all({ query, limit: options.limit ?? -1, ...(options.clientId === undefined ? {} : { client: options.clientId }) }) as {
    key: number;
    text: string;
    snippet: string;
  }[];
  const clientName = db.prepare('SELECT name FROM client WHERE id = ?').pluck();
  const hits: SearchHit[] = [];
  for (const row of rows) {
    // Arithmetic, not JavaScript's 32-bit bitwise operators: a key may pass 2^31.
    const code = row.key % 2 ** SEARCH_KEY_BITS;
    const id = Math.floor(row.key / 2 ** SEARCH_KEY_BITS);
    const source = SEARCH_SOURCES.find((s) => s.code === code);
    if (!source) continue;
    const detail = db.prepare(DETAILS[source.table]).get(id) as
      | { client_id: number; at: number | null; date: string | null; number: string | null }
      | undefined;
    if (!detail) continue; // cannot be while the triggers keep the index in step
    const name = clientName.get(detail.client_id) as string | undefined;
    if (name === undefined) continue;
    hits.push({
      kind: source.kind,
      id,
      field: source.column,
      client: { id: detail.client_id, name },
      at: detail.at,
      date: detail.date,
      number: detail.number,
      text: row.text,
      snippet: row.snippet,
    });
  }
  return hits;
}

/**
 * Whether the index lacks texts the book holds: empty while some row has a text. The triggers keep a full index
 * full, so this is a book from before schema 4 (its texts are indexed at its first change), or one loaded in bulk
 * that has not been indexed yet.
 */
export function searchIndexIncomplete(db: Db): boolean {
  if (db.prepare('SELECT 1 FROM search_index LIMIT 1').get()) return false;
  return SEARCH_SOURCES.some(({ table, column }) => db.prepare(`SELECT 1 FROM ${table} WHERE ${column} IS NOT NULL LIMIT 1`).get());
}

/** Indexes the book's texts, when the index lacks them, in one transaction. Run when a book is opened for a change. */
export function completeSearchIndex(db: Db): void {
  if (!searchIndexIncomplete(db)) return;
  db.transaction(() => {
    // Another crm may have indexed it while this one waited for the lock.
    if (searchIndexIncomplete(db)) db.exec(searchFillSql());
  }).immediate();
}

/**
 * For `crm search` on a connection that reads: a copy in memory of a book from before schema 4 (opened for a read,
 * its file untouched) is indexed in the copy, inside the command's snapshot. A read-only file cannot be.
 */
export function searchableBook(db: Db): void {
  if (!searchIndexIncomplete(db)) return;
  if (!db.memory) {
    throw new DatabaseError('the search index of this book is not built yet; any change to the book builds it (crm config set ... or crm log ...)');
  }
  db.pragma('query_only = OFF'); // a copy in memory, thrown away when the command ends
  try {
    db.exec(searchFillSql());
  } finally {
    db.pragma('query_only = ON');
  }
}

/**
 * For a bulk load into an empty book (a synthetic book, a crm export imported), in the caller's transaction: the
 * index's triggers are dropped until the returned function puts them back (as the book wrote them) and builds the
 * index from the rows in one go. Row by row, FTS5 writes out what it holds at every statement (its savepoint):
 * loading the synthetic book of a million interactions took seven times as long. A rollback restores the triggers
 * with everything else; a book whose index holds anything keeps them, and loads row by row.
 */
export function holdSearchIndex(db: Db): () => void {
  if (db.prepare('SELECT 1 FROM search_index LIMIT 1').get()) return () => undefined;
  const triggers = db
    .prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'search\\_%' ESCAPE '\\'`)
    .all() as { name: string; sql: string }[];
  for (const trigger of triggers) db.exec(`DROP TRIGGER "${trigger.name}"`);
  return () => {
    for (const trigger of triggers) db.exec(trigger.sql);
    db.exec(searchFillSql());
  };
}
