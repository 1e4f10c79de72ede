// What the client needs, prefers and aims for (the "love map").
import { NotFoundError } from '../core/errors.js';
import type { Instant, Need, NeedKind } from '../core/types.js';
import type { Db } from './open.js';
import { toNeed, type NeedRow } from './rows.js';

/** The client's needs (or everyone's), oldest first. */
export function listNeeds(db: Db, clientId?: number): Need[] {
  const rows = (
    clientId === undefined
      ? db.prepare('SELECT * FROM need ORDER BY learned_at, id').all()
      : db.prepare('SELECT * FROM need WHERE client_id = ? ORDER BY learned_at, id').all(clientId)
  ) as NeedRow[];
  return rows.map(toNeed);
}

/** The client's needs learned at that instant: those logged with an interaction then (store/interaction-parts.ts). */
export function listNeedsAt(db: Db, clientId: number, at: Instant): Need[] {
  return (db.prepare('SELECT * FROM need WHERE client_id = ? AND learned_at = ? ORDER BY id').all(clientId, at) as NeedRow[]).map(toNeed);
}

export function getNeed(db: Db, id: number): Need | undefined {
  const row = db.prepare('SELECT * FROM need WHERE id = ?').get(id) as NeedRow | undefined;
  return row && toNeed(row);
}

/** The need; an unknown id is refused (exit 3). */
export function needOf(db: Db, id: number): Need {
  const need = getNeed(db, id);
  if (!need) throw new NotFoundError(`no need #${id}; see crm need list`);
  return need;
}

/** Changes a need's text or kind; a key left out stays. Returns the need before and after. */
export function editNeed(db: Db, id: number, patch: { text?: string; kind?: NeedKind }): { before: Need; after: Need } {
  const before = needOf(db, id);
  db.prepare('UPDATE need SET text = ?, kind = ? WHERE id = ?').run(patch.text ?? before.text, patch.kind ?? before.kind, id);
  return { before, after: needOf(db, id) };
}

export function removeNeed(db: Db, id: number): Need {
  const need = needOf(db, id);
  db.prepare('DELETE FROM need WHERE id = ?').run(id);
  return need;
}
