// Fading and the little arithmetic every component shares. Settled history fades: an event's weight halves
// every half-life. Open wrongs (a request left unanswered, an invoice or a promise overdue, a gridlocked topic,
// a need ignored) do not fade: they keep their full weight until they are put right.
import { DAY_MS, dayNumber, localDayNumber } from '../dates.js';
import type { Instant, Moment } from '../types.js';

/** Days from an event to now (fractional; never negative). */
export function ageInDays(at: Instant, now: Instant): number {
  return Math.max(0, (now - at) / DAY_MS);
}

/** Calendar days from an event's local date to today's: what a person means by "3 days ago". */
export function calendarDaysAgo(at: Instant, moment: Moment): number {
  return Math.max(0, dayNumber(moment.today) - localDayNumber(at));
}

/** 0.5^(age / half-life): 1 today, 0.5 one half-life ago. */
export function fade(ageDays: number, halfLifeDays: number): number {
  return 0.5 ** (Math.max(0, ageDays) / halfLifeDays);
}

/** The weight left of an event at `at`, seen at `now`. */
export function fadeSince(at: Instant, now: Instant, halfLifeDays: number): number {
  return fade(ageInDays(at, now), halfLifeDays);
}

/** The fade shown next to an evidence row: rounded to 2 decimals. */
export function shownDecay(weight: number): number {
  return round(weight, 2);
}

/**
 * How much of an invoice's or a promise's credit lateness takes: d / (d + 30) for d days late. A day late
 * costs little (3%), a month half, a quarter 75%; it never quite reaches all. Overdue and paid-late invoices
 * are aged with the same function, so paying never makes an invoice weigh more.
 */
export function lateness(daysLate: number): number {
  const d = Math.max(0, daysLate);
  return d / (d + 30);
}

export function round(x: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(x * scale) / scale;
}
