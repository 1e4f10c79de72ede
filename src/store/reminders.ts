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
