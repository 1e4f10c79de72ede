// Small pieces of wording shared by the reminder kinds.
import { HOUR_MS, addDays } from '../dates.js';
import { formatMoney } from '../money.js';
import { count } from '../words.js';
import type { Instant, LocalDate } from '../types.js';
import { reminderKey } from './keys.js';
import type { Reminder, ReminderKind, Scope, Severity } from './types.js';

export { clientArg, count, possessive, quoted, shellWord } from '../words.js';

/** A wait in hours while under two days, then in days: "30 hours", "4 days". */
export function span(ms: number): string {
  const hours = Math.floor(ms / HOUR_MS);
  return hours < 48 ? count(Math.max(1, hours), 'hour') : count(Math.floor(hours / 24), 'day');
}

export function money(minor: number, currency: string, scope: Pick<Scope, 'settings'>): string {
  return formatMoney(minor, currency, String(scope.settings['display.locale']));
}

/** "today", "tomorrow", "on 2026-11-25". */
export function onDate(date: LocalDate, today: LocalDate): string {
  if (date === today) return 'today';
  if (date === addDays(today, 1)) return 'tomorrow';
  return `on ${date}`;
}

export function laterDate(a: LocalDate, b: LocalDate): LocalDate {
  return a > b ? a : b;
}

/** The latest item (by time, then id) dated no later than `now` that passes `keep`; order-independent. */
export function latest<T extends { id: number }>(
  items: readonly T[],
  timeOf: (item: T) => Instant,
  now: Instant,
  keep: (item: T) => boolean = () => true,
): T | undefined {
  let best: T | undefined;
  let bestAt = -Infinity;
  for (const item of items) {
    const at = timeOf(item);
    if (at > now || !keep(item)) continue;
    if (at > bestAt || (at === bestAt && best !== undefined && item.id > best.id)) {
      best = item;
      bestAt = at;
    }
  }
  return best;
}

export function reminder(
  scope: Pick<Scope, 'client'>,
  kind: ReminderKind,
  id: string | number,
  fields: { severity: Severity; date: LocalDate; message: string; action: string; fingerprint: string },
): Reminder {
  return { key: reminderKey(kind, id), client: scope.client, kind, ...fields };
}
