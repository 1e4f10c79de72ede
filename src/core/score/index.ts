// The health score of a client, model 2 (DESIGN.md section 4). Each component weighs good mass against bad
// mass, s = good / (good + bad), and counts by its evidence n = good + bad: u = weight * n / (n + k). A starting
// point (the prior, p0 with weight w0) is a term of its own, so thin evidence leans to it instead of deciding:
//
//   score = 100 * (w0 * p0 + sum(u * s)) / (w0 + sum(u))
//
// Every event only adds good, only adds bad, or moves bad to good, so better never lowers the score and worse
// never raises it. Red flags then cap the band. Pure: "now" is an input. docs/scoring.md has it in full.
import { addDays, DAY_MS } from '../dates.js';
import { compareText, inOrder } from '../ordered.js';
import { indexFacts, type FactsIndex } from '../relationship.js';
import { COMPONENT_KEYS, type ComponentKey, type Settings } from '../settings.js';
import type { ClientFacts, LocalDate, Moment } from '../types.js';
import { scoreAppreciation } from './appreciation.js';
import { scoreBids } from './bids.js';
import { capsOf } from './caps.js';
import { scoreConflict } from './conflict.js';
import { scoreContact } from './contact.js';
import { round } from './decay.js';
import { CONTEMPT_MEMORY_DAYS, digestInteractions, type InteractionDigest } from './digest.js';
import { count } from './explain.js';
import { scorePayments } from './payments.js';
import { scorePositivity } from './positivity.js';
import { scorePromises } from './promises.js';
import {
  pointOf,
  type Action, type Band, type Cap, type ComponentOutcome, type ComponentResult, type ComponentScorer, type Confidence,
  type HealthReport, type Point, type RevenueInvoice, type Term,
} from './types.js';
import { scoreVoice } from './voice.js';

export type * from './types.js';
export { pointOf } from './types.js';
export { inOrder } from '../ordered.js';
export type { InteractionDigest } from './digest.js';

/** How many latest evidence rows each component lists in the portfolio (`crm health --json`). */
export const PORTFOLIO_EVIDENCE = 3;

/** The sparkline: one point a week over the last eight weeks. */
export const HISTORY = { points: 8, stepDays: 7 } as const;

const SCORERS: Record<ComponentKey, ComponentScorer> = {
  bids: scoreBids,
  positivity: scorePositivity,
  payments: scorePayments,
  conflict: scoreConflict,
  contact: scoreContact,
  promises: scorePromises,
  appreciation: scoreAppreciation,
  voice: scoreVoice,
};

/** Each component's name for people: plain words first (the research name is glossed in the scorecard). */
export const COMPONENT_LABELS: Record<ComponentKey, string> = {
  bids: 'Requests',
  positivity: 'Tone',
  payments: 'Payments',
  conflict: 'Conflict',
  contact: 'Contact',
  promises: 'Promises',
  appreciation: 'Appreciation',
  voice: 'Your needs',
};

const MAX_REASONS = 3;
const MAX_ACTIONS = 3;

interface Part {
  key: ComponentKey;
  weight: number;
  outcome: ComponentOutcome;
  /** the weight it counts with: weight * n / (n + k) */
  u: number;
  /** good / (good + bad), or null without evidence */
  s: number | null;
}

interface Evaluation {
  parts: Part[];
  caps: Cap[];
  /** The score before caps, unrounded, or null when nothing is known. */
  value: number | null;
  /** The integer score after caps, or null. */
  score: number | null;
  /** w0 + sum(u) */
  total: number;
}

/** Scoring one client at several moments (trend, sparkline) reads its facts once. */
interface Prepared {
  facts: ClientFacts;
  index: FactsIndex;
  digest: InteractionDigest;
}

/**
 * Every instant the score of a report is read at, latest first: the moment itself, the trend's day, and the
 * sparkline's weeks when asked. A whole book's interactions are summed for exactly these (store/digest.ts).
 */
export function readingCutoffs(moment: Moment, settings: Settings, history: boolean): number[] {
  const days = [0, settings['health.trend.days'], ...(history ? Array.from({ length: HISTORY.points - 1 }, (_, k) => (k + 1) * HISTORY.stepDays) : [])];
  return [...new Set(days)].sort((a, b) => a - b).map((d) => moment.at - d * DAY_MS);
}

/** The earliest warm or contemptuous conversation the contempt cap may look at, for these cutoffs. */
export function tellingFrom(cutoffs: readonly number[]): number {
  return Math.min(...cutoffs) - CONTEMPT_MEMORY_DAYS * DAY_MS;
}

/** The facts, ordered and indexed, with their interactions summed for `cutoffs` (unless the store did). */
function prepare(facts: ClientFacts, settings: Settings, cutoffs: number[]): Prepared {
  const ordered = inOrder(facts);
  const index = indexFacts(ordered);
  return { facts: ordered, index, digest: digestFor(ordered, index, cutoffs, settings) };
}

/** The store's digest when it covers `cutoffs` (and the same half-lives), else one summed from the rows at hand. */
export function digestFor(facts: ClientFacts, index: FactsIndex, cutoffs: number[], settings: Settings): InteractionDigest {
  const given = facts.digest;
  const fits =
    given !== undefined &&
    cutoffs.every((c) => given.cutoffs.includes(c)) &&
    given.tellingFrom <= tellingFrom(cutoffs) &&
    given.halfLives.positivity === settings['health.halflife.positivity'] &&
    given.halfLives.voice === settings['health.halflife.voice'];
  return fits ? given : digestInteractions(facts.interactions, index.repairedIds, cutoffs, tellingFrom(cutoffs), settings);
}

function partOf(key: ComponentKey, outcome: ComponentOutcome, settings: Settings): Part {
  const weight = settings[`health.weight.${key}`];
  const n = outcome.good + outcome.bad;
  const k = settings['health.evidence.half'];
  return { key, weight, outcome, u: n > 0 ? (weight * n) / (n + k) : 0, s: n > 0 ? outcome.good / n : null };
}

function valueOf(parts: Part[], settings: Settings): { value: number | null; total: number } {
  const w0 = settings['health.weight.prior'];
  let weighted = w0 * settings['health.prior'];
  let total = w0;
  let evidence = 0;
  for (const part of parts) {
    if (part.s === null) continue;
    weighted += part.u * part.s;
    total += part.u;
    evidence += part.u;
  }
  return { value: evidence > 0 && total > 0 ? (100 * weighted) / total : null, total };
}

function evaluate(prepared: Prepared, point: Point, settings: Settings, explain: boolean | number): Evaluation {
  const { facts, index, digest } = prepared;
  // Before the book knew the client there is nothing to say (DESIGN.md: --at before it gives null).
  if (point.cutoff < facts.client.trackedFrom) {
    const unknown = { good: 0, bad: 0, signals: 0, summary: explain ? 'crm was not following this client yet' : '', evidence: [], actions: [] };
    return { parts: COMPONENT_KEYS.map((key) => partOf(key, unknown, settings)), caps: [], value: null, score: null, total: 0 };
  }
  const caps = capsOf(facts, index, digest, point, settings);
  const input = { facts, index, digest, point, settings, explain };
  const parts = COMPONENT_KEYS.map((key) => partOf(key, SCORERS[key](input), settings));
  const { value, total } = valueOf(parts, settings);
  return { parts, caps, value, score: capped(value, caps, settings), total };
}

/** The integer score; the value is first rounded to 1e-9 so that noise in the last bits never flips it. */
function integerScore(value: number | null): number | null {
  return value === null ? null : Math.min(100, Math.max(0, Math.round(round(value, 9))));
}

/** The highest score a band allows. */
function bandCeiling(band: Cap['band'], settings: Settings): number {
  return band === 'watch' ? settings['health.band.healthy'] - 1 : settings['health.band.watch'] - 1;
}

function capped(value: number | null, caps: Cap[], settings: Settings): number | null {
  const score = integerScore(value);
  if (score === null) return null;
  return caps.reduce((s, cap) => Math.min(s, bandCeiling(cap.band, settings)), score);
}

export function bandOf(score: number | null, settings: Settings): Band {
  if (score === null) return 'no-data';
  if (score >= settings['health.band.healthy']) return 'healthy';
  if (score >= settings['health.band.watch']) return 'watch';
  return 'at-risk';
}

/** The moment `days` days before: the same time of day, and the calendar date that many days earlier. */
export function daysBefore(moment: Moment, days: number): Moment {
  return { at: moment.at - days * DAY_MS, today: addDays(moment.today, -days) };
}

/** The integer score after caps, or null: the fast path, no explanation is built. */
export function scoreAt(facts: ClientFacts, moment: Moment, settings: Settings): number | null {
  return scoresAt(facts, [moment], settings)[0]!;
}

/** The scores at several moments, the facts read once (reminders want now and the trend's day). */
export function scoresAt(facts: ClientFacts, moments: readonly Moment[], settings: Settings): (number | null)[] {
  const prepared = prepare(facts, settings, moments.map((m) => m.at));
  return moments.map((moment) => evaluate(prepared, pointOf(moment), settings, false).score);
}

export interface ReportOptions {
  /** At most this many evidence rows per component, the latest first (the portfolio's view); default all. */
  evidenceLimit?: number;
  /** Also score the sparkline's weeks (HISTORY): `history` in the result. */
  history?: boolean;
}

/** A client's share of revenue, and the currency it is counted in when the book bills in several. */
export interface RevenueShare {
  share: number;
  currency: string | null;
}

export function healthReport(
  facts: ClientFacts,
  moment: Moment,
  settings: Settings,
  revenue: RevenueShare | null,
  options: ReportOptions = {},
): HealthReport {
  return assess(facts, moment, settings, revenue, options).report;
}

/**
 * One client's report, and the scores of the sparkline's weeks (oldest first) when asked: every moment read from
 * one pass over the facts.
 */
export function assess(
  facts: ClientFacts,
  moment: Moment,
  settings: Settings,
  revenue: RevenueShare | null,
  options: ReportOptions = {},
): { report: HealthReport; history: (number | null)[] } {
  const prepared = prepare(facts, settings, readingCutoffs(moment, settings, options.history ?? false));
  const now = evaluate(prepared, pointOf(moment), settings, options.evidenceLimit ?? true);
  const score = now.score;
  const points = pointsOf(now, settings);
  const components = now.parts.map(
    (part, i): ComponentResult => ({
      key: part.key,
      score: part.s === null ? null : Math.round(round(part.s * 100, 9)),
      weight: part.weight,
      earned: points.components[i]!.earned / 10,
      missed: (points.components[i]!.share - points.components[i]!.earned) / 10,
      signals: part.outcome.signals,
      summary: part.outcome.summary,
      headline: part.outcome.headline ?? '',
      evidence: options.evidenceLimit === undefined ? part.outcome.evidence : part.outcome.evidence.slice(0, options.evidenceLimit),
    }),
  );
  const trendDays = settings['health.trend.days'];
  const then = daysBefore(moment, trendDays);
  const previous = evaluate(prepared, pointOf(then), settings, false).score;
  const delta = score === null || previous === null ? null : score - previous;
  let fading = false;
  if (score !== null && delta !== null && delta > 0) {
    // Did anything logged since then help, or did older problems just fade? The log of then, read today.
    const known = { cutoff: then.at, cutoffDay: then.today, at: moment.at, today: moment.today };
    const unchanged = evaluate(prepared, known, settings, false).score;
    fading = unchanged !== null && unchanged >= score;
  }
  const signals = now.parts.reduce((sum, part) => sum + part.outcome.signals, 0);
  const notes = now.parts.flatMap((part) => part.outcome.notes ?? []);
  const threshold = settings['remind.revenue.share'];
  if (revenue && revenue.share > threshold) {
    const of = revenue.currency ? `your ${revenue.currency} revenue` : 'your revenue';
    notes.unshift(
      `${facts.client.name} brings ${Math.round(revenue.share * 100)}% of ${of} over the last 12 months: a dependency risk (over ${Math.round(threshold * 100)}%)`,
    );
  }
  const confidence = score === null ? null : confidenceOf(now, settings);
  if (confidence === 'low') {
    const known = signals === 0 ? 'nothing logged yet' : `${count(signals, 'signal')} so far`;
    notes.push(`Early days: ${known}, so the score leans on the starting point (${Math.round(settings['health.prior'] * 100)}) until more is known`);
  }
  const terms = new Set<Term>(now.parts.filter((part) => part.s !== null).flatMap((part) => part.outcome.terms ?? []));
  if (score !== null) terms.add('prior');
  const history = options.history
    ? Array.from({ length: HISTORY.points }, (_, i) => HISTORY.points - 1 - i).map((k) =>
        k === 0 ? score : evaluate(prepared, pointOf(daysBefore(moment, k * HISTORY.stepDays)), settings, false).score,
      )
    : [];
  const report: HealthReport = {
    client: { id: facts.client.id, name: facts.client.name },
    asOf: moment.today,
    score,
    band: bandOf(score, settings),
    confidence,
    signals,
    trend: { days: trendDays, previous, delta, fading },
    revenueShare: revenue?.share ?? null,
    prior: { earned: points.prior.earned / 10, missed: (points.prior.share - points.prior.earned) / 10 },
    components,
    caps: score === null ? [] : now.caps,
    capAdjustment: points.capAdjustment,
    reasons: reasonsOf(components),
    actions: actionsOf(now, settings),
    notes,
    terms: [...terms].sort(compareText) as Term[],
  };
  return { report, history };
}

/** How much of the score rests on evidence rather than on the starting point. */
function confidenceOf(evaluation: Evaluation, settings: Settings): Confidence {
  const evidence = evaluation.total - settings['health.weight.prior'];
  // Rounded, so that scaling every weight by the same factor never moves it across a boundary.
  const ratio = evaluation.total > 0 ? round(evidence / evaluation.total, 9) : 0;
  return ratio < 0.4 ? 'low' : ratio < 0.7 ? 'medium' : 'high';
}

interface Points {
  prior: { share: number; earned: number };
  components: { share: number; earned: number }[];
  /** Whole points the tightest cap took off. */
  capAdjustment: number;
}

/**
 * The starting point's and each component's share of 100 points and the points they earned, in tenths. Shares
 * are apportioned by largest remainder (Hamilton) so they sum to exactly 1000 tenths; the points missed likewise,
 * so earned points sum to exactly the score before caps, a component at 100 earns its whole share and one at 0
 * none. The cap adjustment makes up the difference to the score.
 */
function pointsOf(evaluation: Evaluation, settings: Settings): Points {
  const uncapped = integerScore(evaluation.value);
  const none = { share: 0, earned: 0 };
  if (uncapped === null || evaluation.total <= 0) {
    return { prior: none, components: evaluation.parts.map(() => none), capAdjustment: 0 };
  }
  const w0 = settings['health.weight.prior'];
  const weights = [w0, ...evaluation.parts.map((p) => (p.s === null ? 0 : p.u))];
  const values = [settings['health.prior'], ...evaluation.parts.map((p) => p.s ?? 0)];
  const shares = apportion(
    weights.map((w) => (1000 * w) / evaluation.total),
    1000,
    weights.map(() => Infinity),
  );
  const missed = apportionMissed(
    weights.map((w, i) => ((1000 * w) / evaluation.total) * (1 - values[i]!)),
    1000 - uncapped * 10,
    shares,
    values.map((v, i) => weights[i]! > 0 && v > 0 && v < 1),
  );
  const earned = shares.map((share, i) => ({ share, earned: share - missed[i]! }));
  return { prior: earned[0]!, components: earned.slice(1), capAdjustment: (evaluation.score ?? uncapped) - uncapped };
}

/**
 * The points missed: a part scoring 1 misses nothing and a part scoring 0 misses its whole share, exactly, so
 * that a full bar shows full points; the parts in between (the starting point among them) absorb the rounding.
 * When none can, every part takes its share of it.
 */
function apportionMissed(quotas: number[], total: number, shares: number[], flexible: boolean[]): number[] {
  const fixed = quotas.map((q, i) => (flexible[i] ? 0 : q > 0 ? shares[i]! : 0));
  const rest = total - fixed.reduce((sum, x) => sum + x, 0);
  const room = shares.reduce((sum, share, i) => sum + (flexible[i] ? share : 0), 0);
  if (!flexible.some(Boolean) || rest < 0 || rest > room) return apportion(quotas, total, shares);
  const flexed = apportion(quotas.map((q, i) => (flexible[i] ? q : 0)), rest, shares.map((share, i) => (flexible[i] ? share : 0)));
  return fixed.map((x, i) => x + flexed[i]!);
}

/**
 * Whole units summing to `total`, each close to its quota and at most its cap: floors first, then one more
 * to the largest remainders (or one less from the smallest) until the total is met. Ties go to the earlier part.
 * Extra units go first to parts whose quota is above 0, so a part with nothing to account for gets nothing.
 */
function apportion(quotas: number[], total: number, caps: number[]): number[] {
  const exact = quotas.map((q) => round(q, 6));
  const units = exact.map((q, i) => Math.min(Math.floor(q), caps[i]!));
  const remainder = (i: number): number => exact[i]! - Math.floor(exact[i]!);
  const order = exact
    .map((_, i) => i)
    .sort((a, b) => remainder(b) - remainder(a) || Number(exact[b]! > 0) - Number(exact[a]! > 0) || a - b);
  let missing = total - units.reduce((sum, u) => sum + u, 0);
  for (const eligible of [(i: number) => exact[i]! > 0, () => true]) {
    while (missing > 0) {
      const before = missing;
      for (const i of order) {
        if (missing > 0 && eligible(i) && units[i]! < caps[i]!) {
          units[i]! += 1;
          missing -= 1;
        }
      }
      if (missing === before) break;
    }
  }
  while (missing < 0) {
    const before = missing;
    for (const i of [...order].reverse()) {
      if (missing < 0 && units[i]! > 0) {
        units[i]! -= 1;
        missing += 1;
      }
    }
    if (missing === before) break;
  }
  return units;
}

/** What costs the most points, largest first, in the components' own words. */
function reasonsOf(components: ComponentResult[]): string[] {
  return components
    .map((component, i) => ({ component, i }))
    .filter(({ component }) => component.score !== null && component.missed >= 1)
    .sort((a, b) => b.component.missed - a.component.missed || a.i - b.i)
    .slice(0, MAX_REASONS)
    .map(({ component }) => `${COMPONENT_LABELS[component.key]}: ${component.summary}`);
}

/**
 * The actions that would raise the score most: each component says what an action changes in its masses (and
 * which cap it lifts); the engine scores the result. What works on a red flag comes first, then the rest by
 * the score after caps, then before them, so that what a cap hides still shows.
 */
function actionsOf(evaluation: Evaluation, settings: Settings): string[] {
  if (evaluation.score === null) return [];
  const before = evaluation.value!;
  const ranked: { text: string; onCap: boolean; capped: number; raw: number }[] = [];
  for (const [i, part] of evaluation.parts.entries()) {
    // A component without evidence changes nothing, not even the advice (a request still inside its window
    // shows as evidence and as a reminder instead).
    if (part.s === null) continue;
    for (const action of part.outcome.actions) {
      const after = withChange(evaluation.parts, i, action, settings);
      const caps = action.lifts ? evaluation.caps.filter((cap) => cap.key !== action.lifts) : evaluation.caps;
      const raw = after - before;
      const cappedGain = (capped(after, caps, settings) ?? 0) - evaluation.score;
      const onCap = action.lifts !== undefined && evaluation.caps.some((cap) => cap.key === action.lifts);
      if (raw > 1e-9 || cappedGain > 0) ranked.push({ text: action.text, onCap, capped: cappedGain, raw: round(raw, 6) });
    }
  }
  // A red flag's way out comes first: it names the real cause, whatever a weighted sum would rank.
  ranked.sort((a, b) => Number(b.onCap) - Number(a.onCap) || b.capped - a.capped || b.raw - a.raw || compareText(a.text, b.text));
  return ranked.slice(0, MAX_ACTIONS).map((a) => a.text);
}

function withChange(parts: Part[], index: number, action: Action, settings: Settings): number {
  const part = parts[index]!;
  const good = part.outcome.good + (action.change.good ?? 0);
  const bad = Math.max(0, part.outcome.bad - (action.change.bad ?? 0));
  const changed = partOf(part.key, { ...part.outcome, good, bad }, settings);
  return valueOf(parts.map((p, i) => (i === index ? changed : p)), settings).value ?? 0;
}

/** The days whose invoices count as revenue: issued after `from`, up to `to` (the trailing 365 days). */
export function revenueWindow(moment: Moment): { from: LocalDate; to: LocalDate } {
  return { from: addDays(moment.today, -365), to: moment.today };
}

/** A client's revenue in one currency over the window: its invoices' amounts and how many there were. */
export interface RevenueTally {
  clientId: number;
  currency: string;
  amountMinor: number;
  invoices: number;
}

/** The tallies of invoices (issued in the window, not void): what the store sums in SQL for a whole book. */
export function revenueTallies(invoices: Iterable<RevenueInvoice>, moment: Moment): RevenueTally[] {
  const { from, to } = revenueWindow(moment);
  const tallies = new Map<string, RevenueTally>();
  for (const invoice of invoices) {
    if (invoice.voided || invoice.issued <= from || invoice.issued > to || invoice.amountMinor <= 0) continue;
    const key = `${invoice.clientId} ${invoice.currency}`;
    const tally = tallies.get(key) ?? { clientId: invoice.clientId, currency: invoice.currency, amountMinor: 0, invoices: 0 };
    tally.amountMinor += invoice.amountMinor;
    tally.invoices += 1;
    tallies.set(key, tally);
  }
  return [...tallies.values()];
}

/**
 * Each client's share of the trailing 365 days' invoiced revenue, rounded to 4 decimals; clients with no revenue
 * are absent. Amounts in different currencies cannot be added, so shares are computed per currency, and a
 * client's share is the one in its dominant currency: the currency of most of its invoices in the period (on a
 * tie, the one where its share is largest, then by code). When the book bills in more than one currency, the
 * share names its currency ("61% of your EUR revenue").
 */
export function revenueShares(tallies: Iterable<RevenueTally>): Map<number, RevenueShare> {
  const totals = new Map<string, number>();
  const perClient = new Map<number, RevenueTally[]>();
  for (const tally of tallies) {
    totals.set(tally.currency, (totals.get(tally.currency) ?? 0) + tally.amountMinor);
    const list = perClient.get(tally.clientId);
    if (list) list.push(tally);
    else perClient.set(tally.clientId, [tally]);
  }
  const several = totals.size > 1;
  const shares = new Map<number, RevenueShare>();
  for (const [clientId, currencies] of perClient) {
    const candidates = currencies.map((tally) => ({
      currency: tally.currency,
      invoices: tally.invoices,
      share: tally.amountMinor / totals.get(tally.currency)!,
    }));
    candidates.sort((a, b) => b.invoices - a.invoices || b.share - a.share || compareText(a.currency, b.currency));
    shares.set(clientId, { share: round(candidates[0]!.share, 4), currency: several ? candidates[0]!.currency : null });
  }
  return shares;
}
