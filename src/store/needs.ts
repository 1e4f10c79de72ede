// What the client needs, prefers and aims for (the "love map").
import type { Need } from '../core/types.js';
import type { Db } from './open.js';
import { toNeed, type NeedRow } from './rows.js';

export function listNeeds(db: Db, clientId: number): Need[] {
  return (db.prepare('SELECT * FROM need WHERE client_id = ? ORDER BY learned_at, id').all(clientId) as NeedRow[]).map(toNeed);
}
