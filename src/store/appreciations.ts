// Appreciation shown to or by a client.
import type { Appreciation } from '../core/types.js';
import type { Db } from './open.js';
import { toAppreciation, type AppreciationRow } from './rows.js';

export function appreciationsOf(db: Db, interactionId: number): Appreciation[] {
  return (
    db.prepare('SELECT * FROM appreciation WHERE interaction_id = ? ORDER BY id').all(interactionId) as AppreciationRow[]
  ).map(toAppreciation);
}
