// Row <-> core type mapping shared by the store modules.
import type {
  Appreciation, Bid, ConflictEvent, FollowUp, Horseman, Interaction, Invoice, Need, Payment,
} from '../core/types.js';
import type { Db } from './open.js';

export interface InteractionRow {
  id: number; client_id: number; at: number; channel: Interaction['channel']; from_client: number;
  tone: number; summary: string | null; horsemen: string; repair: number; feedback: number;
}
export const toInteraction = (r: InteractionRow): Interaction => ({
  id: r.id, clientId: r.client_id, at: r.at, channel: r.channel, fromClient: r.from_client === 1, tone: r.tone,
  summary: r.summary, horsemen: r.horsemen ? (r.horsemen.split(',') as Horseman[]) : [], repair: r.repair === 1,
  feedback: r.feedback === 1,
});

export interface BidRow {
  id: number; client_id: number; interaction_id: number | null; at: number; text: string; kind: Bid['kind'];
  response: Bid['response']; answered_at: number | null; answer_interaction_id: number | null;
}
export const toBid = (r: BidRow): Bid => ({
  id: r.id, clientId: r.client_id, interactionId: r.interaction_id, at: r.at, text: r.text, kind: r.kind,
  response: r.response, answeredAt: r.answered_at, answerInteractionId: r.answer_interaction_id,
});

export interface ConflictEventRow { id: number; topic_id: number; interaction_id: number | null; at: number; repaired: number }
export const toConflictEvent = (r: ConflictEventRow): ConflictEvent => ({
  id: r.id, topicId: r.topic_id, interactionId: r.interaction_id, at: r.at, repaired: r.repaired === 1,
});

export interface AppreciationRow {
  id: number; client_id: number; interaction_id: number | null; at: number; direction: Appreciation['direction'];
  kind: Appreciation['kind']; note: string | null;
}
export const toAppreciation = (r: AppreciationRow): Appreciation => ({
  id: r.id, clientId: r.client_id, interactionId: r.interaction_id, at: r.at, direction: r.direction, kind: r.kind,
  note: r.note,
});

export interface NeedRow { id: number; client_id: number; learned_at: number; text: string; kind: Need['kind'] }
export const toNeed = (r: NeedRow): Need => ({ id: r.id, clientId: r.client_id, learnedAt: r.learned_at, text: r.text, kind: r.kind });

export interface InvoiceRow {
  id: number; client_id: number; number: string; amount_minor: number; currency: string; issued: string; due: string;
  voided_at: number | null; note: string | null;
}
export interface PaymentRow { id: number; invoice_id: number; amount_minor: number; paid_on: string }
export const toPayment = (r: PaymentRow): Payment => ({ id: r.id, invoiceId: r.invoice_id, amountMinor: r.amount_minor, paidOn: r.paid_on });
export const toInvoice = (r: InvoiceRow, payments: Payment[]): Invoice => ({
  id: r.id, clientId: r.client_id, number: r.number, amountMinor: r.amount_minor, currency: r.currency, issued: r.issued,
  due: r.due, voided: r.voided_at !== null, note: r.note, payments,
});

export interface FollowUpRow { id: number; client_id: number; due: string; text: string; created_at: number; done_at: number | null }
export const toFollowUp = (r: FollowUpRow): FollowUp => ({
  id: r.id, clientId: r.client_id, due: r.due, text: r.text, createdAt: r.created_at, doneAt: r.done_at,
});

/** Groups rows by a numeric key in one pass. */
export function groupBy<T>(rows: T[], key: (row: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/** Sets the given columns of one row (`columns` names them as in the table); nothing when there are none. */
export function updateColumns(db: Db, table: 'client' | 'interaction' | 'bid', id: number, columns: Record<string, unknown>): void {
  const names = Object.keys(columns);
  if (names.length) db.prepare(`UPDATE ${table} SET ${names.map((n) => `${n} = @${n}`).join(', ')} WHERE id = @id`).run({ ...columns, id });
}
