// Follow-ups: promises to get back to a client on a date.
import { InputError, NotFoundError } from '../core/errors.js';
import type { FollowUp, Instant, LocalDate } from '../core/types.js';
import type { Db } from './open.js';
import { forgetReminders } from './reminders.js';
import { toFollowUp, type FollowUpRow } from './rows.js';

export function addFollowUp(db: Db, clientId: number, due: LocalDate, text: string, createdAt: Instant): FollowUp {
  const id = Number(
    db.prepare('INSERT INTO follow_up (client_id, due, text, created_at) VALUES (?, ?, ?, ?)').run(clientId, due, text, createdAt)
      .lastInsertRowid,
  );
  return getFollowUp(db, id)!;
}

export function getFollowUp(db: Db, id: number): FollowUp | undefined {
  const row = db.prepare('SELECT * FROM follow_up WHERE id = ?').get(id) as FollowUpRow | undefined;
  return row && toFollowUp(row);
}

export function completeFollowUp(db: Db, id: number, at: Instant): FollowUp {
  return db.transaction(() => {
    const followUp = getFollowUp(db, id);
    if (!followUp) throw new NotFoundError(`no follow-up #${id}; see crm followup list`);
    if (followUp.doneAt !== null) throw new InputError(`follow-up #${id} is already done`);
    db.prepare('UPDATE follow_up SET done_at = ? WHERE id = ?').run(at, id);
    return getFollowUp(db, id)!;
  }).immediate();
}

export function listFollowUps(db: Db, filter: { includeDone?: boolean; clientId?: number } = {}): FollowUp[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (!filter.includeDone) where.push('done_at IS NULL');
  if (filter.clientId !== undefined) {
    where.push('client_id = ?');
    params.push(filter.clientId);
  }
  const sql = `SELECT * FROM follow_up ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY due, id`;
  return (db.prepare(sql).all(...params) as FollowUpRow[]).map(toFollowUp);
}

/**
 * When each follow-up's calendar event last changed, up to `upTo`, by id: its creation, or the latest journaled
 * change of the follow-up (text, due date, done) or of its client (the name is in the event's summary).
 */
export function followUpsChangedAt(db: Db, upTo: Instant): Map<number, Instant> {
  const rows = db
    .prepare(
      `SELECT f.id, max(f.created_at, coalesce((
         SELECT max(c.at) FROM change_row r JOIN change c ON c.id = r.change_id
         WHERE c.at <= ? AND ((r.tbl = 'follow_up' AND r.row_key = f.uid) OR (r.tbl = 'client' AND r.row_key = cl.uid))
       ), 0)) AS at
       FROM follow_up f JOIN client cl ON cl.id = f.client_id`,
    )
    .all(upTo) as { id: number; at: Instant }[];
  return new Map(rows.map((row) => [row.id, row.at]));
}

/** The follow-up; an unknown id is refused (exit 3). */
export function followUpOf(db: Db, id: number): FollowUp {
  const followUp = getFollowUp(db, id);
  if (!followUp) throw new NotFoundError(`no follow-up #${id}; see crm followup list --all`);
  return followUp;
}

/** Corrects a follow-up; `open` makes a done one open again. Returns it before and after. */
export function editFollowUp(db: Db, id: number, patch: { due?: LocalDate; text?: string; open?: boolean }): { before: FollowUp; after: FollowUp } {
  const before = followUpOf(db, id);
  if (patch.open && before.doneAt === null) throw new InputError(`follow-up #${id} is not done: it is open already`);
  db.prepare('UPDATE follow_up SET due = ?, text = ?, done_at = ? WHERE id = ?').run(
    patch.due ?? before.due, patch.text ?? before.text, patch.open ? null : before.doneAt, id,
  );
  return { before, after: followUpOf(db, id) };
}

export function removeFollowUp(db: Db, id: number): FollowUp {
  const followUp = followUpOf(db, id);
  db.prepare('DELETE FROM follow_up WHERE id = ?').run(id);
  forgetReminders(db, [`follow-up-due:${id}`]);
  return followUp;
}
