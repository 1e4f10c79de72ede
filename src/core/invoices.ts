// What an invoice's state is today: derived from amounts, payments and dates, never stored.
import { daysBetween } from './dates.js';
import type { Invoice, LocalDate } from './types.js';

export const INVOICE_STATUSES = ['open', 'partly-paid', 'overdue', 'paid', 'void'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export interface InvoiceState {
  paidMinor: number;
  balanceMinor: number;
  status: InvoiceStatus;
  daysOverdue: number;
}

/** Payments dated after today are not counted yet. A void invoice is owed nothing: its balance is 0. */
export function invoiceState(invoice: Invoice, today: LocalDate): InvoiceState {
  const paidMinor = invoice.payments.filter((p) => p.paidOn <= today).reduce((sum, p) => sum + p.amountMinor, 0);
  const balanceMinor = invoice.voided ? 0 : Math.max(0, invoice.amountMinor - paidMinor);
  const late = Math.max(0, daysBetween(invoice.due, today));
  const daysOverdue = balanceMinor > 0 && !invoice.voided ? late : 0;
  let status: InvoiceStatus;
  if (invoice.voided) status = 'void';
  else if (balanceMinor === 0) status = 'paid';
  else if (daysOverdue > 0) status = 'overdue';
  else if (paidMinor > 0) status = 'partly-paid';
  else status = 'open';
  return { paidMinor, balanceMinor, status, daysOverdue };
}

/** `--status open` means anything with money still due: open, partly paid or overdue; the others match exactly. */
export function matchesStatusFilter(status: InvoiceStatus, filter: InvoiceStatus): boolean {
  if (filter === 'open') return status === 'open' || status === 'partly-paid' || status === 'overdue';
  return status === filter;
}

/** What a list of invoices adds up to in one currency. */
export interface CurrencyTotal {
  currency: string;
  /** invoices counted (void ones are not) */
  invoices: number;
  amountMinor: number;
  paidMinor: number;
  balanceMinor: number;
}

/**
 * Totals per currency, in the order of the codes: amounts in two currencies are never added together. Void
 * invoices count for nothing.
 */
export function totalsByCurrency(
  invoices: readonly { currency: string; amountMinor: number; paidMinor: number; balanceMinor: number; status: InvoiceStatus }[],
): CurrencyTotal[] {
  const totals = new Map<string, CurrencyTotal>();
  for (const invoice of invoices) {
    if (invoice.status === 'void') continue;
    let total = totals.get(invoice.currency);
    if (!total) totals.set(invoice.currency, (total = { currency: invoice.currency, invoices: 0, amountMinor: 0, paidMinor: 0, balanceMinor: 0 }));
    total.invoices++;
    total.amountMinor += invoice.amountMinor;
    total.paidMinor += invoice.paidMinor;
    total.balanceMinor += invoice.balanceMinor;
  }
  return [...totals.values()].sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
}
