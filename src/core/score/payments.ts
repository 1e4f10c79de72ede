// Payments: is the user paid, and on time? (DESIGN.md section 4, "payments")
import { dayNumber } from '../dates.js';
import type { Settings } from '../settings.js';
import type { ClientFacts, Invoice, LocalDate, Moment } from '../types.js';
import { clamp01, gainOf } from './decay.js';
import { count, days, evidenceOn, moneyText, sortActions, sortEvidence } from './explain.js';
import { compareText, inOrder } from './ordered.js';
import type { Action, ComponentOutcome, Evidence } from './types.js';

// L is the amount-weighted mean of days late, counted against 60 days.
const LATE_SCALE_DAYS = 60;

/** How much an open balance weighs by its days past due: current 0, 1-30 0.25, 31-60 0.5, 61-90 0.75, over 90 1. */
function agingWeight(daysPastDue: number): number {
  if (daysPastDue <= 0) return 0;
  if (daysPastDue <= 30) return 0.25;
  if (daysPastDue <= 60) return 0.5;
  if (daysPastDue <= 90) return 0.75;
  return 1;
}

/** An invoice as it stood today: payments dated after today do not exist yet. */
interface InvoiceState {
  invoice: Invoice;
  balance: number;
  /** The date of the payment that settled it, or null while a balance is open. */
  settledOn: LocalDate | null;
  settledDaysAgo: number | null;
  daysPastDue: number;
  daysLate: number;
}

/** One currency's invoices: amounts of different currencies are never added together. */
interface CurrencyTally {
  currency: string;
  /** Every invoice issued by today and not void, in or out of the window: this currency's weight. */
  invoiceCount: number;
  inWindow: InvoiceState[];
  amount: number;
  amountTimesDaysLate: number;
  agedOpen: number;
}

function stateOf(invoice: Invoice, today: LocalDate, todayDay: number): InvoiceState {
  let paid = 0;
  let settledOn: LocalDate | null = null;
  for (const payment of invoice.payments) {
    if (payment.paidOn > today) break; // ordered by date
    paid += payment.amountMinor;
    if (settledOn === null && paid >= invoice.amountMinor) settledOn = payment.paidOn;
  }
  const balance = Math.max(0, invoice.amountMinor - paid);
  const dueDay = dayNumber(invoice.due);
  const settledDay = settledOn === null ? null : dayNumber(settledOn);
  const daysPastDue = todayDay - dueDay;
  const daysLate = settledDay !== null ? Math.max(0, settledDay - dueDay) : Math.max(0, daysPastDue);
  const settledDaysAgo = settledDay === null ? null : todayDay - settledDay;
  return { invoice, balance, settledOn, settledDaysAgo, daysPastDue, daysLate };
}

/** Due within the window (or later), still open, or settled within the window. */
function isInWindow(state: InvoiceState, windowDays: number): boolean {
  if (state.balance > 0 || state.daysPastDue < windowDays) return true;
  return state.settledDaysAgo !== null && state.settledDaysAgo < windowDays;
}

/** 1 - (0.5 L + 0.5 P) for one currency, before clamping: s is 1 - clamp(0.5 L + 0.5 P). */
function linearOfTally(tally: CurrencyTally, agedOpen = tally.agedOpen): number {
  const lateness = tally.amountTimesDaysLate / tally.amount / LATE_SCALE_DAYS;
  const aging = agedOpen / tally.amount;
  return 1 - (0.5 * lateness + 0.5 * aging);
}

export function scorePayments(facts: ClientFacts, moment: Moment, settings: Settings, explain: boolean | number = true): ComponentOutcome {
  const windowDays = settings['health.payments.window.days'];
  const todayDay = dayNumber(moment.today);
  const byCurrency = new Map<string, CurrencyTally>();
  for (const invoice of inOrder(facts).invoices) {
    if (invoice.voided || invoice.issued > moment.today || invoice.amountMinor <= 0) continue;
    let tally = byCurrency.get(invoice.currency);
    if (!tally) {
      tally = { currency: invoice.currency, invoiceCount: 0, inWindow: [], amount: 0, amountTimesDaysLate: 0, agedOpen: 0 };
      byCurrency.set(invoice.currency, tally);
    }
    tally.invoiceCount += 1;
    const state = stateOf(invoice, moment.today, todayDay);
    if (!isInWindow(state, windowDays)) continue;
    tally.inWindow.push(state);
    tally.amount += invoice.amountMinor;
    tally.amountTimesDaysLate += invoice.amountMinor * state.daysLate;
    tally.agedOpen += state.balance * agingWeight(state.daysPastDue);
  }
  const tallies = [...byCurrency.values()]
    .filter((tally) => tally.inWindow.length > 0)
    .sort((a, b) => compareText(a.currency, b.currency));
  if (tallies.length === 0) {
    const summary = explain ? `no invoice due in the last ${days(windowDays)} and none open` : '';
    return { s: null, summary, evidence: [], actions: [] };
  }
  // Mixed currencies: L and P are computed per currency (amounts in different currencies cannot be added),
  // and the per-currency s are averaged, each weighted by how many invoices the client has in that currency.
  // The count is taken over all invoices issued so far, not only those in the window, so that settling an old
  // invoice never shifts the weights (which could lower the score: DESIGN.md invariant 2).
  const totalCount = tallies.reduce((sum, tally) => sum + tally.invoiceCount, 0);
  const s = tallies.reduce((sum, tally) => sum + tally.invoiceCount * clamp01(linearOfTally(tally)), 0) / totalCount;
  if (!explain) return { s, summary: '', evidence: [], actions: [] };

  const locale = settings['display.locale'];
  const money = (minor: number, currency: string): string => moneyText(minor, currency, locale);
  const states = tallies.flatMap((tally) => tally.inWindow);
  const evidence = sortEvidence(states.map((state) => evidenceOf(state, money)));
  const actions: Action[] = [];
  for (const tally of tallies) {
    for (const state of tally.inWindow) {
      if (state.balance === 0 || state.daysPastDue <= 0) continue;
      // Paid today: its aged balance goes; its days late stay what they are today.
      const after = linearOfTally(tally, tally.agedOpen - state.balance * agingWeight(state.daysPastDue));
      const gain = (tally.invoiceCount * gainOf(linearOfTally(tally), after)) / totalCount;
      const text = `Chase ${state.invoice.number}: ${days(state.daysPastDue)} overdue (${money(state.balance, tally.currency)})`;
      actions.push({ text, gain });
    }
  }
  return { s, summary: described(tallies, windowDays, money), headline: headlineOf(tallies), evidence, actions: sortActions(actions) };
}

function headlineOf(tallies: CurrencyTally[]): string {
  const states = tallies.flatMap((tally) => tally.inWindow);
  const worst = states.filter((x) => x.balance > 0 && x.daysPastDue > 0).sort((a, b) => b.daysPastDue - a.daysPastDue)[0];
  if (worst) return `${worst.invoice.number} ${days(worst.daysPastDue)} overdue`;
  const late = states.filter((x) => x.settledOn !== null && x.daysLate > 0).length;
  return late > 0 ? `${count(late, 'invoice')} paid late` : 'paid on time';
}

function described(
  tallies: CurrencyTally[],
  windowDays: number,
  money: (minor: number, currency: string) => string,
): string {
  const states = tallies.flatMap((tally) => tally.inWindow);
  const tally = (test: (state: InvoiceState) => boolean): number => states.filter(test).length;
  const parts = [
    `${tally((x) => x.settledOn !== null && x.daysLate === 0)} paid on time`,
    `${tally((x) => x.settledOn !== null && x.daysLate > 0)} paid late`,
  ];
  const overdue = tally((x) => x.balance > 0 && x.daysPastDue > 0);
  const current = tally((x) => x.balance > 0 && x.daysPastDue <= 0);
  if (current > 0) parts.push(`${current} open, not yet due`);
  if (overdue > 0) {
    const owed = tallies
      .map((t) => [t.currency, t.inWindow.reduce((sum, x) => sum + (x.daysPastDue > 0 ? x.balance : 0), 0)] as const)
      .filter(([, minor]) => minor > 0)
      .map(([currency, minor]) => money(minor, currency));
    parts.push(`${overdue} overdue (${owed.join(' + ')} outstanding)`);
  }
  const only = tallies.length === 1 ? tallies[0] : undefined;
  const meanLate = only ? `; ${Math.round(only.amountTimesDaysLate / only.amount)} days late on average, by amount` : '';
  return `${count(states.length, 'invoice')} due in the last ${days(windowDays)} or open: ${parts.join(', ')}${meanLate}`;
}

function evidenceOf(state: InvoiceState, money: (minor: number, currency: string) => string): Evidence {
  const { invoice } = state;
  const what = `${invoice.number} ${money(invoice.amountMinor, invoice.currency)} due ${invoice.due}`;
  if (state.settledOn !== null) {
    return state.daysLate === 0
      ? evidenceOn(invoice.due, `${what}: paid on time (${state.settledOn})`, 1, 'positive')
      : evidenceOn(invoice.due, `${what}: paid ${state.settledOn}, ${days(state.daysLate)} late`, 1, 'negative');
  }
  const outstanding = money(state.balance, invoice.currency);
  return state.daysPastDue > 0
    ? evidenceOn(invoice.due, `${what}: ${days(state.daysPastDue)} overdue, ${outstanding} outstanding`, 1, 'negative')
    : evidenceOn(invoice.due, `${what}: open, ${outstanding} outstanding`, 1, 'neutral');
}
