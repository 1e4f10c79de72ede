// Importing invoices from a spreadsheet, matched to the book by number; a paid column records the payment.
import { parseDurationHours } from '../../core/dates.js';
import { InputError } from '../../core/errors.js';
import {
  checkDueDate, checkPaymentDate, dueAfterTerms, parseAmount, parseCurrency, parseLocalDate, parseText,
} from '../../core/validate.js';
import type { Moment } from '../../core/types.js';
import type { Settings } from '../../core/settings.js';
import { clientCandidates } from '../../store/clients.js';
import { addInvoice, findInvoice, payInvoice, updateInvoice, voidInvoice } from '../../store/invoices.js';
import type { Db } from '../../store/open.js';
import type { OnConflict, Tally } from './clients.js';
import { field } from './fields.js';

export const INVOICE_ALIASES = {
  client: ['client name', 'customer', 'name'],
  number: ['invoice', 'invoice number', 'no', 'nr', 'id'],
  amount: ['total', 'sum', 'amount due'],
  currency: ['cur'],
  issued: ['date', 'issue date', 'invoice date'],
  due: ['due date', 'due on'],
  terms: ['terms days', 'payment terms'],
  paid: ['amount paid', 'paid amount'],
  paidOn: ['paid on', 'payment date', 'date paid'],
  status: [],
  note: ['notes', 'description'],
} as const;

export class InvoiceImporter {
  readonly tally: Tally = { added: 0, updated: 0, skipped: 0 };
  private seen = new Map<string, string>();

  constructor(private db: Db, private now: Moment, private settings: Settings, private onConflict: OnConflict) {}

  import(record: Map<string, string>, where: string): void {
    const cell = (name: string) => record.get(name)?.trim() ?? '';
    if (!cell('client')) throw new InputError(`${where}, column client: the client is empty`);
    const found = clientCandidates(this.db, cell('client'));
    const client = found.exact ?? found.byId;
    if (!client) throw new InputError(`${where}, column client: no client "${cell('client')}" in the book (import the clients first)`);
    if (!cell('amount')) throw new InputError(`${where}, column amount: the amount is empty`);
    const currency = field(where, 'currency', () => parseCurrency(cell('currency') || this.settings['invoice.currency']));
    const amountMinor = field(where, 'amount', () => parseAmount(cell('amount'), currency));
    const issued = cell('issued') ? field(where, 'issued', () => parseLocalDate(cell('issued'), 'issued')) : this.now.today;
    let due: string;
    if (cell('due')) {
      due = field(where, 'due', () => parseLocalDate(cell('due'), 'due'));
      field(where, 'due', () => checkDueDate(issued, due, 'due'));
    } else {
      const terms = cell('terms') ? field(where, 'terms', () => parseDurationHours(cell('terms'), 'd', 'terms') / 24) : this.settings['invoice.terms.days'];
      due = field(where, cell('terms') ? 'terms' : 'issued', () => dueAfterTerms(issued, terms, cell('terms') ? 'terms' : 'the terms of setting invoice.terms.days'));
    }
    const note = cell('note') ? field(where, 'note', () => parseText('note', cell('note'), 'note')) : null;
    const number = cell('number') ? field(where, 'number', () => parseText('invoiceNumber', cell('number'), 'number')) : null;
    const paidMinor = cell('paid') ? field(where, 'paid', () => (Number(cell('paid')) === 0 ? 0 : parseAmount(cell('paid'), currency))) : 0;
    if (paidMinor > amountMinor) throw new InputError(`${where}, column paid: more than the amount of the invoice`);
    const paidOn = cell('paidOn') ? field(where, 'paidOn', () => parseLocalDate(cell('paidOn'), 'paidOn')) : null;
    if (paidOn !== null && paidOn > this.now.today) throw new InputError(`${where}, column paidOn: ${paidOn} is in the future`);
    // A payment without its day is dated the due day, or today if that comes first; as crm invoice pay, not before
    // the invoice was issued.
    const paymentDay = paidOn ?? (due < this.now.today ? due : this.now.today);
    if (paidOn !== null || paidMinor > 0) field(where, 'paidOn', () => checkPaymentDate(issued, paymentDay, paidOn === null ? 'paidOn (empty: today)' : 'paidOn'));
    const voided = cell('status').toLowerCase() === 'void';

    // A number twice in one file is an invoice already in the book by the second time: --on-conflict says what to do.
    if (number !== null) {
      const earlier = this.seen.get(number.toLowerCase());
      if (earlier && this.onConflict === 'fail') {
        throw new InputError(`${where}, column number: invoice ${number} is already in ${earlier} of this file; use --on-conflict skip or update`);
      }
      if (!earlier) this.seen.set(number.toLowerCase(), where);
    }
    const existing = number === null ? undefined : findInvoice(this.db, number);
    let invoiceNumber: string;
    if (existing) {
      if (this.onConflict === 'fail') {
        throw new InputError(`${where}, column number: invoice ${existing.number} is already in the book; use --on-conflict skip or update`);
      }
      if (this.onConflict === 'skip') {
        this.tally.skipped++;
        return;
      }
      // The payments the book has stay: the issue cannot move past one.
      for (const payment of existing.payments) field(where, 'issued', () => checkPaymentDate(issued, payment.paidOn, `a payment of ${existing.number} on`));
      updateInvoice(this.db, existing.id, { clientId: client.id, amountMinor, currency, issued, due, note });
      invoiceNumber = existing.number;
      this.tally.updated++;
    } else {
      invoiceNumber = addInvoice(this.db, { clientId: client.id, number, amountMinor, currency, issued, due, note }).number;
      this.tally.added++;
    }
    // The paid column is the total paid so far: record what the book does not have yet.
    const recorded = (existing?.payments ?? []).reduce((sum, p) => sum + p.amountMinor, 0);
    if (paidMinor < recorded) throw new InputError(`${where}, column paid: less than the payments already recorded for ${invoiceNumber}`);
    if (paidMinor > recorded) {
      payInvoice(this.db, invoiceNumber, paidMinor - recorded, paymentDay);
    }
    if (voided && !existing?.voided) voidInvoice(this.db, invoiceNumber, this.now.at);
  }
}
