// Small helpers to put figures into words, shared by the components.
import { localDateOf } from '../dates.js';
import { formatMoney } from '../money.js';
import { count } from '../words.js';

export { count, possessive, quoted } from '../words.js';
import type { Instant, LocalDate } from '../types.js';
import { compareText } from '../ordered.js';
import type { Effect, Evidence } from './types.js';

/**
 * The rows an explanation shows: all of them, or (explain is a number) only that many of the latest, so
 * that a big book's portfolio does not put into words rows it will not show.
 */
export function rowsToShow<T>(rows: readonly T[], at: (row: T) => number, explain: boolean | number): readonly T[] {
  if (typeof explain !== 'number' || rows.length <= explain) return rows;
  return [...rows].sort((a, b) => at(b) - at(a)).slice(0, explain);
}

export function percent(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}

export function days(n: number): string {
  return count(n, 'day');
}

export function evidenceAt(at: Instant, what: string, decay: number, effect: Effect): Evidence {
  return { date: localDateOf(at), what, decay, effect };
}

export function evidenceOn(date: LocalDate, what: string, decay: number, effect: Effect): Evidence {
  return { date, what, decay, effect };
}

/** Newest first, then by text: a deterministic order whatever order the rows were logged in. */
export function sortEvidence(rows: Evidence[]): Evidence[] {
  return rows.sort(
    (a, b) =>
      compareText(b.date, a.date) || compareText(a.what, b.what) || compareText(a.effect, b.effect) || a.decay - b.decay,
  );
}

/** Money for a sentence, in the user's locale (formatMoney keeps its formatters, so this is cheap). */
export function moneyText(minor: number, currency: string, locale: string): string {
  return formatMoney(minor, currency, locale);
}
