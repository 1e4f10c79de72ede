// Dates in words ("next friday", "yesterday 14:00", "in 3 days", "3 days ago", "25 nov"), read by chrono-node, a
// well-kept parser, rather than by rules of our own. Loaded only when a typed date is words (dates.ts needsWordReader):
// it takes some 15 ms to load, which commands that read no words never pay.
import { casual } from 'chrono-node/en';
import { addDays, type Toward, type TypedDay } from './dates.js';
import type { LocalDate, Moment } from './types.js';

const CERTAIN_TIME = ['hour', 'minute'] as const;

/**
 * The day (and the wall-clock time, when the words give one) that the whole text names, seen from `now`; undefined
 * when the text is not words for one date (chrono finds dates inside a sentence: "friday blah" is not a date).
 * A bare weekday points to the last one for an event that happened, to the coming one for a date ahead.
 */
export function readWords(text: string, now: Moment, toward: Toward): TypedDay | undefined {
  const results = casual.parse(text, new Date(now.at));
  const result = results[0];
  if (results.length !== 1 || !result || result.index !== 0 || result.text.length !== text.length || result.end) return undefined;
  const start = result.start;
  let date = dateOf(start.get('year')!, start.get('month')!, start.get('day')!);
  const bareWeekday = !start.isCertain('day') && start.isCertain('weekday') && !/\b(last|next|this|past|coming|previous)\b/i.test(text);
  if (bareWeekday && toward === 'past' && date > now.today) date = addDays(date, -7);
  if (bareWeekday && toward === 'future' && date < now.today) date = addDays(date, 7);
  if (!CERTAIN_TIME.some((unit) => start.isCertain(unit))) return { date };
  return { date, time: { hours: start.get('hour') ?? 0, minutes: start.get('minute') ?? 0 } };
}

function dateOf(year: number, month: number, day: number): LocalDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

