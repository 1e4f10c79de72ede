// What the health score hands to commands and renderers (DESIGN.md sections 4 and 7).
import type { FactsIndex } from '../relationship.js';
import type { ComponentKey, Settings } from '../settings.js';
import type { ClientFacts, ClientRef, Instant, LocalDate, Moment } from '../types.js';
import type { InteractionDigest } from './digest.js';

/**
 * A moment the score is read at: the log as it stood at `cutoff` (what came later does not exist yet), aged to
 * `at`. Usually both are the same; "did only older problems fade?" reads the log of 30 days ago as of today.
 */
export interface Point {
  cutoff: Instant;
  cutoffDay: LocalDate;
  at: Instant;
  today: LocalDate;
}

export function pointOf(moment: Moment): Point {
  return { cutoff: moment.at, cutoffDay: moment.today, at: moment.at, today: moment.today };
}

export type Effect = 'positive' | 'negative' | 'neutral';

/** One logged row behind a component: what it was, when, and how much it still weighs. */
export interface Evidence {
  date: LocalDate;
  what: string;
  /** 0..1, rounded to 2 decimals: how much of its weight is left (1 for an open wrong, which never fades). */
  decay: number;
  effect: Effect;
}

/** A change of a component's masses: good added, bad taken away (both >= 0). */
export interface MassChange {
  good?: number;
  bad?: number;
}

/** Something the user can do to raise the score: what it would change, so the engine can rank it in points. */
export interface Action {
  text: string;
  change: MassChange;
  /** the key of a cap this action lifts, or is the way out of (paying the invoice that caps the band) */
  lifts?: string;
}

/**
 * What one component makes of a client's log: good and bad mass (each event adds good, adds bad, or moves
 * bad to good; settled history fades, open wrongs keep their full weight). Its score is good / (good + bad);
 * the evidence n = good + bad decides how much of its weight it gets.
 */
export interface ComponentOutcome {
  good: number;
  bad: number;
  /** Whole rows behind the masses: "early days: 3 signals". */
  signals: number;
  /** The figure in plain words, or why there is nothing to judge. */
  summary: string;
  /** The same in a few words, for a table cell ("3 requests waiting"); empty when there is nothing to say. */
  headline?: string;
  evidence: Evidence[];
  actions: Action[];
  /** Lines worth saying that cost no points (one-sided appreciation). */
  notes?: string[];
  /** Words of jargon the summary or evidence used, to be glossed once. */
  terms?: Term[];
}

export type Term = 'bid' | 'horsemen' | 'gridlock' | 'ratio' | 'voice' | 'prior';

/** What every component is handed besides the facts. */
export interface ScoreInput {
  facts: ClientFacts;
  index: FactsIndex;
  /** The client's interactions summed for every cutoff read (facts.interactions may hold only the latest). */
  digest: InteractionDigest;
  point: Point;
  settings: Settings;
  /** true: the full explanation; a number: only that many latest evidence rows; false: masses only. */
  explain: boolean | number;
}

export type ComponentScorer = (input: ScoreInput) => ComponentOutcome;

export type Band = 'healthy' | 'watch' | 'at-risk' | 'no-data';
export type Confidence = 'low' | 'medium' | 'high';

export interface ComponentResult {
  key: ComponentKey;
  /** good / (good + bad) as 0..100, rounded; null when there is no evidence (N/A). */
  score: number | null;
  /** The configured weight. */
  weight: number;
  /** Points of the overall score this component earned, one decimal. */
  earned: number;
  /** Points of its share it did not earn, one decimal: earned + missed = its share of 100. */
  missed: number;
  /** Whole rows behind it. */
  signals: number;
  summary: string;
  /** The summary in a few words, for the portfolio table. */
  headline: string;
  evidence: Evidence[];
}

/** A red flag that caps the band, whatever the points say. */
export interface Cap {
  /** stable: `overdue:INV-7`, `contempt`, `gridlock:<topic id>` */
  key: string;
  reason: string;
  band: Exclude<Band, 'healthy' | 'no-data'>;
}

export interface Trend {
  days: number;
  previous: number | null;
  delta: number | null;
  /** The score rose only because older problems faded, not because of anything new. */
  fading: boolean;
}

/** One item of `crm health --json` (DESIGN.md section 7). */
export interface HealthReport {
  client: ClientRef;
  asOf: LocalDate;
  score: number | null;
  band: Band;
  confidence: Confidence | null;
  /** Whole rows behind the score. */
  signals: number;
  trend: Trend;
  revenueShare: number | null;
  /** The starting point's points: prior.earned + the components' earned + capAdjustment = score. */
  prior: { earned: number; missed: number };
  components: ComponentResult[];
  caps: Cap[];
  /** Points taken off by the tightest cap (0 or negative). */
  capAdjustment: number;
  reasons: string[];
  actions: string[];
  /** Said in the scorecard, costing nothing: dependency, one-sided appreciation. */
  notes: string[];
  /** Jargon used in the explanation, glossed once in the scorecard. */
  terms: Term[];
}

/** What the portfolio needs of an invoice to compute revenue shares. */
export interface RevenueInvoice {
  clientId: number;
  amountMinor: number;
  currency: string;
  issued: LocalDate;
  voided: boolean;
}
