// Snoozed and done reminders stay quiet until their data changes (or the snooze runs out).
import type { Moment } from '../types.js';
import type { Reminder, ReminderState } from './types.js';

/**
 * Drops reminders silenced with the same fingerprint they have now: done ones, and snoozed ones whose
 * `until` is still ahead of `moment.at`. A changed fingerprint (the invoice was part-paid, a new bid came in)
 * brings a reminder back whatever its state; a snooze without an end date does not silence.
 */
export function silence(reminders: readonly Reminder[], states: readonly ReminderState[], moment: Moment): Reminder[] {
  const byKey = new Map<string, ReminderState>();
  for (const state of states) byKey.set(state.key, state);
  return reminders.filter((reminder) => {
    const state = byKey.get(reminder.key);
    if (!state || state.fingerprint !== reminder.fingerprint) return true;
    if (state.state === 'done') return false;
    return !(state.until !== null && state.until > moment.at);
  });
}
