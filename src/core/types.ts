// Plain data shared by the store, the core and the renderers.
import type { InteractionDigest } from './score/digest.js';
// Instants are epoch milliseconds (UTC); calendar dates are 'YYYY-MM-DD' strings.

export type Instant = number;
export type LocalDate = string;

/** The single "now" every computation takes: an instant and the user's local date at that instant. */
export interface Moment {
  at: Instant;
  today: LocalDate;
}

export const CHANNELS = ['call', 'meeting', 'video', 'email', 'chat', 'in-person', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];

export const HORSEMEN = ['criticism', 'contempt', 'defensiveness', 'stonewalling'] as const;
export type Horseman = (typeof HORSEMEN)[number];

export const APPRECIATION_TO_CLIENT = ['thanks', 'compliment', 'gift', 'discount', 'milestone'] as const;
export const APPRECIATION_FROM_CLIENT = ['thanks', 'compliment', 'referral', 'testimonial'] as const;
export type AppreciationDirection = 'to-client' | 'from-client';
export type AppreciationKind =
  | (typeof APPRECIATION_TO_CLIENT)[number]
  | (typeof APPRECIATION_FROM_CLIENT)[number];

export const CLIENT_STATUSES = ['active', 'paused', 'ended'] as const;
export type ClientStatus = (typeof CLIENT_STATUSES)[number];

export const BID_KINDS = ['request', 'question', 'complaint'] as const;
export type BidKind = (typeof BID_KINDS)[number];
/** toward = answered; against = dismissed. Late/away follow from timestamps, never stored. */
export type BidResponse = 'toward' | 'against';

export const NEED_KINDS = ['need', 'preference', 'goal'] as const;
export type NeedKind = (typeof NEED_KINDS)[number];

export const TOPIC_STATUSES = ['open', 'managed', 'resolved'] as const;
export type TopicStatus = (typeof TOPIC_STATUSES)[number];

export interface ClientRef {
  id: number;
  name: string;
}

export interface Client extends ClientRef {
  email: string | null;
  company: string | null;
  tags: string[];
  status: ClientStatus;
  since: LocalDate;
  endedOn: LocalDate | null;
  endReason: string | null;
  cadenceDays: number;
  replyWithinHours: number;
  note: string | null;
  createdAt: Instant;
  /**
   * When the book started following this client: when it was added, never moved by back-dated rows (for books
   * from before schema 2, the earliest row). History before it is unknown, not bad (DESIGN.md section 4).
   */
  trackedFrom: Instant;
  /** The last contact before the client entered the book, when the user told it (`--last-contact`). */
  lastContact: LocalDate | null;
}

export interface Interaction {
  id: number;
  clientId: number;
  at: Instant;
  channel: Channel;
  fromClient: boolean;
  tone: number; // -2..2
  summary: string | null;
  horsemen: Horseman[];
  repair: boolean;
  feedback: boolean;
}

export interface Bid {
  id: number;
  clientId: number;
  interactionId: number | null;
  at: Instant;
  text: string;
  kind: BidKind;
  response: BidResponse | null;
  answeredAt: Instant | null;
  answerInteractionId: number | null;
}

export interface ConflictEvent {
  id: number;
  topicId: number;
  interactionId: number | null;
  at: Instant;
  repaired: boolean;
}

export interface ConflictTopic {
  id: number;
  clientId: number;
  topic: string;
  status: TopicStatus;
  /** When the user marked it resolved (null while it is not, and for topics resolved before schema 2 recorded it). */
  resolvedAt: Instant | null;
  events: ConflictEvent[];
}

export interface Appreciation {
  id: number;
  clientId: number;
  interactionId: number | null;
  at: Instant;
  direction: AppreciationDirection;
  kind: AppreciationKind;
  note: string | null;
}

export interface Need {
  id: number;
  clientId: number;
  learnedAt: Instant;
  text: string;
  kind: NeedKind;
}

export interface Payment {
  id: number;
  invoiceId: number;
  amountMinor: number;
  paidOn: LocalDate;
}

export interface Invoice {
  id: number;
  clientId: number;
  number: string;
  amountMinor: number;
  currency: string;
  issued: LocalDate;
  due: LocalDate;
  voided: boolean;
  note: string | null;
  payments: Payment[];
}

export const VOICE_OUTCOMES = ['open', 'heard', 'ignored'] as const;
export type VoiceOutcome = (typeof VOICE_OUTCOMES)[number];

/** A need of the user's own raised with the client (payment terms, feedback, scope), and what came of it. */
export interface Voice {
  id: number;
  clientId: number;
  interactionId: number | null;
  raisedAt: Instant;
  text: string;
  outcome: VoiceOutcome;
  /** When it was heard or ignored; null while open. */
  outcomeAt: Instant | null;
}

export interface FollowUp {
  id: number;
  clientId: number;
  due: LocalDate;
  text: string;
  createdAt: Instant;
  doneAt: Instant | null;
}

/** Everything known about one client: what the scoring engine and reminders read. */
export interface ClientFacts {
  client: Client;
  interactions: Interaction[];
  bids: Bid[];
  topics: ConflictTopic[];
  appreciations: Appreciation[];
  needs: Need[];
  invoices: Invoice[];
  followUps: FollowUp[];
  voices: Voice[];
  /**
   * The interactions summed for the moments a command reads (store/digest.ts). When the store supplies it for a
   * whole book, `interactions` holds only the rows the explanations and rules name; without it the score sums the
   * interactions itself.
   */
  digest?: InteractionDigest;
}
