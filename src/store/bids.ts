// Bids for attention and their answers.
import { InputError, NotFoundError } from '../core/errors.js';
import { formatLocalTime } from '../core/dates.js';
import type { Bid, BidResponse, Instant } from '../core/types.js';
import type { Db } from './open.js';
import { toBid, type BidRow } from './rows.js';

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
