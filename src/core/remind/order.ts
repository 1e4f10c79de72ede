// A deterministic order for reminders: what needs doing first comes first.
import { SEVERITIES, type Reminder } from './types.js';

/** Code-point order: the same everywhere, whatever the locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const RANK = new Map(SEVERITIES.map((severity, i) => [severity, i]));

interface Sortable {
  reminder: Reminder;
  rank: number;
  name: string;
}

function compare(a: Sortable, b: Sortable): number {
  return (
    a.rank - b.rank ||
    compareText(a.reminder.date, b.reminder.date) ||
    compareText(a.name, b.name) ||
    compareText(a.reminder.client.name, b.reminder.client.name) ||
    compareText(a.reminder.key, b.reminder.key)
  );
}

/** Urgent, soon, info; then date ascending; then client name (case-insensitive); then key. Returns a new array. */
export function sortReminders(reminders: readonly Reminder[]): Reminder[] {
  // Sort keys computed once per reminder, not once per comparison: a big book has 100k reminders.
  const sortable = reminders.map((reminder) => ({
    reminder,
    rank: RANK.get(reminder.severity) ?? SEVERITIES.length,
    name: reminder.client.name.toLowerCase(),
  }));
  return sortable.sort(compare).map((s) => s.reminder);
}
