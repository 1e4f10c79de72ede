// Red flags that cap the band whatever the points say (DESIGN.md section 4): money long overdue, contempt in
// most of the last conversations, a gridlocked topic; and two more that no weighted mean can carry alone: the
// client's requests left waiting (a complaint above all), and promises broken. A cap is lifted only by putting
// its cause right, never by something worse happening.
import { DAY_MS, dayNumber, localDateOf } from '../dates.js';
import { formatMoney } from '../money.js';
import { bidVerdict, topicStanding, type FactsIndex } from '../relationship.js';
import type { Settings } from '../settings.js';
import type { ClientFacts } from '../types.js';
import { CONTEMPT_MEMORY_DAYS, type InteractionDigest } from './digest.js';
import { count, days, quoted } from './explain.js';
import type { Cap, Point } from './types.js';

/** An overdue cap lifts once less than this share of the invoice is still open. */
const OPEN_SHARE_THAT_COUNTS = 0.05;
/** Contempt in this many of the last CONTEMPT_WINDOW conversations caps the band at watch. */
const CONTEMPT_SEEN = 2;
const CONTEMPT_WINDOW = 3;
/** Turning away: this many requests waiting past their reply window, or a complaint waiting this many days past it. */
const WAITING_REQUESTS = 3;
const WAITING_COMPLAINT_DAYS = 3;
/** Broken promises: this many promises open more than PROMISE_GRACE_DAYS past their date. */
const BROKEN_PROMISES = 2;
const PROMISE_GRACE_DAYS = 7;
const TURNED_DOWN_MEMORY_MS = 30 * DAY_MS;

export function capsOf(facts: ClientFacts, index: FactsIndex, digest: InteractionDigest, point: Point, settings: Settings): Cap[] {
  const caps: Cap[] = [];
  const todayDay = dayNumber(point.today);
  const watchDays = settings['health.cap.overdue.watch.days'];
  const atRiskDays = settings['health.cap.overdue.atrisk.days'];
  for (const invoice of facts.invoices) {
    if (invoice.voided || invoice.issued > point.cutoffDay) continue;
    let paid = 0;
    for (const payment of invoice.payments) if (payment.paidOn <= point.cutoffDay) paid += payment.amountMinor;
    const open = invoice.amountMinor - paid;
    if (open < invoice.amountMinor * OPEN_SHARE_THAT_COUNTS || open <= 0) continue;
    const overdue = todayDay - dayNumber(invoice.due);
    if (overdue <= watchDays) continue;
    caps.push({
      key: `overdue:${invoice.number}`,
      reason: `${invoice.number} is ${days(overdue)} overdue (${formatMoney(open, invoice.currency, settings['display.locale'])} open)`,
      band: overdue > atRiskDays ? 'at-risk' : 'watch',
    });
  }
  const contempt = contemptCap(digest, point);
  if (contempt) caps.push(contempt);
  const waiting = waitingCap(facts, index, point);
  if (waiting) caps.push(waiting);
  const broken = facts.followUps.filter(
    (f) => f.createdAt <= point.cutoff && (f.doneAt === null || f.doneAt > point.cutoff) && todayDay - dayNumber(f.due) > PROMISE_GRACE_DAYS,
  );
  if (broken.length >= BROKEN_PROMISES) {
    caps.push({
      key: 'promises',
      reason: `${count(broken.length, 'promise')} more than ${days(PROMISE_GRACE_DAYS)} overdue (${broken.slice(0, 2).map((f) => quoted(f.text, 30)).join(', ')}${broken.length > 2 ? ', ...' : ''})`,
      band: 'watch',
    });
  }
  for (const topic of facts.topics) {
    const standing = topicStanding(topic, index, point.cutoff, settings['health.gridlock.raisings']);
    if (standing?.state !== 'gridlocked') continue;
    caps.push({
      key: `gridlock:${topic.id}`,
      reason: `${quoted(topic.topic, 40)} is gridlocked: raised ${count(standing.unsettledRun, 'time')} in a row without a repair or a calm talk`,
      band: 'watch',
    });
  }
  return caps.sort((a, b) => Number(b.band === 'at-risk') - Number(a.band === 'at-risk'));
}

/**
 * Requests left waiting past their reply window (or turned down only after that): three or more, or a complaint
 * waiting three days past it. Answering lifts it; turning a waiting request down does not (for 30 days).
 */
function waitingCap(facts: ClientFacts, index: FactsIndex, point: Point): Cap | undefined {
  const now = point.at;
  let waiting = 0;
  let complaint: { text: string; days: number } | undefined;
  for (const bid of facts.bids) {
    if (bid.at > point.cutoff) break; // in time order
    const verdict = bidVerdict(bid, facts.client, index, now, point.cutoff);
    // Turning a waiting request down does not undo the wait: it counts for a while after.
    const stillWaiting =
      verdict.kind === 'unanswered' || (verdict.kind === 'against' && verdict.afterWindow && now - verdict.answeredAt < TURNED_DOWN_MEMORY_MS);
    if (!stillWaiting) continue;
    waiting++;
    const replyBy = bid.at + facts.client.replyWithinHours * 3_600_000;
    const past = Math.floor(((verdict.kind === 'against' ? verdict.answeredAt : now) - replyBy) / DAY_MS);
    if (bid.kind === 'complaint' && past >= WAITING_COMPLAINT_DAYS && (!complaint || past > complaint.days)) complaint = { text: bid.text, days: past };
  }
  if (complaint) {
    return { key: 'waiting', reason: `the complaint ${quoted(complaint.text, 40)} has waited ${days(complaint.days)} past the reply window`, band: 'watch' };
  }
  if (waiting >= WAITING_REQUESTS) return { key: 'waiting', reason: `${count(waiting, 'request')} waiting for an answer past the reply window`, band: 'watch' };
  return undefined;
}

/**
 * Contempt in two of the last three telling conversations of the last 120 days: a telling conversation is a warm
 * one or one with contempt. Only warmth pushes contempt out of sight; a hostile call, or the client's mail left
 * unanswered, never can.
 */
function contemptCap(digest: InteractionDigest, point: Point): Cap | undefined {
  const from = point.at - CONTEMPT_MEMORY_DAYS * DAY_MS;
  const seen: number[] = [];
  let window = 0;
  for (let i = digest.telling.length - 1; i >= 0 && window < CONTEMPT_WINDOW; i--) {
    const telling = digest.telling[i]!;
    if (telling.at > point.cutoff) continue;
    if (telling.at < from) break;
    window++;
    if (telling.contempt) seen.push(telling.at);
  }
  if (seen.length < CONTEMPT_SEEN) return undefined;
  return {
    key: 'contempt',
    reason: `contempt showed ${count(seen.length, 'time')} in your last ${window} warm or contemptuous conversations, the latest on ${localDateOf(seen[0]!)}: only warmth lifts this`,
    band: 'watch',
  };
}
