// Bids for attention and their answers.
import { InputError, NotFoundError } from '../core/errors.js';
import { formatLocalTime } from '../core/dates.js';
import type { Bid, BidKind, BidResponse, Instant } from '../core/types.js';
import type { Db } from './open.js';
import { forgetReminders } from './reminders.js';
import { toBid, updateColumns, type BidRow } from './rows.js';

export function getBid(db: Db, id: number): Bid | undefined {
  const row = db.prepare('SELECT * FROM bid WHERE id = ?').get(id) as BidRow | undefined;
  return row && toBid(row);
}

export function openBidsOf(db: Db, clientId: number): Bid[] {
  return (
    db.prepare('SELECT * FROM bid WHERE client_id = ? AND response IS NULL ORDER BY at, id').all(clientId) as BidRow[]
  ).map(toBid);
}

export function listBids(db: Db, filter: { clientId?: number; open?: boolean }): Bid[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.clientId !== undefined) {
    where.push('client_id = ?');
    params.push(filter.clientId);
  }
  if (filter.open) where.push('response IS NULL');
  const sql = `SELECT * FROM bid ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at, id`;
  return (db.prepare(sql).all(...params) as BidRow[]).map(toBid);
}

/** How a response reads to the person who gave it. */
const RESPONSE_WORDS: Record<BidResponse, string> = { toward: 'turned toward', against: 'turned against' };

interface Answer {
  at: Instant;
  response: BidResponse;
  interactionId: number | null;
  /** when given, the bid must belong to this client */
  clientId?: number;
}

/** Answers a bid; must run inside a transaction the caller owns (or alone). */
export function answerBidInTransaction(db: Db, bidId: number, answer: Answer): Bid {
  const bid = getBid(db, bidId);
  if (!bid) throw new NotFoundError(`no bid #${bidId}; see crm bid list --open`);
  if (answer.clientId !== undefined && bid.clientId !== answer.clientId) {
    throw new InputError(`bid #${bidId} belongs to another client`);
  }
  if (bid.response !== null) {
    throw new InputError(`bid #${bidId} was already answered (${RESPONSE_WORDS[bid.response]}) on ${formatLocalTime(bid.answeredAt!)}`);
  }
  if (answer.at < bid.at) {
    throw new InputError(`bid #${bidId} was made on ${formatLocalTime(bid.at)}: it cannot be answered before that`);
  }
  db.prepare('UPDATE bid SET response = ?, answered_at = ?, answer_interaction_id = ? WHERE id = ?').run(
    answer.response, answer.at, answer.interactionId, bidId,
  );
  return getBid(db, bidId)!;
}

export function answerBid(db: Db, bidId: number, answer: Answer): Bid {
  return db.transaction(() => answerBidInTransaction(db, bidId, answer)).immediate();
}

/** The bid; an unknown id is refused (exit 3). */
export function bidOf(db: Db, id: number): Bid {
  const bid = getBid(db, id);
  if (!bid) throw new NotFoundError(`no bid #${id}; see crm bid list`);
  return bid;
}

/** What `crm bid edit` may change; a key left out stays. `answer: null` makes the bid open again. */
export interface BidPatch {
  text?: string;
  kind?: BidKind;
  answer?: null | { response?: BidResponse; at?: Instant };
}

/** Corrects a bid; returns it before and after. An answer given in an interaction keeps that interaction's time. */
export function editBid(db: Db, id: number, patch: BidPatch): { before: Bid; after: Bid } {
  const before = bidOf(db, id);
  const columns: Record<string, unknown> = {};
  if (patch.text !== undefined) columns.text = patch.text;
  if (patch.kind !== undefined) columns.kind = patch.kind;
  if (patch.answer === null) {
    if (before.response === null) throw new InputError(`bid #${id} is open already`);
    Object.assign(columns, { response: null, answered_at: null, answer_interaction_id: null });
  } else if (patch.answer !== undefined) {
    if (before.response === null) throw new InputError(`bid #${id} is open: answer it with crm bid answer ${id}`);
    if (patch.answer.response !== undefined) columns.response = patch.answer.response;
    if (patch.answer.at !== undefined && patch.answer.at !== before.answeredAt) {
      if (before.answerInteractionId !== null) {
        throw new InputError(
          `bid #${id} was answered in interaction #${before.answerInteractionId}: change its time there (crm log edit ${before.answerInteractionId} --at ...)`,
        );
      }
      if (patch.answer.at < before.at) throw new InputError(`bid #${id} was made on ${formatLocalTime(before.at)}: it cannot be answered before that`);
      columns.answered_at = patch.answer.at;
    }
  }
  updateColumns(db, 'bid', id, columns);
  return { before, after: bidOf(db, id) };
}

export function removeBid(db: Db, id: number): Bid {
  const bid = bidOf(db, id);
  db.prepare('DELETE FROM bid WHERE id = ?').run(id);
  forgetReminders(db, [`bid-unanswered:${id}`]);
  return bid;
}
