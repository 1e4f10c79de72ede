// crm invoice: what the client owes, and when it was paid. Money is integer minor units.
import { Option, type Command } from '@commander-js/extra-typings';
import type { Context } from '../context.js';
import { parseDurationHours } from '../core/dates.js';
import { InputError } from '../core/errors.js';
import { INVOICE_STATUSES, matchesStatusFilter } from '../core/invoices.js';
import { formatMoney, minorDigits, parseMoney } from '../core/money.js';
import type { Invoice, Payment } from '../core/types.js';
import { invoiceJson } from '../render/json.js';
import { formatOf, printListing } from '../render/output.js';
import { palette } from '../render/style.js';
import { renderInvoiceTable } from '../render/invoices.js';
import {
  addInvoice, editInvoice, getInvoice, listInvoices, payInvoice, paymentToRemove, removePayment, unvoidInvoice, voidInvoice, type InvoicePatch,
} from '../store/invoices.js';
import { readSettings } from '../store/settings.js';
import { checkDueDate, checkPaymentDate, dueAfterTerms, parseCurrency, parseText } from '../core/validate.js';
import { editedLine, findClient, listScope, ofKnownClients, parseId, removalConfirmed, ownerOf, withExamples } from './shared.js';

/** --terms: days after the issue date (2w, 30); 0 is due on receipt. */
function parseTermsDays(text: string): number {
  return text.trim() === '0' ? 0 : parseDurationHours(text, 'd', '--terms') / 24;
}

export function registerInvoice(program: Command, ctx: Context): void {
  const invoice = program.command('invoice').description('add, pay, void, list or correct invoices');
  withExamples(invoice, ['crm invoice add acme 1500 --terms 14', 'crm invoice pay INV-7', 'crm invoice list --status overdue']);

  const add = invoice
    .command('add')
    .description('add an invoice')
    .argument('<client>', 'id, name or unique prefix')
    .argument('<amount>', 'e.g. 1500 or 1500.50, as display.locale writes it (1.500,50 under nl-NL), maybe with its currency (€1500, 1500 EUR)')
    .option('--number <number>', 'the invoice number (default: the next INV-<n>)')
    .option('--currency <code>', 'ISO 4217 code (default: setting invoice.currency, EUR out of the box)')
    .option('--issued <date>', 'issue date (YYYY-MM-DD, 31-12-2026 as display.locale writes it, yesterday...; default today)')
    .option('--due <date>', 'due date (a date as --issued takes it, or words: end of month, next friday)')
    .option('--terms <days>', 'due this many days after issue (default: setting invoice.terms.days, 30)')
    .option('--note <text>', 'a free-text note')
    .option('--json', 'print the invoice as JSON')
    .action(async (query, amountText, flags) => {
      const format = formatOf(flags);
      if (flags.due !== undefined && flags.terms !== undefined) throw new InputError('give --due or --terms, not both');
      const db = ctx.book('update');
      const settings = readSettings(db);
      const { amountMinor, currency } = parseMoney(
        amountText,
        { code: parseCurrency(flags.currency ?? settings['invoice.currency']), given: flags.currency === undefined ? null : '--currency' },
        settings['display.locale'],
      );
      const issued = flags.issued === undefined ? ctx.now().today : await ctx.readDate(flags.issued, '--issued');
      let due: string;
      if (flags.due !== undefined) {
        due = await ctx.readDate(flags.due, '--due', 'future');
        checkDueDate(issued, due, '--due', '--issued');
      } else {
        const termsDays = flags.terms === undefined ? settings['invoice.terms.days'] : parseTermsDays(flags.terms);
        due = dueAfterTerms(issued, termsDays, flags.terms === undefined ? 'the terms of setting invoice.terms.days' : '--terms');
      }
      const number = flags.number === undefined ? null : parseText('invoiceNumber', flags.number, '--number');
      const note = flags.note === undefined ? null : parseText('note', flags.note, '--note');
      const client = findClient(db, query);
      const created = addInvoice(db, { clientId: client.id, number, amountMinor, currency, issued, due, note });
      const json = invoiceJson(created, client, ctx.now().today);
      ctx.done(`Added ${created.number} to ${client.name}: ${formatMoney(amountMinor, currency, settings['display.locale'])}, due ${due}.`, format, () => json);
    });
  withExamples(add, [
    'crm invoice add acme 1500',
    'crm invoice add acme 1500.50 --currency USD --terms 14 --number 2026-041',
    'crm invoice add acme 800 --issued 2026-11-01 --due 2026-11-30 --note "Nov"',
  ]);

  const pay = invoice
    .command('pay')
    .description('record a payment (partial payments add up; more than is due is refused)')
    .argument('<number>', 'the invoice number')
    .option('--amount <amount>', 'how much was paid, as display.locale writes amounts (default: the whole balance)')
    .option('--on <date>', 'when it was paid (YYYY-MM-DD, 31-12-2026 as display.locale writes it, yesterday...; default today)')
    .option('--json', 'print the invoice as JSON')
    .action(async (number, flags) => {
      const format = formatOf(flags);
      const paidOn = flags.on === undefined ? ctx.now().today : await ctx.readDate(flags.on, '--on');
      if (paidOn > ctx.now().today) throw new InputError(`--on ${paidOn} is in the future: record a payment once it has arrived`);
      const db = ctx.book('update');
      const before = getInvoice(db, number);
      const locale = readSettings(db)['display.locale'];
      const amount = flags.amount === undefined ? null : parseMoney(flags.amount, { code: before.currency, given: before.number }, locale).amountMinor;
      checkPaymentDate(before.issued, paidOn, '--on');
      const paid = payInvoice(db, number, amount, paidOn, locale);
      const client = ownerOf(db, paid.clientId);
      const json = invoiceJson(paid, client, ctx.now().today);
      const rest = json.balanceMinor > 0 ? `; ${formatMoney(json.balanceMinor, json.currency, locale)} still due` : '; paid in full';
      ctx.done(`Recorded ${formatMoney(paid.payments.at(-1)!.amountMinor, paid.currency, locale)} on ${paid.number}${rest}.`, format, () => json);
    });
  withExamples(pay, ['crm invoice pay INV-7', 'crm invoice pay INV-7 --amount 500 --on 2026-11-20']);

  const voidCommand = invoice
    .command('void')
    .description('void an invoice that should not be paid (kept for history)')
    .argument('<number>', 'the invoice number')
    .option('--json', 'print the invoice as JSON')
    .action((number, flags) => {
      const format = formatOf(flags);
      const db = ctx.book('update');
      const voided = voidInvoice(db, number, ctx.now().at);
      const client = ownerOf(db, voided.clientId);
      ctx.done(`Voided ${voided.number} of ${client.name}.`, format, () => invoiceJson(voided, client, ctx.now().today));
    });
  withExamples(voidCommand, ['crm invoice void INV-7']);

  const edit = invoice
    .command('edit')
    .description('correct an invoice; its amount, currency and dates only while nothing is paid (crm invoice unpay first)')
    .argument('<number>', 'the invoice number')
    .option('--amount <amount>', 'what it is for, e.g. 1500 or 1500.50, as display.locale writes amounts')
    .option('--currency <code>', 'ISO 4217 code (with --amount when the decimals differ)')
    .option('--issued <date>', 'issue date (YYYY-MM-DD, as display.locale writes it, or words)')
    .option('--due <date>', 'due date (YYYY-MM-DD, as display.locale writes it, or words)')
    .option('--terms <days>', 'due this many days after issue')
    .option('--number <number>', 'a new number for it')
    .option('--client <client>', 'it belongs to another client (id, name or unique prefix)')
    .option('--note <text>', 'a free-text note ("" clears it)')
    .option('--json', 'print the invoice as JSON')
    .action(async (number, flags) => {
      const format = formatOf(flags);
      if (flags.due !== undefined && flags.terms !== undefined) throw new InputError('give --due or --terms, not both');
      const patch: InvoicePatch = {};
      if (flags.number !== undefined) patch.number = parseText('invoiceNumber', flags.number, '--number');
      if (flags.note !== undefined) patch.note = flags.note === '' ? null : parseText('note', flags.note, '--note');
      const db = ctx.book('update');
      const before = getInvoice(db, number);
      const locale = readSettings(db)['display.locale'];
      const currency = flags.currency === undefined ? before.currency : parseCurrency(flags.currency);
      if (flags.currency !== undefined) patch.currency = currency;
      if (flags.amount !== undefined) {
        patch.amountMinor = parseMoney(flags.amount, { code: currency, given: flags.currency === undefined ? before.number : '--currency' }, locale).amountMinor;
      }
      else if (minorDigits(currency) !== minorDigits(before.currency)) {
        throw new InputError(`--currency ${currency}: give --amount too (${before.currency} has ${minorDigits(before.currency)} decimals, ${currency} ${minorDigits(currency)})`);
      }
      const issued = flags.issued === undefined ? before.issued : await ctx.readDate(flags.issued, '--issued');
      if (flags.issued !== undefined) patch.issued = issued;
      if (flags.due !== undefined) patch.due = await ctx.readDate(flags.due, '--due', 'future');
      if (flags.terms !== undefined) patch.due = dueAfterTerms(issued, parseTermsDays(flags.terms), '--terms');
      if (patch.due !== undefined) checkDueDate(issued, patch.due, '--due', flags.issued === undefined ? 'the issue date' : '--issued');
      else if (issued > before.due) throw new InputError(`--issued ${issued} is after its due date ${before.due}: give --due or --terms too`);
      if (flags.client !== undefined) patch.clientId = findClient(db, flags.client).id;
      if (!Object.keys(patch).length) throw new InputError('nothing to change: give at least one flag, e.g. --amount or --due (see crm invoice edit --help)');
      const { after } = editInvoice(db, before.id, patch, locale);
      const client = ownerOf(db, after.clientId);
      const money = (i: Invoice) => formatMoney(i.amountMinor, i.currency, locale);
      const owner = before.clientId === after.clientId ? null : ownerOf(db, before.clientId);
      const changes = [
        ...(before.number === after.number ? [] : [`number ${before.number} → ${after.number}`]),
        ...(owner ? [`moved from ${owner.name} to ${client.name}`] : []),
        ...(money(before) === money(after) ? [] : [`amount ${money(before)} → ${money(after)}`]),
        ...(before.issued === after.issued ? [] : [`issued ${before.issued} → ${after.issued}`]),
        ...(before.due === after.due ? [] : [`due ${before.due} → ${after.due}`]),
        ...(before.note === after.note ? [] : [after.note === null ? 'note cleared' : 'note changed']),
      ];
      ctx.done(editedLine(`${after.number} of ${client.name}`, changes), format, () => invoiceJson(after, client, ctx.now().today));
    });
  withExamples(edit, [
    'crm invoice edit INV-7 --amount 1200 --due 2026-12-31',
    'crm invoice edit INV-7 --currency USD --amount 1300',
    'crm invoice edit INV-7 --number 2026-041 --note "PO 5531"',
  ]);

  const unpay = invoice
    .command('unpay')
    .description('remove a payment recorded by mistake: the latest, or the one given; the money is due again')
    .argument('<number>', 'the invoice number')
    .option('--payment <id>', "which payment (its id in crm invoice list --json: payments[].id)")
    .option('-y, --yes', 'do not ask (needed when not on a terminal)')
    .option('--json', 'print the invoice, and the payment removed, as JSON')
    .action(async (number, flags) => {
      const format = formatOf(flags);
      const paymentId = flags.payment === undefined ? null : parseId(flags.payment, '--payment');
      const paymentWords = (invoice: Invoice, payment: Payment, locale: string) =>
        `the payment of ${formatMoney(payment.amountMinor, invoice.currency, locale)} on ${payment.paidOn} (payment #${payment.id}) from ${invoice.number}`;
      const asked = await removalConfirmed(ctx, flags.yes, (db) => {
        const found = getInvoice(db, number);
        const payment = paymentToRemove(found, paymentId);
        const what = paymentWords(found, payment, readSettings(db)['display.locale']);
        return { question: `Remove ${what}?`, removes: `removing ${what}` };
      });
      if (!asked) return;
      const db = ctx.book('update');
      const { invoice: after, payment } = removePayment(db, number, paymentId);
      const client = ownerOf(db, after.clientId);
      const locale = readSettings(db)['display.locale'];
      const json = invoiceJson(after, client, ctx.now().today);
      ctx.done(`Removed ${paymentWords(after, payment, locale)}; ${formatMoney(json.balanceMinor, json.currency, locale)} due.`, format, () => ({
        ...json,
        removedPayment: { id: payment.id, amountMinor: payment.amountMinor, paidOn: payment.paidOn },
      }));
    });
  withExamples(unpay, ['crm invoice unpay INV-7', 'crm invoice unpay INV-7 --payment 12 --yes']);

  const unvoid = invoice
    .command('unvoid')
    .description('make a voided invoice count again (it was voided by mistake)')
    .argument('<number>', 'the invoice number')
    .option('--json', 'print the invoice as JSON')
    .action((number, flags) => {
      const format = formatOf(flags);
      const db = ctx.book('update');
      const restored = unvoidInvoice(db, number);
      const client = ownerOf(db, restored.clientId);
      ctx.done(`${restored.number} of ${client.name} counts again (no longer void).`, format, () => invoiceJson(restored, client, ctx.now().today));
    });
  withExamples(unvoid, ['crm invoice unvoid INV-7']);

  const list = invoice
    .command('list')
    .alias('ls')
    .description('invoices, oldest first')
    .option('--client <client>', 'only this client')
    .addOption(
      new Option('--status <status>', 'open (anything still due), partly-paid, overdue, paid or void').choices(INVOICE_STATUSES),
    )
    .option('--json', 'print a JSON array')
    .option('--ndjson', 'print one JSON object per line')
    .action((flags) => {
      const format = formatOf(flags);
      const db = ctx.book('read');
      const today = ctx.now().today;
      const locale = readSettings(db)['display.locale'];
      const { client, clients } = listScope(db, flags.client);
      const items = ofKnownClients(ctx, listInvoices(db, client?.id), clients, ['invoice'])
        .map((i) => invoiceJson(i, clients.get(i.clientId)!, today))
        .filter((i) => flags.status === undefined || matchesStatusFilter(i.status, flags.status));
      printListing(ctx, format, items, flags.status ? `No ${flags.status} invoices.` : 'No invoices yet. Add one: crm invoice add acme 1500', () => {
        return renderInvoiceTable(items, palette(ctx.color), { width: ctx.tableWidth, locale, client: client === undefined });
      });
    });
  withExamples(list, [
    'crm invoice list --status overdue',
    // Sums per currency: one balance for EUR, another for USD, never one number for both. Two lines, to fit
    // the help's 80 columns.
    `crm invoice list --json \\\n      | jq 'reduce .[] as $i ({}; .[$i.currency] += $i.balanceMinor)'`,
  ]);
}
