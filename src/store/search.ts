// Full-text search over what the user wrote (the index of migration 3, SEARCH_SOURCES): best matches first (bm25),
// each with the row it came from, its client and date, and a snippet with the matched words marked.
import { MATCH_END, MATCH_START, type SearchHit } from '../core/search.js';
import { SEARCH_KEY_BITS, SEARCH_SOURCES } from './migrations.js';
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

/** The keys of one client's rows in the index. */
const CLIENT_KEYS = SEARCH_SOURCES.map(({ code, table, column }) => {
  const owner = table === 'client' ? 'id' : 'client_id';
  return `SELECT (id << ${SEARCH_KEY_BITS}) | ${code} FROM ${table} WHERE ${owner} = @client AND ${column} IS NOT NULL`;
}).join(' UNION ALL ');

const SNIPPET_WORDS = 16;

/**
 * The best `limit` (else all) matches of `query` (an FTS5 query: core/search.ts makes one from what the user typed), of one
 * client's rows when `clientId` is given.
 */
export function searchBook(db: Db, query: string, options: { clientId?: number; limit?: number }): SearchHit[] {
  const mine = options.clientId === undefined ? '' : `AND rowid IN (${CLIENT_KEYS})`;
  const rows = db
    .prepare(
      `SELECT rowid AS key, text, snippet(search_index, 0, '${MATCH_START}', '${MATCH_END}', '…', ${SNIPPET_WORDS}) AS snippet
       FROM search_index WHERE search_index MATCH @query ${mine}
       ORDER BY rank LIMIT @limit`,
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
