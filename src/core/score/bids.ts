// Requests: does the client get an answer, in time? (DESIGN.md section 4; Gottman's "bids for attention")
import { HOUR_MS, localDateOf } from '../dates.js';
import { bidShare, bidVerdict, type BidVerdict } from '../relationship.js';
import type { Bid } from '../types.js';
import { fadeSince, shownDecay } from './decay.js';
import { count, evidenceAt, possessive, quoted, rowsToShow, sortEvidence } from './explain.js';
import type { Action, ComponentOutcome, Evidence, ScoreInput } from './types.js';

// Gottman & Driver: couples still together six years on had turned toward 86% of bids, those who split 33%.
export const LASTING_TOWARD = 0.86;

/** Credit of an answer given late: half. */
const LATE_CREDIT = 0.5;

interface Judged {
  bid: Bid;
  verdict: BidVerdict;
  /** its share of one bid for attention (the asks of one message share one) */
  share: number;
}

/**
 * Each bid for attention weighs 1, shared by the asks that came in one message. Answered in time: good;
 * late: half good, half bad; turned against (or answered with hostility): bad. Answered ones fade from the
 * answer; one still waiting past the reply window is an open wrong at full weight. Bids inside their window
 * are pending and weigh nothing yet.
 */
export function scoreBids({ facts, index, point, settings, explain }: ScoreInput): ComponentOutcome {
  const halfLife = settings['health.halflife.bids'];
  const judged: Judged[] = [];
  let good = 0;
  let bad = 0;
  const moment = { at: point.at };
  for (const bid of facts.bids) {
    if (bid.at > point.cutoff) break; // in time order: the rest is later
    const verdict = bidVerdict(bid, facts.client, index, point.at, point.cutoff);
    const share = bidShare(bid, index);
    judged.push({ bid, verdict, share });
    switch (verdict.kind) {
      case 'pending':
        break;
      case 'unanswered':
        bad += share;
        break;
      case 'in-time':
        good += share * fadeSince(verdict.answeredAt, moment.at, halfLife);
        break;
      case 'late': {
        const weight = share * fadeSince(verdict.answeredAt, moment.at, halfLife);
        good += LATE_CREDIT * weight;
        bad += (1 - LATE_CREDIT) * weight;
        break;
      }
      case 'against':
        bad += share * fadeSince(verdict.answeredAt, moment.at, halfLife);
        break;
    }
  }
  const tally = tallyOf(judged);
  const signals = judged.length - tally.pending;
  if (!explain) return { good, bad, signals, summary: '', evidence: [], actions: [] };

  const name = facts.client.name;
  const windowText = hours(facts.client.replyWithinHours * HOUR_MS);
  const evidence = sortEvidence(rowsToShow(judged, (j) => j.bid.at, explain).map((j) => evidenceOf(j, moment.at, halfLife, windowText)));
  const actions: Action[] = [];
  const waiting = judged.filter((j) => j.verdict.kind === 'unanswered');
  if (waiting.length === 1) {
    const j = waiting[0]!;
    actions.push({
      text: `Answer ${possessive(name)} ${j.bid.kind} from ${localDateOf(j.bid.at)}: ${quoted(j.bid.text)}`,
      change: { good: LATE_CREDIT * j.share, bad: (1 - LATE_CREDIT) * j.share },
    });
  } else if (waiting.length > 1) {
    const share = waiting.reduce((sum, j) => sum + j.share, 0);
    const oldest = waiting[0]!;
    actions.push({
      text: `Answer ${possessive(name)} ${waiting.length} waiting requests, the oldest from ${localDateOf(oldest.bid.at)}: ${quoted(oldest.bid.text)}`,
      change: { good: LATE_CREDIT * share, bad: (1 - LATE_CREDIT) * share },
    });
  }
  for (const j of judged) {
    if (j.verdict.kind !== 'pending') continue;
    actions.push({
      text: `Answer ${possessive(name)} ${j.bid.kind} before ${localDateOf(j.verdict.replyBy)}: ${quoted(j.bid.text)}`,
      change: { good: j.share },
    });
  }
  if (signals === 0) {
    const summary = tally.pending === 0 ? 'no requests logged' : `${count(tally.pending, 'request')} waiting, still inside the ${windowText} reply window`;
    return { good, bad, signals, summary, headline: '', evidence, actions, terms: tally.pending ? ['bid'] : [] };
  }
  return { good, bad, signals, summary: summaryOf(tally, windowText), headline: headlineOf(tally), evidence, actions, terms: ['bid'] };
}

interface Tally {
  'in-time': number;
  late: number;
  against: number;
  unanswered: number;
  pending: number;
  complaintsWaiting: number;
}

function tallyOf(judged: Judged[]): Tally {
  const tally: Tally = { 'in-time': 0, late: 0, against: 0, unanswered: 0, pending: 0, complaintsWaiting: 0 };
  for (const j of judged) {
    tally[j.verdict.kind]++;
    if (j.verdict.kind === 'unanswered' && j.bid.kind === 'complaint') tally.complaintsWaiting++;
  }
  return tally;
}

function summaryOf(tally: Tally, windowText: string): string {
  const judged = tally['in-time'] + tally.late + tally.against + tally.unanswered;
  const parts: string[] = [];
  if (tally.unanswered) {
    const complaints = tally.complaintsWaiting ? ` (${count(tally.complaintsWaiting, 'complaint')})` : '';
    parts.push(`${count(tally.unanswered, 'request')}${complaints} waiting for an answer past the ${windowText} reply window`);
  }
  parts.push(`${tally['in-time']} of ${judged} answered in time`);
  if (tally.late) parts.push(`${tally.late} late`);
  if (tally.against) parts.push(`${tally.against} turned down`);
  if (tally.pending) parts.push(`${tally.pending} still inside the window`);
  return `${parts.join(', ')}. Lasting relationships answer ${Math.round(LASTING_TOWARD * 100)}% of requests`;
}

function headlineOf(tally: Tally): string {
  if (tally.complaintsWaiting) return `${count(tally.complaintsWaiting, 'complaint')} unanswered`;
  if (tally.unanswered) return `${count(tally.unanswered, 'request')} waiting`;
  if (tally.against) return `${count(tally.against, 'request')} turned down`;
  if (tally.late) return `${count(tally.late, 'request')} answered late`;
  return 'requests answered in time';
}

function evidenceOf(j: Judged, now: number, halfLife: number, windowText: string): Evidence {
  const { bid, verdict } = j;
  const what = `${bid.kind} ${quoted(bid.text)}`;
  switch (verdict.kind) {
    case 'pending':
      return evidenceAt(bid.at, `${what}: waiting, reply due by ${localDateOf(verdict.replyBy)}`, 1, 'neutral');
    case 'unanswered':
      return evidenceAt(bid.at, `${what}: unanswered past the ${windowText} reply window`, 1, 'negative');
    case 'in-time':
      return evidenceAt(bid.at, `${what}: answered in time (${hours(verdict.answeredAt - bid.at)})`, shownDecay(fadeSince(verdict.answeredAt, now, halfLife)), 'positive');
    case 'late':
      return evidenceAt(bid.at, `${what}: answered late (${hours(verdict.answeredAt - bid.at)})`, shownDecay(fadeSince(verdict.answeredAt, now, halfLife)), 'neutral');
    case 'against': {
      const decay = shownDecay(fadeSince(verdict.answeredAt, now, halfLife));
      return evidenceAt(bid.at, `${what}: turned down${verdict.afterWindow ? ' after waiting' : ''}`, decay, 'negative');
    }
  }
}

/** "5 h", "3 days". */
export function hours(ms: number): string {
  const h = Math.max(0, Math.round(ms / HOUR_MS));
  return h < 48 ? `${h} h` : count(Math.round(h / 24), 'day');
}
