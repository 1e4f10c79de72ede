// What the health score hands to commands and renderers (DESIGN.md sections 4 and 7).
import type { ComponentKey, Settings } from '../settings.js';
import type { ClientFacts, ClientRef, LocalDate, Moment } from '../types.js';

export type Effect = 'positive' | 'negative' | 'neutral';

/** One logged row behind a component: what it was, when, and how much it still weighs. */
export interface Evidence {
  date: LocalDate;
  what: string;
  /** 0..1, rounded to 2 decimals; 1 when the row does not decay. */
  decay: number;
  effect: Effect;
}

/** Something the user can do to raise the score. */
export interface Action {
  text: string;
  /**
   * Estimated points the score would rise, used only to rank. A component reports points of its own
   * 0-100 score (counted from 0 when it is N/A); the report converts them to points of the overall score.
   */
  gain: number;
}

/** What one component makes of a client's log. */
export interface ComponentOutcome {
  /** 0..1, or null when the component is N/A (no data is not bad data). */
  s: number | null;
  /** The raw figure in words, or why the component is N/A. */
  summary: string;
  /** The same in a few words, for a table cell ("3 bids unanswered"); empty when there is nothing to say. */
  headline?: string;
  evidence: Evidence[];
  actions: Action[];
}

/**
 * A component: plain data in, an outcome out. With `explain` false it computes only `s`
 * (summary, evidence and actions come back empty), for trends and sparklines.
 */
export type ComponentScorer = (
  facts: ClientFacts,
  moment: Moment,
  settings: Settings,
  /** true: the full explanation; a number: the same, with only that many latest evidence rows (cheaper) */
  explain?: boolean | number,
) => ComponentOutcome;

export type Band = 'healthy' | 'watch' | 'at-risk' | 'no-data';

export interface ComponentResult {
  key: ComponentKey;
  /** s * 100 rounded to an integer; null when N/A. */
  score: number | null;
  /** The configured weight. */
  weight: number;
  /** Points of the overall score this component earned, one decimal. */
  earned: number;
  /** Points of its share it did not earn, one decimal: earned + missed = its share of 100. */
  missed: number;
  summary: string;
  /** The summary in a few words, for the portfolio table. */
  headline: string;
  evidence: Evidence[];
}

export interface ClientScore {
  /** Integer 0..100, or null when every component is N/A. */
  score: number | null;
  band: Band;
  components: ComponentResult[];
}

export interface Trend {
  days: number;
  previous: number | null;
  delta: number | null;
}

/** One item of `crm health --json` (DESIGN.md section 7). */
export interface HealthReport {
  client: ClientRef;
  asOf: LocalDate;
  score: number | null;
  band: Band;
  trend: Trend;
  revenueShare: number | null;
  components: ComponentResult[];
  reasons: string[];
  actions: string[];
}

/** What the portfolio needs of an invoice to compute revenue shares. */
export interface RevenueInvoice {
  clientId: number;
  amountMinor: number;
  currency: string;
  issued: LocalDate;
  voided: boolean;
}
