// Payments: is the user paid, and on time? Their own need counts too. (DESIGN.md section 4, "money")
import { addDays, dayNumber } from '../dates.js';
import type { Invoice, LocalDate } from '../types.js';
import { fade, lateness, round, shownDecay } from './decay.js';
import { count, days, evidenceOn, moneyText, rowsToShow, sortEvidence } from './explain.js';
import type { Action, ComponentOutcome, Evidence, ScoreInput } from './types.js';

/** An overdue invoice weighs at least its own share, and at most this many typical invoices. */
const MAX_EXPOSURE = 4;

/** An invoice as it stands today: payments dated after today do not exist yet. */
export interface InvoiceStanding {
  invoice: Invoice;
  paidMinor: number;
  balanceMinor: number;
  /** Days past due today (negative: not due yet). */
  daysPastDue: number;
  /** The date it was paid in full, or null. */
  settledOn: LocalDate | null;
  /** Days the last payment came after the due date, once settled. */
  settledDaysLate: number;
  good: number;
  bad: number;
  /** How many typical invoices its open balance is worth (1 to 4), when overdue. */
  exposure: number;
  /** What the client usually pays per invoice in this currency (minor units; 0 without history). */
  usualMinor: number;
}

/**
 * Each payment is credited for its share of the invoice, less what lateness takes (d / (d + 30) for d days
 * late), and fades from the day it came. An overdue balance is an open wrong that does not fade: its unpaid share,
 * aged the same way, times how many of the client's typical invoices it is worth (1 to 4). Typical billing is what
 * the client paid on invoices due in the window divided by how many fell due: paying can only raise it and a new
 * overdue invoice only lower it, so more money overdue, or overdue longer, always costs more.
 */
export function scorePayments({ facts, point, settings, explain }: ScoreInput): ComponentOutcome {
  const moment = { today: point.today };
  const standings = invoiceStandings(
    facts.invoices, point.cutoffDay, point.today, settings['health.payments.window.days'], settings['health.halflife.payments'],
  );
  let good = 0;
  let bad = 0;
  let signals = 0;
  for (const s of standings) {
    good += s.good;
    bad += s.bad;
    if (s.good > 0 || s.bad > 0) signals++;
  }
  if (!explain) return { good, bad, signals, summary: '', evidence: [], actions: [] };
  if (signals === 0) {
    const open = standings.filter((s) => s.balanceMinor > 0).length;
    return { good, bad, signals, summary: open ? `${count(open, 'invoice')} open, none due yet` : 'no invoice paid or due yet', evidence: [], actions: [] };
  }
  const locale = settings['display.locale'];
  const money = (minor: number, currency: string) => moneyText(minor, currency, locale);
  const from = addDays(moment.today, -settings['health.payments.window.days']);
  const shown = standings.filter((s) => s.balanceMinor > 0 || s.invoice.due > from);
  const evidence = sortEvidence(rowsToShow(shown, (s) => dayNumber(s.invoice.due), explain).map((s) => evidenceOf(s, money)));
  const actions: Action[] = [];
  for (const s of standings) {
    if (s.balanceMinor <= 0 || s.daysPastDue <= 0) continue;
    // Paid in full today: the overdue weight goes; the payment is credited, less what lateness takes.
    const share = s.balanceMinor / s.invoice.amountMinor;
    const late = lateness(s.daysPastDue);
    actions.push({
      text: `Chase ${s.invoice.number}: ${days(s.daysPastDue)} overdue, ${money(s.balanceMinor, s.invoice.currency)} open`,
      change: { good: share * (1 - late), bad: Math.max(0, s.exposure * late - share * late) },
      lifts: `overdue:${s.invoice.number}`,
    });
  }
  return { good, bad, signals, summary: summaryOf(shown, facts.client.name, money), headline: headlineOf(standings), evidence, actions };
}

/**
 * Every invoice issued by `knownDay` and not void, with the payments made by then, aged to `today` (usually the
 * same day).
 */
export function invoiceStandings(
  invoices: readonly Invoice[],
  knownDay: LocalDate,
  today: LocalDate,
  windowDays: number,
  halfLife: number,
): InvoiceStanding[] {
  const todayDay = dayNumber(today);
  const standings: InvoiceStanding[] = [];
  // Typical billing per currency: paid on invoices due in the window, per invoice that fell due.
  const typical = new Map<string, { paid: number; due: number }>();
  for (const invoice of invoices) {
    if (invoice.voided || invoice.issued > knownDay || invoice.amountMinor <= 0) continue;
    const dueDay = dayNumber(invoice.due);
    let paid = 0;
    let good = 0;
    let bad = 0;
    let settledOn: LocalDate | null = null;
    let settledDaysLate = 0;
    for (const payment of invoice.payments) {
      if (payment.paidOn > knownDay) break; // in date order
      paid += payment.amountMinor;
      const paidDay = dayNumber(payment.paidOn);
      const daysLate = Math.max(0, paidDay - dueDay);
      const weight = (payment.amountMinor / invoice.amountMinor) * fade(todayDay - paidDay, halfLife);
      good += weight * (1 - lateness(daysLate));
      bad += weight * lateness(daysLate);
      if (settledOn === null && paid >= invoice.amountMinor) {
        settledOn = payment.paidOn;
        settledDaysLate = daysLate;
      }
    }
    const daysPastDue = todayDay - dueDay;
    if (daysPastDue >= 0 && daysPastDue < windowDays) {
      const tally = typical.get(invoice.currency) ?? { paid: 0, due: 0 };
      typical.set(invoice.currency, { paid: tally.paid + Math.min(paid, invoice.amountMinor), due: tally.due + 1 });
    }
    standings.push({
      invoice, paidMinor: paid, balanceMinor: Math.max(0, invoice.amountMinor - paid), daysPastDue, settledOn, settledDaysLate, good, bad, exposure: 0,
      usualMinor: 0,
    });
  }
  for (const s of standings) {
    if (s.balanceMinor <= 0 || s.daysPastDue <= 0) continue;
    const tally = typical.get(s.invoice.currency);
    const usual = tally && tally.due > 0 ? tally.paid / tally.due : 0;
    const times = usual > 0 ? Math.min(MAX_EXPOSURE, Math.max(1, s.invoice.amountMinor / usual)) : MAX_EXPOSURE;
    s.usualMinor = usual;
    s.exposure = (s.balanceMinor / s.invoice.amountMinor) * times;
    s.bad += s.exposure * lateness(s.daysPastDue);
  }
  return standings;
}

function summaryOf(shown: InvoiceStanding[], name: string, money: (minor: number, currency: string) => string): string {
  const onTime = shown.filter((s) => s.settledOn !== null && s.settledDaysLate === 0).length;
  const late = shown.filter((s) => s.settledOn !== null && s.settledDaysLate > 0);
  const overdue = shown.filter((s) => s.balanceMinor > 0 && s.daysPastDue > 0).sort((a, b) => b.daysPastDue - a.daysPastDue);
  const parts: string[] = [];
  for (const s of overdue.slice(0, 2)) {
    const times = s.invoice.amountMinor / s.usualMinor;
    const size =
      s.usualMinor === 0
        ? ` (nothing paid by ${name} yet)`
        : times >= 1.5
          ? ` (${round(times, 1)}× what ${name} usually pays per invoice)`
          : '';
    parts.push(`${s.invoice.number} is ${days(s.daysPastDue)} overdue with ${money(s.balanceMinor, s.invoice.currency)} open${size}`);
  }
  if (overdue.length > 2) parts.push(`${overdue.length - 2} more overdue`);
  if (onTime) parts.push(`${onTime} paid on time`);
  if (late.length) {
    const mean = Math.round(late.reduce((sum, s) => sum + s.settledDaysLate, 0) / late.length);
    parts.push(`${late.length} paid late (${days(mean)} on average)`);
  }
  const waiting = shown.filter((s) => s.balanceMinor > 0 && s.daysPastDue <= 0).length;
  if (waiting) parts.push(`${waiting} not due yet`);
  if (!onTime && !late.length && overdue.length) parts.push('none paid in full yet');
  return `${parts.join(', ')}; recent invoices count most`;
}

function headlineOf(standings: InvoiceStanding[]): string {
  const worst = standings.filter((s) => s.balanceMinor > 0 && s.daysPastDue > 0).sort((a, b) => b.daysPastDue - a.daysPastDue)[0];
  if (worst) return `${worst.invoice.number} ${days(worst.daysPastDue)} overdue`;
  const late = standings.filter((s) => s.settledOn !== null && s.settledDaysLate > 0 && s.good + s.bad > 0.25).length;
  return late ? `${count(late, 'invoice')} paid late` : 'paid on time';
}

function evidenceOf(s: InvoiceStanding, money: (minor: number, currency: string) => string): Evidence {
  const { invoice } = s;
  const what = `${invoice.number} ${money(invoice.amountMinor, invoice.currency)} due ${invoice.due}`;
  const weight = s.good + s.bad;
  if (s.settledOn !== null) {
    const left = shownDecay(weight);
    return s.settledDaysLate === 0
      ? evidenceOn(invoice.due, `${what}: paid on time (${s.settledOn})`, left, 'positive')
      : evidenceOn(invoice.due, `${what}: paid ${s.settledOn}, ${days(s.settledDaysLate)} late`, left, 'negative');
  }
  const open = money(s.balanceMinor, invoice.currency);
  return s.daysPastDue > 0
    ? evidenceOn(invoice.due, `${what}: ${days(s.daysPastDue)} overdue, ${open} open`, 1, 'negative')
    : evidenceOn(invoice.due, `${what}: not due yet, ${open} open`, 1, 'neutral');
}
