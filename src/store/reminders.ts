// Silenced reminders: snoozed until a time, or done until their data changes.
import type { Db } from './open.js';

export interface StoredReminderState {
  key: string;
  state: 'snoozed' | 'done';
  until: number | null;
  fingerprint: string;
}

export function readReminderStates(db: Db): StoredReminderState[] {
  return db.prepare('SELECT key, state, until, fingerprint FROM reminder_state').all() as StoredReminderState[];
}

export function writeReminderState(db: Db, state: StoredReminderState): void {
  db.prepare(
    `INSERT INTO reminder_state (key, state, until, fingerprint) VALUES (@key, @state, @until, @fingerprint)
     ON CONFLICT (key) DO UPDATE SET state = excluded.state, until = excluded.until, fingerprint = excluded.fingerprint`,
  ).run(state);
}

/** Forgets how reminders were silenced, by key: their rows are gone, and a new row given the same id must not inherit it. */
export function forgetReminders(db: Db, keys: readonly string[]): void {
  const forget = db.prepare('DELETE FROM reminder_state WHERE key = ?');
  for (const key of keys) forget.run(key);
}
