// Bids for attention: does the client get an answer, in time? (DESIGN.md section 4, "bids")
import { HOUR_MS, localDateOf } from '../dates.js';
import type { Settings } from '../settings.js';
import type { Bid, ClientFacts, Moment } from '../types.js';
import { ageInDays, clamp01, gainOf, relativeDecay, shownDecay } from './decay.js';
import { count, evidenceAt, percent, quoted, rowsToShow, sortActions, sortEvidence } from './explain.js';
import { inOrder } from './ordered.js';
import type { Action, ComponentOutcome, Evidence } from './types.js';

// Gottman & Driver: lasting couples turn toward 86% of bids, those that split 33%
const LASTING_RATE = 0.86;
const FAILING_RATE = 0.33;

type Verdict = 'in-time' | 'late' | 'unanswered' | 'against' | 'pending';

const CREDIT: Record<Exclude<Verdict, 'pending'>, number> = { 'in-time': 1, late: 0.5, unanswered: 0, against: 0 };

/** Where the recency-weighted share of bids turned toward sits between failing (0) and lasting (1). */
function linearOfRate(rate: number): number {
  return (rate - FAILING_RATE) / (LASTING_RATE - FAILING_RATE);
}

/** When the bid was answered, or null while it is open. A response without a time counts as answered at once. */
function answeredAt(bid: Bid): number | null {
  return bid.response === null ? null : (bid.answeredAt ?? bid.at);
}

function verdictOf(bid: Bid, now: number, replyWindowMs: number): Verdict {
  const answered = answeredAt(bid);
  if (answered !== null && answered <= now) {
    if (bid.response === 'against') return 'against';
    return answered <= bid.at + replyWindowMs ? 'in-time' : 'late';
  }
  return now > bid.at + replyWindowMs ? 'unanswered' : 'pending';
}

interface JudgedBid {
  bid: Bid;
  verdict: Verdict;
  ageDays: number;
}

export function scoreBids(facts: ClientFacts, moment: Moment, settings: Settings, explain: boolean | number = true): ComponentOutcome {
  const { client, bids } = inOrder(facts);
  const halfLife = settings['health.halflife.bids'];
  const replyWindowMs = client.replyWithinHours * HOUR_MS;

  const judged: JudgedBid[] = [];
  for (const bid of bids) {
    if (bid.at > moment.at) break; // ordered by time: the rest is in the future
    judged.push({ bid, verdict: verdictOf(bid, moment.at, replyWindowMs), ageDays: ageInDays(bid.at, moment.at) });
  }
  const scored = judged.filter((j) => j.verdict !== 'pending');
  // The youngest scored bid (the last, in time order) weighs 1; the others relative to it.
  const youngestAge = scored.at(-1)?.ageDays ?? 0;
  let credited = 0;
  let weighed = 0;
  for (const j of scored) {
    const weight = relativeDecay(j.ageDays, youngestAge, halfLife);
    credited += weight * CREDIT[j.verdict as Exclude<Verdict, 'pending'>];
    weighed += weight;
  }
  const rate = weighed > 0 ? credited / weighed : null;
  const s = rate === null ? null : clamp01(linearOfRate(rate));
  if (!explain) return { s, summary: '', evidence: [], actions: [] };

  const pending = judged.length - scored.length;
  const summary = rate === null ? notApplicable(judged.length, pending) : described(scored, rate, pending);
  const evidence = sortEvidence(rowsToShow(judged, (j) => j.bid.at, explain).map((j) => evidenceOf(j, halfLife, replyWindowMs)));
  const actions: Action[] = [];
  for (const j of judged) {
    if (j.verdict !== 'pending' && j.verdict !== 'unanswered') continue;
    const weight = relativeDecay(j.ageDays, youngestAge, halfLife);
    // Answered now: late (half credit) once past the window, in time (full credit) while pending.
    const after =
      j.verdict === 'unanswered'
        ? linearOfRate((credited + weight * CREDIT.late) / weighed)
        : linearOfRate((credited + weight) / (weighed + weight));
    const date = localDateOf(j.bid.at);
    const text =
      j.verdict === 'unanswered'
        ? `Answer ${client.name}'s open bid from ${date}: ${quoted(j.bid.text)}`
        : `Answer ${client.name}'s bid from ${date} before ${localDateOf(j.bid.at + replyWindowMs)}: ${quoted(j.bid.text)}`;
    actions.push({ text, gain: gainOf(rate === null ? 0 : linearOfRate(rate), after) });
  }
  // Several bids waiting past their window: answering them all is one action, and worth most.
  const waiting = judged.filter((j) => j.verdict === 'unanswered');
  if (rate !== null && waiting.length > 1) {
    const lateCredit = waiting.reduce((sum, j) => sum + relativeDecay(j.ageDays, youngestAge, halfLife) * CREDIT.late, 0);
    const oldest = waiting[0]!;
    actions.push({
      text: `Answer ${client.name}'s ${waiting.length} open bids, the oldest from ${localDateOf(oldest.bid.at)}: ${quoted(oldest.bid.text)}`,
      gain: gainOf(linearOfRate(rate), linearOfRate((credited + lateCredit) / weighed)),
    });
  }
  return { s, summary, headline: rate === null ? '' : headlineOf(scored, rate), evidence, actions: sortActions(actions) };
}

function headlineOf(scored: JudgedBid[], rate: number): string {
  const tally = (verdict: Verdict): number => scored.filter((j) => j.verdict === verdict).length;
  if (tally('unanswered') > 0) return `${count(tally('unanswered'), 'bid')} unanswered`;
  if (tally('against') > 0) return `${count(tally('against'), 'bid')} turned against`;
  if (tally('late') > 0) return `${tally('late')} of ${count(scored.length, 'bid')} answered late`;
  return `${percent(rate)} of bids answered in time`;
}

function notApplicable(logged: number, pending: number): string {
  if (logged === 0) return 'no bids logged';
  return `no bid to judge yet: ${count(pending, 'bid')} still inside the reply window`;
}

function described(scored: JudgedBid[], rate: number, pending: number): string {
  const tally = (verdict: Verdict): number => scored.filter((j) => j.verdict === verdict).length;
  const parts = [`${tally('in-time')} of ${count(scored.length, 'bid')} answered in time`];
  if (tally('late') > 0) parts.push(`${tally('late')} late`);
  if (tally('unanswered') > 0) parts.push(`${tally('unanswered')} unanswered`);
  if (tally('against') > 0) parts.push(`${tally('against')} turned against`);
  const waiting = pending > 0 ? `; ${pending} pending` : '';
  return `${parts.join(', ')} (${percent(rate)} weighted by recency); lasting relationships answer ${percent(LASTING_RATE)}${waiting}`;
}

function evidenceOf(j: JudgedBid, halfLife: number, replyWindowMs: number): Evidence {
  const { bid } = j;
  const what = `${bid.kind} ${quoted(bid.text)}`;
  const answered = answeredAt(bid);
  const delay = answered === null ? '' : ` after ${waited(answered - bid.at)}`;
  const decay = shownDecay(j.ageDays, halfLife);
  switch (j.verdict) {
    case 'in-time':
      return evidenceAt(bid.at, `${what}: answered in time${delay}`, decay, 'positive');
    case 'late':
      return evidenceAt(bid.at, `${what}: answered late${delay}`, decay, 'neutral');
    case 'against':
      return evidenceAt(bid.at, `${what}: turned against`, decay, 'negative');
    case 'unanswered':
      return evidenceAt(bid.at, `${what}: unanswered past the ${waited(replyWindowMs)} reply window`, decay, 'negative');
    case 'pending':
      return evidenceAt(bid.at, `${what}: pending, reply due by ${localDateOf(bid.at + replyWindowMs)}`, 1, 'neutral');
  }
}

/** "5 h", "3 days". */
function waited(ms: number): string {
  const hours = Math.max(0, Math.round(ms / HOUR_MS));
  return hours < 48 ? `${hours} h` : count(Math.round(hours / 24), 'day');
}
