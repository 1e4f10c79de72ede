// Invoices as a table (crm invoice list, and a client's in crm client show): what each is owed, and what they
// add up to in each currency. Money is never added across currencies.
import { totalsByCurrency, type CurrencyTotal } from '../core/invoices.js';
import { formatMoney } from '../core/money.js';
import type { invoiceJson } from './json.js';
import type { Palette } from './style.js';
import { table, type Column } from './table.js';

type InvoiceItem = ReturnType<typeof invoiceJson>;
type Row = { invoice: InvoiceItem } | { total: CurrencyTotal };

export interface InvoiceTableOptions {
  width: number;
  locale: string;
  /** a CLIENT column (not in a client's own card) */
  client: boolean;
}

export function renderInvoiceTable(items: InvoiceItem[], c: Palette, options: InvoiceTableOptions): string {
  const money = (minor: number, currency: string) => formatMoney(minor, currency, options.locale);
  // One line per currency: with a single invoice, it would only say the same again.
  const footer: Row[] = items.length > 1 ? totalsByCurrency(items).map((total) => ({ total })) : [];
  const of = <T,>(invoice: (i: InvoiceItem) => T, total: (t: CurrencyTotal) => T) => (row: Row) =>
    'invoice' in row ? invoice(row.invoice) : total(row.total);
  const columns: Column<Row>[] = [
    {
      header: 'NUMBER',
      cell: of((i) => i.number, (t) => `total ${t.currency}`),
      cut: true, min: 10, preferred: 16, priority: 90,
      style: (text, row) => ('total' in row ? c.bold(text) : text),
    },
    ...(options.client ? [{ header: 'CLIENT', cell: of((i) => i.client.name, () => ''), cut: true, min: 10, preferred: 18, priority: 60 }] : []),
    { header: 'AMOUNT', cell: of((i) => money(i.amountMinor, i.currency), (t) => money(t.amountMinor, t.currency)), align: 'right', drop: true, priority: 40 },
    {
      header: 'PAID',
      cell: of((i) => (i.paidMinor ? money(i.paidMinor, i.currency) : ''), (t) => (t.paidMinor ? money(t.paidMinor, t.currency) : '')),
      align: 'right', drop: true, priority: 20,
    },
    // What is still owed: the verdict, with the status.
    {
      header: 'BALANCE',
      cell: of((i) => (i.status === 'void' ? '' : money(i.balanceMinor, i.currency)), (t) => money(t.balanceMinor, t.currency)),
      align: 'right',
      style: (text, row) => ('total' in row ? c.bold(text) : text),
    },
    { header: 'ISSUED', cell: of((i) => i.issued, () => ''), drop: true, priority: 10 },
    { header: 'DUE', cell: of((i) => i.due, () => ''), drop: true, priority: 45 },
    {
      header: 'STATUS',
      cell: of((i) => (i.status === 'overdue' ? `overdue ${i.daysOverdue}d` : i.status), (t) => `${t.invoices} invoice${t.invoices === 1 ? '' : 's'}`),
      style: (text, row) => {
        if ('total' in row) return c.dim(text);
        const status = row.invoice.status;
        return status === 'overdue' ? c.red(text) : status === 'paid' ? c.green(text) : status === 'void' ? c.dim(text) : text;
      },
    },
  ];
  return table<Row>(items.map((invoice) => ({ invoice })), columns, { width: options.width, header: (h) => c.dim(h), footer });
}

/** One payment, with the invoice it paid: what `crm client show` lists, the latest first. */
export interface PaymentItem {
  /** the id crm invoice unpay --payment takes */
  id: number;
  invoice: string;
  amountMinor: number;
  currency: string;
  paidOn: string;
}

export function paymentsOf(items: InvoiceItem[]): PaymentItem[] {
  return items
    .flatMap((invoice) => invoice.payments.map((p) => ({ id: p.id, invoice: invoice.number, amountMinor: p.amountMinor, currency: invoice.currency, paidOn: p.paidOn })))
    .sort((a, b) => (a.paidOn < b.paidOn ? 1 : a.paidOn > b.paidOn ? -1 : 0));
}

/** Payments as a table, at most `limit` of them. */
export function renderPayments(payments: PaymentItem[], c: Palette, options: { width: number; locale: string; limit: number }): string {
  const shown = payments.slice(0, options.limit);
  const text = table(
    shown,
    [
      { header: 'ID', cell: (p) => String(p.id), align: 'right' },
      { header: 'PAID ON', cell: (p) => p.paidOn },
      { header: 'AMOUNT', cell: (p) => formatMoney(p.amountMinor, p.currency, options.locale), align: 'right' },
      { header: 'INVOICE', cell: (p) => p.invoice, cut: true, min: 10 },
    ],
    { width: options.width, header: (h) => c.dim(h) },
  );
  const more = payments.length - shown.length;
  return more > 0 ? `${text}\n${c.dim(`… ${more} earlier (--json lists them all)`)}` : text;
}
