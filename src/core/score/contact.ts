// Contact: do you keep in touch at the client's cadence? (DESIGN.md section 4, "contact and channel")
import { DAY_MS, dayNumber, localDayNumber, localInstant } from '../dates.js';
import { bidVerdict, trackingStart, type FactsIndex } from '../relationship.js';
import type { Channel, Client, ClientFacts, Instant } from '../types.js';
import { CHANNEL_WEIGHT, CONTACT_CLASSES, termsOf, type DigestSums, type InteractionDigest } from './digest.js';
import { days, evidenceAt } from './explain.js';
import type { ComponentOutcome, Evidence, Point, ScoreInput } from './types.js';

/** Silence is judged over at most this many cadences of what the book has seen. */
const MAX_CADENCES_OBSERVED = 6;
/** After the cadence, credit falls to nothing over this many more cadences (for contact in person). */
const FADE_CADENCES = 2;

/** One contact kept by you: an interaction you started, a conversation, or an answer to a message. */
export interface ContactKept {
  at: Instant;
  /** CHANNEL_WEIGHT of its channel */
  weight: number;
}

export interface Silence {
  /** Cadences since the contact that counts most now. */
  cadences: number;
  /** What that contact is worth now, 0..1: personal contact keeps its worth longer than a newer mail. */
  credit: number;
  /** Calendar days since the latest contact kept (or since the book started following the client). */
  days: number;
  /** When the latest contact kept was, or undefined when none since the start of tracking or --last-contact. */
  last: Instant | undefined;
  since: Instant;
}

/**
 * Full credit within the cadence, whatever the channel; after it, credit falls to nothing over two more cadences
 * for contact in person (or a meeting, a video call), faster for a call or a mail: personal contact keeps a
 * client warm longer.
 */
export function contactCredit(cadences: number, channelWeight = 1): number {
  if (cadences <= 1) return 1;
  return Math.max(0, 1 - (cadences - 1) / (FADE_CADENCES * channelWeight));
}

/**
 * Contact is kept by you (DESIGN.md section 4): an interaction you started, a call or meeting with the client
 * (whoever called), or your answer to their message, dated at your answer. The client's unanswered message is a
 * bid, not contact kept, and a hostile interaction keeps nothing. The latest of each contact class known by
 * `cutoff`: interactions from the digest, answers from the bids.
 */
export function contactsKept(facts: ClientFacts, index: FactsIndex, sums: DigestSums, cutoff: Instant): ContactKept[] {
  const kept: ContactKept[] = [];
  sums.keptLatest.forEach((at, k) => {
    if (at !== null) kept.push({ at, weight: CONTACT_CLASSES[k]! });
  });
  for (const bid of facts.bids) {
    if (bid.at > cutoff) break; // in time order
    const verdict = bidVerdict(bid, facts.client, index, cutoff);
    if (verdict.kind !== 'in-time' && verdict.kind !== 'late') continue;
    const answer = bid.answerInteractionId === null ? undefined : index.interactions.get(bid.answerInteractionId);
    kept.push({ at: verdict.answeredAt, weight: CHANNEL_WEIGHT[answer?.channel ?? 'other'] });
  }
  return kept;
}

/**
 * How silent the relationship is at `point`: the contact kept that counts most. Without any since, silence runs
 * from the day crm started following the client (or the last contact before, when told), given the benefit of
 * the doubt. Calendar days, as a person counts them ("12 days ago"), whatever the hour or a clock change.
 */
export function silenceOf(client: Client, kept: readonly ContactKept[], point: Pick<Point, 'today'>): Silence {
  const origin = client.lastContact !== null ? localInstant(client.lastContact, 12) : trackingStart(client);
  const today = dayNumber(point.today);
  const daysSince = (at: Instant) => Math.max(0, today - localDayNumber(at));
  const originDays = daysSince(origin);
  let cadences = originDays / client.cadenceDays;
  let credit = contactCredit(cadences);
  let last: Instant | undefined;
  for (const contact of kept) {
    if (contact.at < origin) continue; // before crm followed the client (or before --last-contact): unknown
    const since = daysSince(contact.at) / client.cadenceDays;
    const worth = contactCredit(since, contact.weight);
    if (worth > credit) [credit, cadences] = [worth, since];
    if (last === undefined || contact.at > last) last = contact.at;
  }
  return { cadences, credit, days: last !== undefined ? daysSince(last) : originDays, last, since: last ?? origin };
}

/** Where contact stands at `point`, with what the words about it need. */
export interface ContactStanding {
  silence: Silence;
  /** the channel of the latest contact kept, when it is an interaction at hand */
  channel: Channel | undefined;
  /** whether anything at all was logged since the silence began (the client's messages, hostile calls) */
  anyLogged: boolean;
  kept: ContactKept[];
  sums: DigestSums;
}

export function contactStanding(facts: ClientFacts, index: FactsIndex, digest: InteractionDigest, point: Point): ContactStanding {
  const sums = digest.sums[digest.cutoffs.indexOf(point.cutoff)]!;
  const kept = contactsKept(facts, index, sums, point.cutoff);
  const silence = silenceOf(facts.client, kept, point);
  const channel = silence.last === undefined ? undefined : channelAt(facts, index, silence.last, point.cutoff);
  const anyLogged = facts.interactions.some((i) => i.at <= point.cutoff && i.at >= silence.since);
  return { silence, channel, anyLogged, kept, sums };
}

/**
 * The credit of the contact that counts most, with as much evidence as the cadences crm has watched the client
 * (up to 6): a client met last week is no news on day one, and weighs fully after a few cadences.
 */
export function scoreContact({ facts, index, digest, point, explain }: ScoreInput): ComponentOutcome {
  const { client } = facts;
  const cadence = client.cadenceDays;
  if (!(cadence > 0)) return { good: 0, bad: 0, signals: 0, summary: explain ? 'no contact cadence set' : '', evidence: [], actions: [] };
  const watchedFrom = client.lastContact !== null ? Math.min(trackingStart(client), localInstant(client.lastContact, 12)) : trackingStart(client);
  const observed = Math.min(MAX_CADENCES_OBSERVED, Math.max(0, (point.at - watchedFrom) / (cadence * DAY_MS)));
  const { silence, channel, anyLogged, kept, sums } = contactStanding(facts, index, digest, point);
  const credit = silence.credit;
  const good = observed * credit;
  const bad = observed * (1 - credit);
  const signals = sums.kept + (kept.length - sums.keptLatest.filter((at) => at !== null).length);
  if (!explain) return { good, bad, signals, summary: '', evidence: [], actions: [] };
  if (observed === 0) return { good, bad, signals, summary: 'no time to judge yet: crm started following this client today', evidence: [], actions: [] };

  const every = `every ${days(cadence)}`;
  const how = channel ? `(${channel})` : '(an answer)';
  const since = silence.since;
  const lastText = silence.last !== undefined
    ? `last contact ${ago(silence.days)} ${how}`
    : client.lastContact !== null
      ? `last contact ${ago(silence.days)} (before crm)`
      : anyLogged
        ? `no contact kept by you since crm started following ${client.name} ${ago(silence.days)} (their unanswered messages and hostile calls do not count)`
        : `no contact logged since crm started following ${client.name} ${ago(silence.days)}`;
  const summary = `${lastText}; the cadence is ${every}`;
  const effect = credit === 1 ? 'positive' : 'negative';
  const evidence: Evidence[] = [
    silence.last !== undefined
      ? evidenceAt(silence.last, `last contact kept: ${channel ?? 'an answer'}`, 1, effect)
      : evidenceAt(since, client.lastContact !== null ? 'last contact before crm' : 'crm started following the client', 1, effect),
  ];
  const actions = credit < 1
    ? [{ text: `Get in touch with ${client.name} (a call or a meeting counts most): ${lastText}, cadence ${every}`, change: { good: bad, bad } }]
    : [];
  const headline = credit < 1 ? `no contact in ${days(silence.days)}` : '';
  return { good, bad, signals, summary, headline, evidence, actions };
}

/** The channel of the interaction kept at `at`, if it is at hand (an answer given with `crm bid answer` has none). */
function channelAt(facts: ClientFacts, index: FactsIndex, at: Instant, cutoff: Instant): Channel | undefined {
  for (const interaction of facts.interactions) {
    if (interaction.at === at && interaction.at <= cutoff && termsOf(interaction, index.repairedIds.has(interaction.id)).kept >= 0) {
      return interaction.channel;
    }
  }
  return undefined;
}

function ago(n: number): string {
  return n === 0 ? 'today' : n === 1 ? 'yesterday' : `${days(n)} ago`;
}
