// The tables a user names in `crm export --table` and `crm import --table`. Clients, interactions and
// invoices have spreadsheet-friendly columns (names instead of ids, decimal amounts) that import reads back;
// the other tables are exported as their raw rows.
import { invoiceState } from '../../core/invoices.js';
import { minorToDecimal } from '../../core/money.js';
import type { LocalDate } from '../../core/types.js';
import { clientJson, interactionJson } from '../../render/json.js';
import { listClients } from '../../store/clients.js';
import { dumpColumns, dumpRows, type DumpTable } from '../../store/dump.js';
import { allInteractions } from '../../store/interactions.js';
import { listInvoices } from '../../store/invoices.js';
import type { Db } from '../../store/open.js';

export const CSV_TABLES = {
  clients: { dump: 'client' },
  tags: { dump: 'client_tag' },
  interactions: { dump: 'interaction' },
  bids: { dump: 'bid' },
  topics: { dump: 'conflict_topic' },
  conflicts: { dump: 'conflict_event' },
  appreciations: { dump: 'appreciation' },
  needs: { dump: 'need' },
  voices: { dump: 'voice' },
  invoices: { dump: 'invoice' },
  payments: { dump: 'payment' },
  followups: { dump: 'follow_up' },
  reminders: { dump: 'reminder_state' },
  settings: { dump: 'setting' },
} as const satisfies Record<string, { dump: DumpTable }>;

export type TableName = keyof typeof CSV_TABLES;
export const TABLE_NAMES = Object.keys(CSV_TABLES) as TableName[];

export const CLIENT_COLUMNS = [
  'id', 'name', 'email', 'company', 'tags', 'status', 'since', 'endedOn', 'endReason', 'cadenceDays',
  'replyWithinHours', 'note', 'createdAt', 'trackedFrom', 'lastContact',
] as const;
export const INTERACTION_COLUMNS = ['id', 'client', 'at', 'channel', 'fromClient', 'tone', 'summary', 'horsemen', 'repair', 'feedback'] as const;
export const INVOICE_COLUMNS = ['number', 'client', 'amount', 'currency', 'issued', 'due', 'paid', 'paidOn', 'status', 'note'] as const;

export interface CsvTable {
  columns: string[];
  rows: Iterable<Record<string, unknown>>;
}

export function csvExport(db: Db, table: TableName, today: LocalDate): CsvTable {
  if (table === 'clients') {
    return {
      columns: [...CLIENT_COLUMNS],
      rows: listClients(db, { includeEnded: true }).map((c) => ({ ...clientJson(c), tags: c.tags.join(',') })),
    };
  }
  if (table === 'interactions') {
    return {
      columns: [...INTERACTION_COLUMNS],
      rows: mapRows(allInteractions(db), ({ interaction, client }) => {
        const json = interactionJson(interaction, client);
        return { ...json, client: client.name, horsemen: json.horsemen.join(',') };
      }),
    };
  }
  if (table === 'invoices') {
    const names = new Map(listClients(db, { includeEnded: true }).map((c) => [c.id, c.name]));
    return {
      columns: [...INVOICE_COLUMNS],
      rows: listInvoices(db).map((invoice) => {
        const state = invoiceState(invoice, today);
        return {
          number: invoice.number,
          client: names.get(invoice.clientId),
          amount: minorToDecimal(invoice.amountMinor, invoice.currency),
          currency: invoice.currency,
          issued: invoice.issued,
          due: invoice.due,
          paid: state.paidMinor ? minorToDecimal(state.paidMinor, invoice.currency) : '',
          paidOn: invoice.payments.at(-1)?.paidOn ?? '',
          status: state.status,
          note: invoice.note,
        };
      }),
    };
  }
  const dump = CSV_TABLES[table].dump;
  return { columns: dumpColumns(db, dump), rows: dumpRows(db, dump) };
}

function* mapRows<T, U>(rows: Iterable<T>, map: (row: T) => U): Generator<U> {
  for (const row of rows) yield map(row);
}
