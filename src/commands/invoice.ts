// crm invoice: what the client owes, and when it was paid. Money is integer minor units.
import { Option, type Command } from '@commander-js/extra-typings';
import type { Context } from '../context.js';
import { parseDurationHours } from '../core/dates.js';
import { InputError } from '../core/errors.js';
import { matchesStatusFilter } from '../core/invoices.js';
import { formatMoney } from '../core/money.js';
import type { Client } from '../core/types.js';
import { invoiceJson } from '../render/json.js';
import { formatOf, printList } from '../render/output.js';
import { palette } from '../render/style.js';
import { table } from '../render/table.js';
import { getClient, listClients } from '../store/clients.js';
import { addInvoice, getInvoice, listInvoices, payInvoice, voidInvoice } from '../store/invoices.js';
import { readSettings } from '../store/settings.js';
import { checkDueDate, checkPaymentDate, dueAfterTerms, parseAmount, parseCurrency, parseLocalDate, parseText } from '../core/validate.js';
import { findClient, withExamples } from './shared.js';

const STATUS_FILTERS = ['open', 'overdue', 'paid', 'void'] as const;

export function registerInvoice(program: Command, ctx: Context): void {
  const invoice = program.command('invoice').description('add, pay, void or list invoices');
  withExamples(invoice, ['crm invoice add acme 1500 --terms 14', 'crm invoice pay INV-7', 'crm invoice list --status overdue']);

  const add = invoice
    .command('add')
    .description('add an invoice')
    .argument('<client>', 'id, name or unique prefix')
    .argument('<amount>', 'e.g. 1500, 1500.5 or 1500.50 (no more decimals than the currency has)')
    .option('--number <number>', 'the invoice number (default: the next INV-<n>)')
    .option('--currency <code>', 'ISO 4217 code (default: setting invoice.currency, EUR out of the box)')
    .option('--issued <date>', 'issue date (YYYY-MM-DD; default today)')
    .option('--due <date>', 'due date (YYYY-MM-DD)')
    .option('--terms <days>', 'due this many days after issue (default: setting invoice.terms.days, 30)')
    .option('--note <text>', 'a free-text note')
    .option('--json', 'print the invoice as JSON')
    .action((query, amountText, flags) => {
      const format = formatOf(flags);
      if (flags.due !== undefined && flags.terms !== undefined) throw new InputError('give --due or --terms, not both');
      const db = ctx.book('update');
      const settings = readSettings(db);
      const currency = parseCurrency(flags.currency ?? settings['invoice.currency']);
      const amountMinor = parseAmount(amountText, currency);
      const issued = flags.issued === undefined ? ctx.now().today : parseLocalDate(flags.issued, '--issued');
      let due: string;
      if (flags.due !== undefined) {
        due = parseLocalDate(flags.due, '--due');
        checkDueDate(issued, due, '--due', '--issued');
      } else {
        // --terms 0: due on receipt.
        const termsDays =
          flags.terms === undefined ? settings['invoice.terms.days']
          : flags.terms.trim() === '0' ? 0
          : parseDurationHours(flags.terms, 'd', '--terms') / 24;
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
    .option('--amount <amount>', 'how much was paid (default: the whole balance)')
    .option('--on <date>', 'when it was paid (YYYY-MM-DD; default today)')
    .option('--json', 'print the invoice as JSON')
    .action((number, flags) => {
      const format = formatOf(flags);
      const paidOn = flags.on === undefined ? ctx.now().today : parseLocalDate(flags.on, '--on');
      if (paidOn > ctx.now().today) throw new InputError(`--on ${paidOn} is in the future: record a payment once it has arrived`);
      const db = ctx.book('update');
      const before = getInvoice(db, number);
      const amount = flags.amount === undefined ? null : parseAmount(flags.amount, before.currency);
      checkPaymentDate(before.issued, paidOn, '--on');
      const locale = readSettings(db)['display.locale'];
      const paid = payInvoice(db, number, amount, paidOn, locale);
      const client = getClient(db, paid.clientId)!;
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
      const client = getClient(db, voided.clientId)!;
      ctx.done(`Voided ${voided.number} of ${client.name}.`, format, () => invoiceJson(voided, client, ctx.now().today));
    });
  withExamples(voidCommand, ['crm invoice void INV-7']);

  const list = invoice
    .command('list')
    .alias('ls')
    .description('invoices, oldest first')
    .option('--client <client>', 'only this client')
    .addOption(new Option('--status <status>', 'open (anything still due), overdue, paid or void').choices(STATUS_FILTERS))
    .option('--json', 'print a JSON array')
    .option('--ndjson', 'print one JSON object per line')
    .action((flags) => {
      const format = formatOf(flags);
      const db = ctx.book('read');
      const today = ctx.now().today;
      const locale = readSettings(db)['display.locale'];
      const client = flags.client === undefined ? undefined : findClient(db, flags.client);
      const clients = new Map<number, Client>((client ? [client] : listClients(db, { includeEnded: true })).map((c) => [c.id, c]));
      const items = listInvoices(db, client?.id)
        .map((i) => invoiceJson(i, clients.get(i.clientId)!, today))
        .filter((i) => flags.status === undefined || matchesStatusFilter(i.status, flags.status));
      printList(ctx, format, items, () => {
        if (!items.length) {
          ctx.info(flags.status ? `No ${flags.status} invoices.` : 'No invoices yet. Add one: crm invoice add acme 1500');
          return '';
        }
        const c = palette(ctx.color);
        return table(
          items,
          [
            { header: 'NUMBER', cell: (i) => i.number },
            { header: 'CLIENT', cell: (i) => i.client.name, flexible: true },
            { header: 'AMOUNT', cell: (i) => formatMoney(i.amountMinor, i.currency, locale), align: 'right' },
            { header: 'PAID', cell: (i) => (i.paidMinor ? formatMoney(i.paidMinor, i.currency, locale) : ''), align: 'right' },
            { header: 'ISSUED', cell: (i) => i.issued },
            { header: 'DUE', cell: (i) => i.due },
            {
              header: 'STATUS',
              cell: (i) => (i.status === 'overdue' ? `overdue ${i.daysOverdue}d` : i.status),
              style: (s, i) => (i.status === 'overdue' ? c.red(s) : i.status === 'paid' ? c.green(s) : i.status === 'void' ? c.dim(s) : s),
            },
          ],
          { width: ctx.tableWidth, header: (h) => c.dim(h) },
        );
      });
    });
  withExamples(list, ['crm invoice list --status overdue', 'crm invoice list --client acme --json | jq "map(.balanceMinor) | add"']);
}
