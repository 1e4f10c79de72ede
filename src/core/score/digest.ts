// What the health score needs of a client's interactions, summed once for every moment it is read at.
//
// A book can hold a million interactions; the score reads them for tone, contact, feedback and contempt. Those
// reads are sums of per-interaction terms (and a few latest instants), so they are summed once per client for a
// handful of cutoffs (now, the trend's day, the sparkline's weeks), in SQL for a whole book (store/digest.ts,
// generated from the definitions below) or here from rows (tests, one client). Fading factors out:
//   fade(at -> m) = 2^((t - m) / h) = 2^((t - ref) / h) * 2^((ref - m) / h)
// so each interaction's term is weighted once relative to a reference instant and rescaled for each moment.
import { DAY_MS } from '../dates.js';
import type { Settings } from '../settings.js';
import { HORSEMEN, type Channel, type Horseman, type Instant, type Interaction } from '../types.js';

/** Personal contact builds trust better than mail (DESIGN.md section 4): a contact's weight by channel. */
export const CHANNEL_WEIGHT: Record<Channel, number> = {
  'in-person': 1,
  meeting: 1,
  video: 1,
  call: 0.8,
  email: 0.6,
  chat: 0.6,
  other: 0.6,
};

/** Channels where you talk with the client, whoever called: they keep contact even when the client started it. */
export const CONVERSATION_CHANNELS: readonly Channel[] = ['call', 'meeting', 'video', 'in-person'];

/** The distinct channel weights, heaviest first: a contact's class. */
export const CONTACT_CLASSES: readonly number[] = [...new Set(Object.values(CHANNEL_WEIGHT))].sort((a, b) => b - a);

// Gottman: contempt is the single strongest predictor of a breakup, so it weighs double.
export const HORSEMAN_WEIGHT: Record<Horseman, number> = { criticism: 1, defensiveness: 1, stonewalling: 1, contempt: 2 };

/**
 * One conversation is one moment: however bad, it weighs at most this much, so that one call never decides alone
 * (DESIGN.md invariant 7: a single interaction with every flag moves a new client at most 30 points).
 */
export const HARDEST_MOMENT = 1.75;

/** Tone -1 or worse, or one of the four horsemen: such an interaction never earns anything positive. */
export function isHostile(interaction: Pick<Interaction, 'tone' | 'horsemen'>): boolean {
  return interaction.tone <= -1 || interaction.horsemen.length > 0;
}

/** What one interaction means, term by term. `repaired`: its conflict was repaired (on the spot or later). */
export interface InteractionTerms {
  /** a warm moment: its tone times its channel's weight */
  good: number;
  /** a hard moment: its negative tone (forgiven when repaired) plus its horsemen, at most HARDEST_MOMENT */
  hard: number;
  /** feedback on the user's work received in a conversation that was not hostile */
  feedback: boolean;
  /** the contact class (index into CONTACT_CLASSES) of contact kept by the user, or -1 */
  kept: number;
  /** a telling conversation for the contempt cap: warm, or with contempt */
  telling: boolean;
  contempt: boolean;
}

export function termsOf(interaction: Interaction, repaired: boolean): InteractionTerms {
  return termsOfFields(interaction.channel, interaction.fromClient, interaction.tone, interaction.horsemen, interaction.feedback, repaired);
}

/**
 * termsOf() from an interaction's fields, so that a whole book's rows need not become objects first; `into`
 * lets a scan reuse one record for every row.
 */
export function termsOfFields(
  channel: Channel,
  fromClient: boolean,
  tone: number,
  horsemen: readonly Horseman[],
  feedback: boolean,
  repaired: boolean,
  into: InteractionTerms = { good: 0, hard: 0, feedback: false, kept: -1, telling: false, contempt: false },
): InteractionTerms {
  const hostile = tone <= -1 || horsemen.length > 0;
  const contempt = horsemen.length > 0 && horsemen.includes('contempt');
  let hard = 0;
  if (hostile) {
    let weight = repaired ? 0 : Math.max(0, -tone);
    for (const h of horsemen) weight += HORSEMAN_WEIGHT[h];
    hard = Math.min(HARDEST_MOMENT, weight);
  }
  const keeps = !hostile && (!fromClient || CONVERSATION_CHANNELS.includes(channel));
  into.good = hostile ? 0 : Math.max(0, tone) * CHANNEL_WEIGHT[channel];
  into.hard = hard;
  into.feedback = feedback && !hostile;
  into.kept = keeps ? CONTACT_CLASS[channel] : -1;
  into.telling = contempt || (tone > 0 && !hostile);
  into.contempt = contempt;
  return into;
}

/** Each channel's contact class: its index in CONTACT_CLASSES. */
const CONTACT_CLASS = Object.fromEntries(
  Object.entries(CHANNEL_WEIGHT).map(([channel, weight]) => [channel, CONTACT_CLASSES.indexOf(weight)]),
) as Record<Channel, number>;

/** The sums for one cutoff: everything logged at or before it. */
export interface DigestSums {
  /** sum of good * 2^((t - ref) / positivity half-life) */
  goodW: number;
  hardW: number;
  goodMoments: number;
  hardMoments: number;
  /** the horsemen seen in hard moments */
  horsemen: Horseman[];
  /** sum of feedback * 2^((t - ref) / voice half-life) */
  feedbackW: number;
  feedback: number;
  /** the latest contact kept in each contact class, or null */
  keptLatest: (Instant | null)[];
  kept: number;
  interactions: number;
}

export interface InteractionDigest {
  /** The instant every weight is relative to (the latest cutoff). */
  ref: Instant;
  /** Cutoffs, latest first; sums[k] holds what was logged at or before cutoffs[k]. */
  cutoffs: Instant[];
  sums: DigestSums[];
  /** Telling conversations at or after `tellingFrom` (and at or before ref), oldest first. */
  telling: { at: Instant; contempt: boolean }[];
  tellingFrom: Instant;
  /** The half-lives the weights were taken with. */
  halfLives: { positivity: number; voice: number };
}

/** How far back the contempt cap looks from the moment it is read at. */
export const CONTEMPT_MEMORY_DAYS = 120;

export function emptySums(): DigestSums {
  return {
    goodW: 0, hardW: 0, goodMoments: 0, hardMoments: 0, horsemen: [], feedbackW: 0, feedback: 0,
    keptLatest: CONTACT_CLASSES.map(() => null), kept: 0, interactions: 0,
  };
}

/** 2^((t - ref) / half-life): an event's weight relative to the reference instant. */
export function weightAt(t: Instant, ref: Instant, halfLifeDays: number): number {
  return 2 ** ((t - ref) / (halfLifeDays * DAY_MS));
}

/** The bucket of an interaction at `t`: the last (oldest) cutoff it is at or before; -1 after the first. */
export function bucketOf(t: Instant, cutoffs: readonly Instant[]): number {
  for (let k = cutoffs.length - 1; k >= 0; k--) if (t <= cutoffs[k]!) return k;
  return -1;
}

/** What a digest is built for: the cutoffs (latest first), the contempt cap's reach, the half-lives. */
export interface DigestPlan {
  cutoffs: readonly Instant[];
  tellingFrom: Instant;
  halfLives: InteractionDigest['halfLives'];
}

export function planOf(cutoffs: readonly Instant[], tellingFrom: Instant, settings: Settings): DigestPlan {
  return { cutoffs, tellingFrom, halfLives: { positivity: settings['health.halflife.positivity'], voice: settings['health.halflife.voice'] } };
}

/**
 * Sums one client's interactions, one at a time, in time order: used for the rows of one client here and, for a
 * whole book, inside SQLite's scan of the interaction table (store/digest.ts), so both give the same digest.
 */
export class DigestBuilder {
  private readonly buckets: DigestSums[];
  private readonly telling: { at: Instant; contempt: boolean }[] = [];

  constructor(private readonly plan: DigestPlan) {
    this.buckets = plan.cutoffs.map(() => emptySums());
  }

  add(at: Instant, horsemen: readonly Horseman[], terms: InteractionTerms): void {
    const bucket = bucketOf(at, this.plan.cutoffs);
    if (bucket < 0) return;
    const sums = this.buckets[bucket]!;
    const ref = this.plan.cutoffs[0]!;
    sums.interactions++;
    if (terms.good > 0) {
      sums.goodW += terms.good * weightAt(at, ref, this.plan.halfLives.positivity);
      sums.goodMoments++;
    }
    if (terms.hard > 0) {
      sums.hardW += terms.hard * weightAt(at, ref, this.plan.halfLives.positivity);
      sums.hardMoments++;
      for (const h of horsemen) if (!sums.horsemen.includes(h)) sums.horsemen.push(h);
    }
    if (terms.feedback) {
      sums.feedbackW += weightAt(at, ref, this.plan.halfLives.voice);
      sums.feedback++;
    }
    if (terms.kept >= 0) {
      const latest = sums.keptLatest[terms.kept];
      if (latest === null || latest === undefined || at > latest) sums.keptLatest[terms.kept] = at;
      sums.kept++;
    }
    if (terms.telling && at >= this.plan.tellingFrom) this.telling.push({ at, contempt: terms.contempt });
  }

  finish(): InteractionDigest {
    const { cutoffs, tellingFrom, halfLives } = this.plan;
    return { ref: cutoffs[0]!, cutoffs: [...cutoffs], sums: suffixSums(this.buckets), telling: tellingInOrder(this.telling), tellingFrom, halfLives };
  }
}

/**
 * The digest of a client's interactions (any order), from rows. `repairedIds` are the interactions whose
 * conflict was repaired.
 */
export function digestInteractions(
  interactions: readonly Interaction[],
  repairedIds: ReadonlySet<number>,
  cutoffs: readonly Instant[],
  tellingFrom: Instant,
  settings: Settings,
): InteractionDigest {
  const builder = new DigestBuilder(planOf(cutoffs, tellingFrom, settings));
  // In time order, as the book's index delivers them, so that both give the same floating-point sums.
  const ordered = [...interactions].sort((a, b) => a.at - b.at || a.id - b.id);
  for (const interaction of ordered) {
    builder.add(interaction.at, interaction.horsemen, termsOf(interaction, interaction.repair || repairedIds.has(interaction.id)));
  }
  return builder.finish();
}

/** Per-bucket sums into per-cutoff sums: cutoff k sees every bucket from k on (at or before it). */
export function suffixSums(buckets: DigestSums[]): DigestSums[] {
  const out: DigestSums[] = buckets.map(() => emptySums());
  let running = emptySums();
  for (let k = buckets.length - 1; k >= 0; k--) {
    const b = buckets[k]!;
    running = {
      goodW: running.goodW + b.goodW,
      hardW: running.hardW + b.hardW,
      goodMoments: running.goodMoments + b.goodMoments,
      hardMoments: running.hardMoments + b.hardMoments,
      horsemen: HORSEMEN.filter((h) => running.horsemen.includes(h) || b.horsemen.includes(h)),
      feedbackW: running.feedbackW + b.feedbackW,
      feedback: running.feedback + b.feedback,
      keptLatest: running.keptLatest.map((at, i) => latestOf(at, b.keptLatest[i] ?? null)),
      kept: running.kept + b.kept,
      interactions: running.interactions + b.interactions,
    };
    out[k] = running;
  }
  return out;
}

function latestOf(a: Instant | null, b: Instant | null): Instant | null {
  return a === null ? b : b === null ? a : Math.max(a, b);
}

/** The sums for a cutoff the digest was built for. */
export function sumsAt(digest: InteractionDigest, cutoff: Instant): DigestSums {
  const k = digest.cutoffs.indexOf(cutoff);
  if (k < 0) throw new Error(`the interaction digest has no cutoff ${new Date(cutoff).toISOString()}`);
  return digest.sums[k]!;
}

/** Rescales a weight taken relative to the digest's reference to the moment `at`. */
export function rescale(weighted: number, digest: InteractionDigest, at: Instant, halfLifeDays: number): number {
  return weighted * 2 ** ((digest.ref - at) / (halfLifeDays * DAY_MS));
}

/** At the same instant a contempt comes after a warm word, whatever the ids: the order never flatters. */
export function tellingInOrder(telling: { at: Instant; contempt: boolean }[]): { at: Instant; contempt: boolean }[] {
  return telling.sort((a, b) => a.at - b.at || Number(a.contempt) - Number(b.contempt));
}

/** Which of a client's interactions the explanations of a report name; digest() has summed the rest. */
export interface RowsWanted {
  /** the latest this many good or hard moments, and feedback (the portfolio's evidence rows) */
  latest: number;
  /** interactions other rows point to (answers to bids, conflicts' talks), by id */
  ids: ReadonlySet<number>;
}

/** A row kept for the explanations; filled in place, so a book's million rows cost no allocation each. */
export interface Slot {
  id: number;
  at: Instant;
  channel: Channel;
  fromClient: boolean;
  tone: number;
  horsemen: readonly Horseman[];
  repair: boolean;
  feedback: boolean;
}

/**
 * Keeps the interactions an explanation names as a client's rows stream by in time order (cutoff `upTo`): the
 * latest moments and feedback, the latest contact kept, the latest hard moment and the latest with a horseman, the
 * latest of all, and those other rows point to. What the score sums comes from the digest instead.
 */
export class RowsAtHand {
  private readonly moments: Slot[] = [];
  private readonly feedback: Slot[] = [];
  private kept: Slot | undefined;
  private hard: Slot | undefined;
  private horseman: Slot | undefined;
  private any: Slot | undefined;
  private readonly named: Interaction[] = [];

  constructor(
    private readonly wanted: RowsWanted,
    private readonly upTo: Instant,
    private readonly clientId: number,
  ) {}

  add(slotOf: Slot, terms: InteractionTerms): void {
    if (this.wanted.ids.has(slotOf.id)) this.named.push(toInteraction(this.clientId, slotOf));
    if (slotOf.at > this.upTo) return;
    if (terms.good > 0 || terms.hard > 0) this.keepLatest(this.moments, slotOf);
    if (terms.feedback) this.keepLatest(this.feedback, slotOf);
    if (terms.kept >= 0) this.kept = fill(this.kept, slotOf);
    if (terms.hard > 0) this.hard = fill(this.hard, slotOf);
    if (terms.hard > 0 && slotOf.horsemen.length > 0) this.horseman = fill(this.horseman, slotOf);
    this.any = fill(this.any, slotOf);
  }

  /** Keeps the latest `wanted.latest` rows: rows come in time order, so each new one replaces the oldest. */
  private keepLatest(slots: Slot[], row: Slot): void {
    if (slots.length < this.wanted.latest) {
      slots.push(fill(undefined, row));
      return;
    }
    let oldest = 0;
    for (let i = 1; i < slots.length; i++) if (slots[i]!.at < slots[oldest]!.at) oldest = i;
    if (row.at >= slots[oldest]!.at) fill(slots[oldest], row);
  }

  /** The rows, each once, oldest first. */
  rows(): Interaction[] {
    const byId = new Map<number, Interaction>();
    for (const row of this.named) byId.set(row.id, row);
    for (const slot of [...this.moments, ...this.feedback, this.kept, this.hard, this.horseman, this.any]) {
      if (slot && !byId.has(slot.id)) byId.set(slot.id, toInteraction(this.clientId, slot));
    }
    return [...byId.values()].sort((a, b) => a.at - b.at || a.id - b.id);
  }
}

/** Copies a row's fields into a slot (a new one only when there is none yet). */
function fill(slot: Slot | undefined, row: Slot): Slot {
  const s = slot ?? ({} as Slot);
  s.id = row.id;
  s.at = row.at;
  s.channel = row.channel;
  s.fromClient = row.fromClient;
  s.tone = row.tone;
  s.horsemen = row.horsemen;
  s.repair = row.repair;
  s.feedback = row.feedback;
  return s;
}

function toInteraction(clientId: number, slot: Slot): Interaction {
  return {
    id: slot.id, clientId, at: slot.at, channel: slot.channel, fromClient: slot.fromClient, tone: slot.tone,
    summary: null, horsemen: [...slot.horsemen], repair: slot.repair, feedback: slot.feedback,
  };
}
