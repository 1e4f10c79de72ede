// Invoices and payments. Status is derived (core/invoices.ts), never stored.
import { InputError, NotFoundError } from '../core/errors.js';
import { nameKey } from '../core/match.js';
import { formatMoney } from '../core/money.js';
import type { Invoice, LocalDate, Payment } from '../core/types.js';
import type { RevenueTally } from '../core/score/index.js';
import type { Db } from './open.js';
import { prepared } from './statements.js';
import { forgetReminders } from './reminders.js';
import { groupBy, toInvoice, toPayment, type InvoiceRow, type PaymentRow } from './rows.js';

export interface NewInvoice {
  clientId: number;
  number: string | null;
  amountMinor: number;
  currency: string;
  issued: LocalDate;
  due: LocalDate;
  note: string | null;
}

/** The next free number of the form INV-<n>, one past the highest used. */
export function nextInvoiceNumber(db: Db): string {
  const row = db
    .prepare(
      `SELECT max(CAST(substr(number, 5) AS INTEGER)) AS n FROM invoice
       WHERE number_key LIKE 'inv-%' AND substr(number, 5) GLOB '[0-9]*' AND substr(number, 5) NOT GLOB '*[^0-9]*'`,
    )
    .get() as { n: number | null };
  return `INV-${(row.n ?? 0) + 1}`;
}

export function addInvoice(db: Db, input: NewInvoice): Invoice {
  return db.transaction(() => {
    const number = input.number ?? nextInvoiceNumber(db);
    const clash = db.prepare('SELECT number FROM invoice WHERE number_key = ?').get(nameKey(number)) as
      | { number: string }
      | undefined;
    if (clash) throw new InputError(`invoice ${clash.number} already exists; pick another --number`);
    const id = Number(
      prepared(
        db,
        `INSERT INTO invoice (client_id, number, number_key, amount_minor, currency, issued, due, note)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(input.clientId, number, nameKey(number), input.amountMinor, input.currency, input.issued, input.due, input.note)
        .lastInsertRowid,
    );
    return getInvoiceById(db, id)!;
  }).immediate();
}

function getInvoiceById(db: Db, id: number): Invoice | undefined {
  const row = db.prepare('SELECT * FROM invoice WHERE id = ?').get(id) as InvoiceRow | undefined;
  if (!row) return undefined;
  const payments = (db.prepare('SELECT * FROM payment WHERE invoice_id = ? ORDER BY paid_on, id').all(id) as PaymentRow[]).map(toPayment);
  return toInvoice(row, payments);
}

export function getInvoice(db: Db, number: string): Invoice {
  const row = db.prepare('SELECT id FROM invoice WHERE number_key = ?').get(nameKey(number)) as { id: number } | undefined;
  if (!row) throw new NotFoundError(`no invoice "${number}"; see crm invoice list`);
  return getInvoiceById(db, row.id)!;
}

/** Records a payment; partial payments add up, overpayment is refused. */
export function payInvoice(db: Db, number: string, amountMinor: number | null, paidOn: LocalDate, locale = 'en-US'): Invoice {
  return db.transaction(() => {
    const invoice = getInvoice(db, number);
    if (invoice.voided) throw new InputError(`invoice ${invoice.number} is void: it cannot be paid`);
    const paid = invoice.payments.reduce((sum, p) => sum + p.amountMinor, 0);
    const balance = invoice.amountMinor - paid;
    if (balance <= 0) throw new InputError(`invoice ${invoice.number} is already paid in full`);
    const amount = amountMinor ?? balance;
    if (amount > balance) {
      const due = formatMoney(balance, invoice.currency, locale);
      throw new InputError(`${formatMoney(amount, invoice.currency, locale)} is more than the ${due} still due on ${invoice.number}: overpayment is refused`);
    }
    prepared(db, 'INSERT INTO payment (invoice_id, amount_minor, paid_on) VALUES (?, ?, ?)').run(invoice.id, amount, paidOn);
    return getInvoiceById(db, invoice.id)!;
  }).immediate();
}

export function voidInvoice(db: Db, number: string, at: number): Invoice {
  return db.transaction(() => {
    const invoice = getInvoice(db, number);
    if (invoice.voided) throw new InputError(`invoice ${invoice.number} is already void`);
    if (invoice.payments.length) {
      throw new InputError(`invoice ${invoice.number} has payments recorded: it cannot be voided`);
    }
    db.prepare('UPDATE invoice SET voided_at = ? WHERE id = ?').run(at, invoice.id);
    return getInvoiceById(db, invoice.id)!;
  }).immediate();
}

/** Makes a voided invoice count again (it was voided by mistake). */
export function unvoidInvoice(db: Db, number: string): Invoice {
  const invoice = getInvoice(db, number);
  if (!invoice.voided) throw new InputError(`invoice ${invoice.number} is not void`);
  db.prepare('UPDATE invoice SET voided_at = NULL WHERE id = ?').run(invoice.id);
  return getInvoiceById(db, invoice.id)!;
}

/** What `crm invoice edit` may change; a key left out stays. */
export interface InvoicePatch {
  clientId?: number;
  number?: string;
  amountMinor?: number;
  currency?: string;
  issued?: LocalDate;
  due?: LocalDate;
  /** null clears it */
  note?: string | null;
}

/**
 * Corrects an invoice. What it is owed (amount, currency) and its dates change only while nothing is paid and it is
 * not void: a payment was made against them. Its number, client and note may change any time. The caller checks the
 * dates agree (core/validate.ts checkDueDate).
 */
export function editInvoice(db: Db, id: number, patch: InvoicePatch, locale = 'en-US'): { before: Invoice; after: Invoice } {
  const before = getInvoiceById(db, id);
  if (!before) throw new NotFoundError(`no invoice #${id}; see crm invoice list`);
  const owed = (['amountMinor', 'currency', 'issued', 'due'] as const).filter((key) => patch[key] !== undefined && patch[key] !== before[key]);
  if (owed.length && before.payments.length) {
    const last = before.payments.at(-1)!;
    const paid = `${formatMoney(last.amountMinor, before.currency, locale)} on ${last.paidOn}`;
    throw new InputError(
      `invoice ${before.number} has ${before.payments.length === 1 ? `a payment (${paid})` : `${before.payments.length} payments (the last ${paid})`}: ` +
        `its amount, currency and dates stand as paid; remove the payment first (crm invoice unpay ${before.number})`,
    );
  }
  if (owed.length && before.voided) {
    throw new InputError(`invoice ${before.number} is void: make it count again first (crm invoice unvoid ${before.number}), or add a new one`);
  }
  if (patch.number !== undefined && nameKey(patch.number) !== nameKey(before.number)) {
    const clash = db.prepare('SELECT number FROM invoice WHERE number_key = ? AND id <> ?').get(nameKey(patch.number), id) as
      | { number: string }
      | undefined;
    if (clash) throw new InputError(`invoice ${clash.number} already exists; pick another --number`);
  }
  const number = patch.number ?? before.number;
  db.prepare(
    'UPDATE invoice SET client_id = ?, number = ?, number_key = ?, amount_minor = ?, currency = ?, issued = ?, due = ?, note = ? WHERE id = ?',
  ).run(
    patch.clientId ?? before.clientId, number, nameKey(number), patch.amountMinor ?? before.amountMinor, patch.currency ?? before.currency,
    patch.issued ?? before.issued, patch.due ?? before.due, patch.note === undefined ? before.note : patch.note, id,
  );
  // Reminders are keyed by the number: silencing the old one said nothing about the renamed invoice.
  if (number !== before.number) forgetReminders(db, [`invoice-overdue:${before.number}`, `invoice-due-soon:${before.number}`]);
  return { before, after: getInvoiceById(db, id)! };
}

/** The payment `crm invoice unpay` removes: the one given by id, else the invoice's latest. */
export function paymentToRemove(invoice: Invoice, paymentId: number | null): Payment {
  const payment = paymentId === null ? invoice.payments.at(-1) : invoice.payments.find((p) => p.id === paymentId);
  if (payment) return payment;
  throw paymentId === null
    ? new InputError(`invoice ${invoice.number} has no payment recorded`)
    : new NotFoundError(`invoice ${invoice.number} has no payment #${paymentId}; see crm invoice list --json`);
}

/** Removes a payment recorded by mistake: the one given by id, else the invoice's latest. */
export function removePayment(db: Db, number: string, paymentId: number | null): { invoice: Invoice; payment: Payment } {
  const before = getInvoice(db, number);
  const payment = paymentToRemove(before, paymentId);
  db.prepare('DELETE FROM payment WHERE id = ?').run(payment.id);
  return { invoice: getInvoiceById(db, before.id)!, payment };
}

/** All invoices (optionally of one client) with their payments, in two queries. */
export function listInvoices(db: Db, clientId?: number): Invoice[] {
  const rows = (
    clientId === undefined
      ? db.prepare('SELECT * FROM invoice ORDER BY issued, id').all()
      : db.prepare('SELECT * FROM invoice WHERE client_id = ? ORDER BY issued, id').all(clientId)
  ) as InvoiceRow[];
  const payments = groupBy(
    (clientId === undefined
      ? db.prepare('SELECT * FROM payment ORDER BY paid_on, id').all()
      : db
          .prepare('SELECT p.* FROM payment p JOIN invoice i ON i.id = p.invoice_id WHERE i.client_id = ? ORDER BY p.paid_on, p.id')
          .all(clientId)) as PaymentRow[],
    (p) => p.invoice_id,
  );
  return rows.map((r) => toInvoice(r, (payments.get(r.id) ?? []).map(toPayment)));
}

export function findInvoice(db: Db, number: string): Invoice | undefined {
  const row = db.prepare('SELECT id FROM invoice WHERE number_key = ?').get(nameKey(number)) as { id: number } | undefined;
  return row && getInvoiceById(db, row.id);
}

export function updateInvoice(
  db: Db,
  id: number,
  fields: { clientId: number; amountMinor: number; currency: string; issued: LocalDate; due: LocalDate; note: string | null },
): void {
  db.prepare('UPDATE invoice SET client_id = ?, amount_minor = ?, currency = ?, issued = ?, due = ?, note = ? WHERE id = ?').run(
    fields.clientId, fields.amountMinor, fields.currency, fields.issued, fields.due, fields.note, id,
  );
}

/**
 * Each client's revenue per currency over the window (core revenueWindow), summed in SQL; with `clientId`, that
 * client's and the rest of the book's, enough for its share.
 */
export function revenueTotals(db: Db, window: { from: LocalDate; to: LocalDate }, clientId?: number): RevenueTally[] {
  const where = 'WHERE voided_at IS NULL AND amount_minor > 0 AND issued > ? AND issued <= ?';
  if (clientId === undefined) {
    return (
      db
        .prepare(`SELECT client_id, currency, total(amount_minor), count(*) FROM invoice ${where} GROUP BY client_id, currency`)
        .raw()
        .all(window.from, window.to) as [number, string, number, number][]
    ).map(([id, currency, amountMinor, invoices]) => ({ clientId: id, currency, amountMinor, invoices }));
  }
  // One client's share needs its own tallies and the book's totals: the rest of the book is tallied as if it were
  // one other client (any other id), a handful of groups instead of one per client.
  const others = -clientId - 1;
  return (
    db
      .prepare(`SELECT client_id = ? AS own, currency, total(amount_minor), count(*) FROM invoice ${where} GROUP BY own, currency`)
      .raw()
      .all(clientId, window.from, window.to) as [number, string, number, number][]
  ).map(([own, currency, amountMinor, invoices]) => ({ clientId: own ? clientId : others, currency, amountMinor, invoices }));
}
