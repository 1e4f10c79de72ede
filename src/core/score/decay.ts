// Decay and the little arithmetic every component shares. An event's weight halves every half-life;
// events after "now" never reach these functions: the engine scores the log as it stood then.
import { DAY_MS, daysBetween, localDateOf } from '../dates.js';
import type { Instant, Moment } from '../types.js';

/** Days from an event to now (fractional; never negative). */
export function ageInDays(at: Instant, now: Instant): number {
  return Math.max(0, (now - at) / DAY_MS);
}

/** Calendar days from an event's local date to today's: what a person means by "3 days ago". */
export function calendarDaysAgo(at: Instant, moment: Moment): number {
  return Math.max(0, daysBetween(localDateOf(at), moment.today));
}

/** 0.5^(age / half-life): 1 today, 0.5 one half-life ago. */
export function decay(ageDays: number, halfLifeDays: number): number {
  return 0.5 ** (ageDays / halfLifeDays);
}

/** The decay shown next to an evidence row: rounded to 2 decimals. */
export function shownDecay(ageDays: number, halfLifeDays: number): number {
  return round(decay(ageDays, halfLifeDays), 2);
}

/**
 * The weight of an event inside a ratio, relative to the youngest event of the ratio (which weighs 1).
 * The ratio is the same as with plain decay, but a very old log can never underflow to 0/0.
 */
export function relativeDecay(ageDays: number, youngestAgeDays: number, halfLifeDays: number): number {
  return decay(ageDays - youngestAgeDays, halfLifeDays);
}

export function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

export function round(x: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(x * scale) / scale;
}

/**
 * The points of a component's own 0-100 score an action is worth, from the component's linear value
 * before and after it (s before clamping). The floor at 0 is not applied, so that the way out of a deep
 * hole still ranks even when one action alone would not lift s above 0 yet.
 */
export function gainOf(before: number, after: number): number {
  return (Math.min(1, after) - Math.min(1, before)) * 100;
}
