// Year-end appreciation for the top clients by trailing-12-month revenue (DESIGN.md section 5).
import { addDays, localDateOf } from '../dates.js';
import type { Settings } from '../settings.js';
import type { Moment } from '../types.js';
import { compareText } from './order.js';
import { money, reminder } from './text.js';
import type { Reminder, YearEndScope } from './types.js';

/** The trailing 12 months: invoices issued from today - 364 to today (365 days). */
const TRAILING_DAYS = 365;

interface Ranked {
  scope: YearEndScope;
  revenueMinor: number;
}

/**
 * Amounts in different currencies cannot be compared by their minor units, so clients are ranked by what
 * they were invoiced in the book's most common currency (most non-void invoices in the trailing 12 months;
 * a tie goes to the first code alphabetically). Invoices in other currencies do not count towards the rank.
 */
function rankingCurrency(scopes: readonly YearEndScope[], from: string, today: string): string | undefined {
  const invoices = new Map<string, number>();
  for (const { facts } of scopes) {
    for (const invoice of facts.invoices) {
      if (invoice.voided || invoice.issued < from || invoice.issued > today) continue;
      invoices.set(invoice.currency, (invoices.get(invoice.currency) ?? 0) + 1);
    }
  }
  let best: string | undefined;
  for (const [currency, n] of invoices) {
    const bestN = best === undefined ? -1 : invoices.get(best)!;
    if (n > bestN || (n === bestN && compareText(currency, best!) < 0)) best = currency;
  }
  return best;
}

/** From December 1 to 31: the top clients (status active) with no appreciation shown since December 1. */
export function yearEndReminders(scopes: readonly YearEndScope[], moment: Moment, settings: Settings): Reminder[] {
  const today = moment.today;
  if (today.slice(5, 7) !== '12') return [];
  const year = today.slice(0, 4);
  const december = `${year}-12-01`;
  const from = addDays(today, -(TRAILING_DAYS - 1));
  const active = scopes.filter((s) => s.facts.client.status === 'active');
  const currency = rankingCurrency(active, from, today);
  const top = Math.floor(settings['remind.yearend.top']);
  if (currency === undefined || !(top > 0)) return [];

  const ranked: Ranked[] = [];
  for (const scope of active) {
    let revenueMinor = 0;
    for (const invoice of scope.facts.invoices) {
      if (invoice.voided || invoice.currency !== currency || invoice.issued < from || invoice.issued > today) continue;
      revenueMinor += invoice.amountMinor;
    }
    if (revenueMinor > 0) ranked.push({ scope, revenueMinor });
  }
  ranked.sort(
    (a, b) =>
      b.revenueMinor - a.revenueMinor ||
      compareText(a.scope.client.name, b.scope.client.name) ||
      a.scope.client.id - b.scope.client.id,
  );

  const date = today > `${year}-12-15` ? today : `${year}-12-15`;
  const reminders: Reminder[] = [];
  for (const { scope, revenueMinor } of ranked.slice(0, top)) {
    const { facts, arg } = scope;
    const thanked = facts.appreciations.some(
      (a) => a.direction === 'to-client' && a.at <= moment.at && localDateOf(a.at) >= december,
    );
    if (thanked) continue;
    const name = facts.client.name;
    reminders.push(
      reminder(scope, 'year-end', `${facts.client.id}:${year}`, {
        severity: 'info',
        date,
        message: `${name} is ${top === 1 ? 'your top client' : `one of your top ${top} clients`} (${money(revenueMinor, currency, scope)} invoiced in 12 months): a year-end thank-you is due.`,
        action: `Send ${name} a year-end thank-you, then crm log ${arg} --appreciation gift`,
        fingerprint: year,
      }),
    );
  }
  return reminders;
}
