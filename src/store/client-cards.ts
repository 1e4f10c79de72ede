// Clients as the vCard writer (core/vcard-write.ts) takes them: their fields, uid, and when each last changed.
import type { ClientCard } from '../core/vcard-write.js';
import type { Db } from './open.js';

/**
 * Every client (or those of `ids`), by name. A card's REV is the last change the journal holds of the client's
 * row or its tags, else when the client was added (the journal keeps only its latest changes).
 */
export function clientCards(db: Db, ids?: number[]): ClientCard[] {
  const revised = new Map<string, number>();
  const changes = db
    .prepare(
      `SELECT CASE r.tbl WHEN 'client' THEN r.row_key ELSE json_extract(coalesce(r.after_json, r.before_json), '$.clientUid') END AS uid,
              max(c.at) AS at
       FROM change_row r JOIN change c ON c.id = r.change_id
       WHERE r.tbl IN ('client', 'client_tag')
       GROUP BY 1`,
    )
    .all() as { uid: string | null; at: number }[];
  for (const { uid, at } of changes) if (uid) revised.set(uid, at);
  const rows = db
    .prepare(
      `SELECT c.id, c.uid, c.name, c.email, c.company, c.note, c.created_at,
              (SELECT json_group_array(tag) FROM (SELECT tag FROM client_tag t WHERE t.client_id = c.id ORDER BY tag)) AS tags
       FROM client c ORDER BY c.name_key, c.id`,
    )
    .all() as { id: number; uid: string; name: string; email: string | null; company: string | null; note: string | null; created_at: number; tags: string }[];
  const wanted = ids && new Set(ids);
  return rows
    .filter((row) => !wanted || wanted.has(row.id))
    .map((row) => ({
      uid: row.uid,
      name: row.name,
      email: row.email,
      company: row.company,
      note: row.note,
      tags: JSON.parse(row.tags) as string[],
      revised: Math.max(row.created_at, revised.get(row.uid) ?? 0),
    }));
}
