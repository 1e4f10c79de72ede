// Silenced reminders: snoozed until a time, or done until their data changes.
import { isReminderOf, type ReminderOwner } from '../core/remind/keys.js';
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

/** The client's rows that reminders are keyed by. */
export function reminderOwner(db: Db, clientId: number): ReminderOwner {
  const ids = (table: string) => db.prepare(`SELECT id FROM ${table} WHERE client_id = ?`).pluck().all(clientId) as number[];
  return {
    clientId,
    bidIds: ids('bid'),
    topicIds: ids('conflict_topic'),
    followUpIds: ids('follow_up'),
    voiceIds: ids('voice'),
    invoiceNumbers: db.prepare('SELECT number FROM invoice WHERE client_id = ?').pluck().all(clientId) as string[],
  };
}

/** The keys of the silenced reminders about the client or its rows, in key order. */
export function clientReminderKeys(db: Db, clientId: number): string[] {
  const mine = isReminderOf(reminderOwner(db, clientId));
  return (db.prepare('SELECT key FROM reminder_state ORDER BY key').pluck().all() as string[]).filter(mine);
}
