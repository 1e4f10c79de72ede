// The health score of a client (DESIGN.md section 4): each component yields s in [0,1] or N/A, and the
// score is 100 * sum(w * s) / sum(w) over the components that are not N/A. Pure: "now" is an input.
import { addDays, DAY_MS } from '../dates.js';
import { COMPONENT_KEYS, type ComponentKey, type Settings } from '../settings.js';
import type { ClientFacts, LocalDate, Moment } from '../types.js';
import { scoreAppreciation } from './appreciation.js';
import { scoreBids } from './bids.js';
import { scoreConflict } from './conflict.js';
import { scoreContact } from './contact.js';
import { round } from './decay.js';
import { sortActions } from './explain.js';
import { compareText, inOrder } from './ordered.js';
import { scorePayments } from './payments.js';
import { scorePositivity } from './positivity.js';
import type {
  Band,
  ClientScore,
  ComponentOutcome,
  ComponentResult,
  ComponentScorer,
  HealthReport,
  RevenueInvoice,
} from './types.js';

export type * from './types.js';
export { inOrder } from './ordered.js';
export { scoreAppreciation, scoreBids, scoreConflict, scoreContact, scorePayments, scorePositivity };

const SCORERS: Record<ComponentKey, ComponentScorer> = {
  bids: scoreBids,
  positivity: scorePositivity,
  conflict: scoreConflict,
  payments: scorePayments,
  appreciation: scoreAppreciation,
  contact: scoreContact,
};

/** Each component's name for people. */
export const COMPONENT_LABELS: Record<ComponentKey, string> = {
  bids: 'Bids',
  positivity: 'Positivity',
  conflict: 'Conflict',
  payments: 'Payments',
  appreciation: 'Appreciation',
  contact: 'Contact',
};

const MAX_REASONS = 3;
const MAX_ACTIONS = 3;

interface Part {
  key: ComponentKey;
  weight: number;
  outcome: ComponentOutcome;
}

/** The weighted mean of the parts that count (not N/A, weight above 0), unrounded, 0..100. */
interface Total {
  value: number | null;
  weighted: number;
  weights: number;
}

function assess(facts: ClientFacts, moment: Moment, settings: Settings, explain: boolean | number): Part[] {
  const ordered = inOrder(facts);
  return COMPONENT_KEYS.map((key) => ({
    key,
    weight: settings[`health.weight.${key}`],
    outcome: SCORERS[key](ordered, moment, settings, explain),
  }));
}

function counts(part: Part): boolean {
  return part.outcome.s !== null && part.weight > 0;
}

function totalOf(parts: Part[]): Total {
  let weighted = 0;
  let weights = 0;
  for (const part of parts) {
    if (!counts(part)) continue;
    weighted += part.weight * part.outcome.s!;
    weights += part.weight;
  }
  return { value: weights > 0 ? (100 * weighted) / weights : null, weighted, weights };
}

/** The integer score; the value is first rounded to 1e-9 so that noise in the last bits never flips it. */
function integerScore(value: number | null): number | null {
  return value === null ? null : Math.min(100, Math.max(0, Math.round(round(value, 9))));
}

function bandOf(score: number | null, settings: Settings): Band {
  if (score === null) return 'no-data';
  if (score >= settings['health.band.healthy']) return 'healthy';
  if (score >= settings['health.band.watch']) return 'watch';
  return 'at-risk';
}

/** The moment `days` days before: the same time of day, and the calendar date that many days earlier. */
export function daysBefore(moment: Moment, days: number): Moment {
  return { at: moment.at - days * DAY_MS, today: addDays(moment.today, -days) };
}

/** The unrounded score, 0..100, or null when nothing counts. The fast path: no explanation is built. */
export function scoreValue(facts: ClientFacts, moment: Moment, settings: Settings): number | null {
  return totalOf(assess(facts, moment, settings, false)).value;
}

export function scoreClient(facts: ClientFacts, moment: Moment, settings: Settings): ClientScore {
  return scorecard(assess(facts, moment, settings, true), settings);
}

function scorecard(parts: Part[], settings: Settings): ClientScore {
  const score = integerScore(totalOf(parts).value);
  const points = pointsOf(parts, score);
  const components = parts.map(
    (part, i): ComponentResult => ({
      key: part.key,
      score: part.outcome.s === null ? null : Math.round(round(part.outcome.s * 100, 9)),
      weight: part.weight,
      earned: points[i]!.earned / 10,
      missed: (points[i]!.share - points[i]!.earned) / 10,
      summary: part.outcome.summary,
      headline: part.outcome.headline ?? '',
      evidence: part.outcome.evidence,
    }),
  );
  return { score, band: bandOf(score, settings), components };
}

/**
 * Each counting part's share of 100 points and the points it earned, in tenths. Shares are apportioned
 * by largest remainder (Hamilton) so they sum to exactly 1000 tenths; earned points likewise, so they sum
 * to exactly the integer score and never exceed a part's share. Parts that do not count get 0 and 0.
 */
function pointsOf(parts: Part[], score: number | null): { share: number; earned: number }[] {
  const weights = totalOf(parts).weights;
  const counting = parts.map(counts);
  if (score === null || weights <= 0) return parts.map(() => ({ share: 0, earned: 0 }));
  const quota = (part: Part, i: number, s: number): number => (counting[i] ? (1000 * part.weight * s) / weights : 0);
  const shares = apportion(
    parts.map((part, i) => quota(part, i, 1)),
    1000,
    parts.map(() => Infinity),
  );
  const earned = apportion(
    parts.map((part, i) => quota(part, i, part.outcome.s ?? 0)),
    score * 10,
    shares,
  );
  return parts.map((_, i) => ({ share: shares[i]!, earned: earned[i]! }));
}

/**
 * Whole units summing to `total`, each close to its quota and at most its cap: floors first, then one more
 * to the largest remainders (or one less from the smallest) until the total is met. Ties go to the earlier part.
 */
function apportion(quotas: number[], total: number, caps: number[]): number[] {
  const exact = quotas.map((q) => round(q, 6));
  const units = exact.map((q, i) => Math.min(Math.floor(q), caps[i]!));
  const remainder = (i: number): number => exact[i]! - Math.floor(exact[i]!);
  const order = exact
    .map((_, i) => i)
    .sort((a, b) => remainder(b) - remainder(a) || Number(exact[b]! > 0) - Number(exact[a]! > 0) || a - b);
  let missing = total - units.reduce((sum, u) => sum + u, 0);
  // Extra units go to parts that earned something: a component scoring 0 never shows points. Only if those
  // are all at their cap (cannot happen for earned points: rounding never exceeds their shares) do the rest take some.
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

export interface ReportOptions {
  /** At most this many evidence rows per component, the latest first (the portfolio's view); default all. */
  evidenceLimit?: number;
}

export function healthReport(
  facts: ClientFacts,
  moment: Moment,
  settings: Settings,
  revenueShare: number | null,
  options: ReportOptions = {},
): HealthReport {
  const ordered = inOrder(facts);
  const parts = assess(ordered, moment, settings, options.evidenceLimit ?? true);
  const card = scorecard(parts, settings);
  if (options.evidenceLimit !== undefined) {
    for (const component of card.components) component.evidence = component.evidence.slice(0, options.evidenceLimit);
  }
  const trendDays = settings['health.trend.days'];
  const previous = integerScore(scoreValue(ordered, daysBefore(moment, trendDays), settings));
  return {
    client: { id: facts.client.id, name: facts.client.name },
    asOf: moment.today,
    score: card.score,
    band: card.band,
    trend: {
      days: trendDays,
      previous,
      delta: card.score === null || previous === null ? null : card.score - previous,
    },
    revenueShare,
    components: card.components,
    reasons: reasonsOf(card.components),
    actions: actionsOf(parts),
  };
}

/** What costs the most points, largest first. */
function reasonsOf(components: ComponentResult[]): string[] {
  return components
    .map((component, i) => ({ component, i }))
    .filter(({ component }) => component.score !== null && component.missed >= 1)
    .sort((a, b) => b.component.missed - a.component.missed || a.i - b.i)
    .slice(0, MAX_REASONS)
    .map(({ component }) => `${COMPONENT_LABELS[component.key]}: ${component.summary}`);
}

/**
 * The actions that would raise the overall score most, each component's gain converted to overall points.
 * Only components that count suggest actions: an N/A component changes nothing (invariant 5), not even
 * the advice (a bid still inside its reply window shows as pending evidence instead).
 */
function actionsOf(parts: Part[]): string[] {
  const total = totalOf(parts);
  const ranked = parts.filter(counts).flatMap((part) =>
    part.outcome.actions.map((action) => {
      const s = part.outcome.s!;
      const gain = (100 * part.weight * (Math.min(1, s + action.gain / 100) - s)) / total.weights;
      return { text: action.text, gain };
    }),
  );
  return sortActions(ranked)
    .slice(0, MAX_ACTIONS)
    .map((action) => action.text);
}

/** Scores at moment - k * stepDays for k = points-1 .. 0, oldest first: a sparkline. */
export function scoreHistory(
  facts: ClientFacts,
  moment: Moment,
  settings: Settings,
  points: number,
  stepDays: number,
): (number | null)[] {
  const ordered = inOrder(facts);
  const history: (number | null)[] = [];
  for (let k = points - 1; k >= 0; k--) {
    history.push(integerScore(scoreValue(ordered, daysBefore(moment, k * stepDays), settings)));
  }
  return history;
}

/**
 * Each client's share of the trailing 365 days' invoiced revenue (issued in (today - 365, today], not void),
 * rounded to 4 decimals; clients with no revenue are absent. Amounts in different currencies cannot be added,
 * so shares are computed per currency, and a client's share is the one in its dominant currency: the currency
 * of most of its invoices in the period (on a tie, the one where its share is largest, then by code).
 */
export function revenueShares(invoices: RevenueInvoice[], moment: Moment): Map<number, number> {
  const from: LocalDate = addDays(moment.today, -365);
  const totals = new Map<string, number>();
  const perClient = new Map<number, Map<string, { amount: number; invoices: number }>>();
  for (const invoice of invoices) {
    if (invoice.voided || invoice.issued <= from || invoice.issued > moment.today || invoice.amountMinor <= 0) continue;
    totals.set(invoice.currency, (totals.get(invoice.currency) ?? 0) + invoice.amountMinor);
    let currencies = perClient.get(invoice.clientId);
    if (!currencies) perClient.set(invoice.clientId, (currencies = new Map()));
    const tally = currencies.get(invoice.currency) ?? { amount: 0, invoices: 0 };
    currencies.set(invoice.currency, { amount: tally.amount + invoice.amountMinor, invoices: tally.invoices + 1 });
  }
  const shares = new Map<number, number>();
  for (const [clientId, currencies] of perClient) {
    const candidates = [...currencies].map(([currency, tally]) => ({
      currency,
      invoices: tally.invoices,
      share: tally.amount / totals.get(currency)!,
    }));
    candidates.sort((a, b) => b.invoices - a.invoices || b.share - a.share || compareText(a.currency, b.currency));
    shares.set(clientId, round(candidates[0]!.share, 4));
  }
  return shares;
}
