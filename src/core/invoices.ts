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

/** Payments dated after today are not counted yet. */
export function invoiceState(invoice: Invoice, today: LocalDate): InvoiceState {
  const paidMinor = invoice.payments.filter((p) => p.paidOn <= today).reduce((sum, p) => sum + p.amountMinor, 0);
  const balanceMinor = Math.max(0, invoice.amountMinor - paidMinor);
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

/** What `crm invoice list --status` takes. */
export const STATUS_FILTERS = ['open', 'partly-paid', 'overdue', 'paid', 'void'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

/**
 * `--status open` means anything with money still due (open, partly paid or overdue); `partly-paid`, something paid
 * and something still due, overdue or not; the others match the status.
 */
export function matchesStatusFilter(state: Pick<InvoiceState, 'status' | 'paidMinor'>, filter: StatusFilter): boolean {
  const { status } = state;
  if (filter === 'open') return status === 'open' || status === 'partly-paid' || status === 'overdue';
  if (filter === 'partly-paid') return status === 'partly-paid' || (status === 'overdue' && state.paidMinor > 0);
  return status === filter;
}
