// What a logged row means for the relationship, defined once for the health score and the reminders:
// which interactions are hostile, which keep contact, when the book started following a client, what state
// a conflict topic is in, how a bid was answered, whether a need of the user's was heard. (DESIGN.md section 4)
import { DAY_MS, HOUR_MS, localDateOf, localInstant } from './dates.js';
import { compareText } from './ordered.js';
import { isHostile } from './score/digest.js';
import type { Bid, Client, ClientFacts, ConflictEvent, ConflictTopic, Instant, Interaction, Voice } from './types.js';

export { CHANNEL_WEIGHT, isHostile } from './score/digest.js';

/**
 * When the book started following the client: the later of the relationship's start and the day it entered
 * the book. History before it is unknown, not bad: silence and missing appreciation are judged from here.
 */
export function trackingStart(client: Client): Instant {
  return Math.max(localInstant(client.since), client.trackedFrom);
}

/** Lookups every rule needs, built once per client. */
export interface FactsIndex {
  /** The interactions at hand by id: all of them, or (for a whole book) those the explanations and rules name. */
  interactions: Map<number, Interaction>;
  /** Bids per interaction they came in: several asks in one message are one bid for attention. */
  bidsPerInteraction: Map<number, number>;
  /** Interactions whose conflict was repaired, on the spot or later: their tone is forgiven. */
  repairedIds: Set<number>;
}

export function indexFacts(facts: ClientFacts): FactsIndex {
  const interactions = new Map<number, Interaction>();
  for (const interaction of facts.interactions) interactions.set(interaction.id, interaction);
  const bidsPerInteraction = new Map<number, number>();
  for (const bid of facts.bids) {
    if (bid.interactionId !== null) bidsPerInteraction.set(bid.interactionId, (bidsPerInteraction.get(bid.interactionId) ?? 0) + 1);
  }
  const repairedIds = new Set<number>();
  for (const topic of facts.topics) {
    for (const event of topic.events) if (event.repaired && event.interactionId !== null) repairedIds.add(event.interactionId);
  }
  return { interactions, bidsPerInteraction, repairedIds };
}

// ---------------------------------------------------------------------------------------------------------
// Bids

export type BidVerdict =
  /** still inside the reply window, unanswered */
  | { kind: 'pending'; replyBy: Instant }
  /** past the reply window, unanswered: an open wrong */
  | { kind: 'unanswered'; replyBy: Instant }
  | { kind: 'in-time'; answeredAt: Instant }
  | { kind: 'late'; answeredAt: Instant }
  /** dismissed, or answered with hostility; `afterWindow`: it had been left unanswered past its window first */
  | { kind: 'against'; answeredAt: Instant; afterWindow: boolean };

/**
 * How the bid stands at `now`, with what was logged by `cutoff` (by default the same): an answer recorded for a
 * later time does not exist yet.
 */
export function bidVerdict(
  bid: Bid,
  client: Pick<Client, 'replyWithinHours'>,
  index: FactsIndex,
  now: Instant,
  cutoff: Instant = now,
): BidVerdict {
  const replyBy = bid.at + client.replyWithinHours * HOUR_MS;
  const answeredAt = bid.response === null ? null : (bid.answeredAt ?? bid.at);
  if (answeredAt === null || answeredAt > cutoff) {
    return now > replyBy ? { kind: 'unanswered', replyBy } : { kind: 'pending', replyBy };
  }
  const answer = bid.answerInteractionId === null ? undefined : index.interactions.get(bid.answerInteractionId);
  // A bid answered with hostility is turned against, whatever the flag says.
  if (bid.response === 'against' || (answer !== undefined && isHostile(answer))) {
    return { kind: 'against', answeredAt, afterWindow: answeredAt > replyBy };
  }
  return answeredAt <= replyBy ? { kind: 'in-time', answeredAt } : { kind: 'late', answeredAt };
}

/** The share of one bid for attention this bid carries: the asks of one message share it. */
export function bidShare(bid: Bid, index: FactsIndex): number {
  return bid.interactionId === null ? 1 : 1 / (index.bidsPerInteraction.get(bid.interactionId) ?? 1);
}

// ---------------------------------------------------------------------------------------------------------
// Conflict topics

export type TopicState = 'managed' | 'open' | 'gridlocked' | 'resolved';

export interface TopicStanding {
  topic: ConflictTopic;
  state: TopicState;
  /** Its events up to now, in order. */
  events: ConflictEvent[];
  /** Times raised in a row, at the end, without a repair or a calm talk. */
  unsettledRun: number;
  /** The latest repair or calm talk, if any. */
  lastSettled: ConflictEvent | undefined;
  /** When it was resolved, for a resolved topic. */
  resolvedAt: Instant | null;
}

/**
 * A topic is judged by where it stands, not by counting past events (most conflicts are perpetual, Gottman):
 * managed when its latest discussion was repaired or calm (tone 0 or better, no horseman); gridlocked when raised
 * `gridlockRaisings` or more times in a row since it was last repaired or talked about calmly; else open. A topic
 * the user resolved stays resolved until it is raised again after that. Null when there is nothing to judge yet.
 */
export function topicStanding(
  topic: ConflictTopic,
  index: FactsIndex,
  now: Instant,
  gridlockRaisings: number,
): TopicStanding | null {
  // At the same instant a repair or calm talk comes after the heated raising it answers, whatever the ids.
  const events = topic.events
    .filter((event) => event.at <= now)
    .map((event) => ({ event, settled: isSettled(event, index) }))
    .sort((a, b) => a.event.at - b.event.at || Number(a.settled) - Number(b.settled));
  const resolvedAt = topic.status === 'resolved' ? (topic.resolvedAt ?? events.at(-1)?.event.at ?? null) : null;
  const reopened = resolvedAt !== null && events.some((e) => e.event.at > resolvedAt);
  if (resolvedAt !== null && resolvedAt <= now && !reopened) {
    return { topic, state: 'resolved', events: events.map((e) => e.event), unsettledRun: 0, lastSettled: undefined, resolvedAt };
  }
  if (events.length === 0) return null;
  let run = 0;
  let lastSettled: ConflictEvent | undefined;
  for (const { event, settled } of events) {
    // Raised again after it was resolved: the resolution settled everything before it.
    if (reopened && event.at <= resolvedAt!) continue;
    if (settled) {
      run = 0;
      lastSettled = event;
    } else run++;
  }
  const state: TopicState = run === 0 ? 'managed' : run >= gridlockRaisings ? 'gridlocked' : 'open';
  return { topic, state, events: events.map((e) => e.event), unsettledRun: run, lastSettled, resolvedAt: null };
}

/** A conflict event that was repaired, or talked through calmly. */
export function isSettled(event: ConflictEvent, index: FactsIndex): boolean {
  if (event.repaired) return true;
  const interaction = event.interactionId === null ? undefined : index.interactions.get(event.interactionId);
  return interaction !== undefined && !isHostile(interaction);
}

// ---------------------------------------------------------------------------------------------------------
// Voice: the user's own needs

export interface VoiceStanding {
  text: string;
  /** Its raisings up to now, oldest first. */
  raisings: Voice[];
  /** The raising heard most recently (by now). */
  heard: Voice | undefined;
  /** Its last two raisings went unheard: a need of the user's that the client ignores. */
  ignored: boolean;
}

/** The key under which raisings of the same need are one need: case and spacing do not matter. */
export function voiceKey(text: string): string {
  let key = voiceKeys.get(text);
  if (key === undefined) {
    if (voiceKeys.size > 100_000) voiceKeys.clear();
    key = text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
    voiceKeys.set(text, key);
  }
  return key;
}

/** Scores read the same few needs at every moment: normalising a text once is enough. */
const voiceKeys = new Map<string, string>();

/**
 * Each need of the user's, with its raisings. A raising went unheard when it was marked ignored, or when the user
 * had to raise the need again while it was still open. A need counts as ignored when its last two raisings went
 * unheard; raised once and not heard keeps the credit for speaking up.
 */
export function voiceStandings(voices: readonly Voice[], now: Instant): VoiceStanding[] {
  const byKey = new Map<string, Voice[]>();
  for (const voice of voices) {
    if (voice.raisedAt > now) continue;
    const key = voiceKey(voice.text);
    const list = byKey.get(key);
    if (list) list.push(voice);
    else byKey.set(key, [voice]);
  }
  const standings: VoiceStanding[] = [];
  for (const raisings of byKey.values()) {
    raisings.sort((a, b) => a.raisedAt - b.raisedAt || compareText(a.text, b.text) || a.id - b.id);
    const outcome = (voice: Voice) => (voice.outcomeAt !== null && voice.outcomeAt <= now ? voice.outcome : 'open');
    const unheard = raisings.map((voice, i) => outcome(voice) === 'ignored' || (outcome(voice) === 'open' && i < raisings.length - 1));
    let heard: Voice | undefined;
    for (const voice of raisings) if (outcome(voice) === 'heard' && (!heard || voice.outcomeAt! >= heard.outcomeAt!)) heard = voice;
    const n = raisings.length;
    const ignored = n >= 2 && unheard[n - 1]! && unheard[n - 2]!;
    standings.push({ text: raisings.at(-1)!.text, raisings, heard, ignored });
  }
  return standings.sort((a, b) => compareText(voiceKey(a.text), voiceKey(b.text)));
}

// ---------------------------------------------------------------------------------------------------------

/** Whole days from an instant to now, never negative. */
export function daysSince(at: Instant, now: Instant): number {
  return Math.max(0, (now - at) / DAY_MS);
}

export { localDateOf };
