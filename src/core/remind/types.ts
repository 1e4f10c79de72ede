// The shapes of the reminders engine (DESIGN.md section 5): what a reminder is, what silences one,
// and the per-client scope every kind is derived from.
import type { FactsIndex } from '../relationship.js';
import type { InteractionDigest } from '../score/digest.js';
import type { RevenueShare } from '../score/index.js';
import type { Settings } from '../settings.js';
import type { ClientFacts, ClientRef, Instant, LocalDate, Moment } from '../types.js';

export const SEVERITIES = ['urgent', 'soon', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const REMINDER_KINDS = [
  'invoice-overdue',
  'invoice-due-soon',
  'bid-unanswered',
  'contact-overdue',
  'appreciation-due',
  'anniversary',
  'year-end',
  'conflict-revisit',
  'goals-ask',
  'follow-up-due',
  'health-drop',
  'revenue-dependency',
  'feedback-ask',
  'voice-unheard',
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export interface Reminder {
  /** Stable across days for the same data: `invoice-overdue:INV-7`, `contact-overdue:12`. */
  key: string;
  client: ClientRef;
  kind: ReminderKind;
  severity: Severity;
  /** When it is (or was) due. */
  date: LocalDate;
  message: string;
  action: string;
  /** The data that, when it changes, brings a silenced reminder back; never today's date or a day count. */
  fingerprint: string;
}

/** Health figures come from the scoring engine; the reminders engine only reads them. */
export interface PortfolioFigures {
  health: Map<number, { score: number | null; previous: number | null }>;
  revenueShare: Map<number, RevenueShare>;
}

export interface ReminderState {
  key: string;
  state: 'snoozed' | 'done';
  until: Instant | null;
  fingerprint: string;
}

/** Everything one client's reminders are derived from. */
export interface Scope {
  facts: ClientFacts;
  /** Lookups the shared rules need (src/core/relationship.ts). */
  index: FactsIndex;
  /** The client's interactions summed for now (src/core/score/digest.ts). */
  digest: InteractionDigest;
  client: ClientRef;
  /** The client as typed on a command line: `acme`, `'Acme Corp'`, or its id. */
  arg: string;
  moment: Moment;
  settings: Settings;
  /** `--within`: whole days ahead of today to look. */
  withinDays: number;
  /** today + withinDays. */
  horizon: LocalDate;
}

/**
 * What year-end ranking keeps of each client until the whole portfolio is read: its invoices and appreciations,
 * not its interactions, index or digest, so a big book's clients can be let go one by one.
 */
export interface YearEndScope extends Pick<Scope, 'client' | 'arg' | 'settings'> {
  facts: Pick<ClientFacts, 'client' | 'invoices' | 'appreciations'>;
}
