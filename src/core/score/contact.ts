// Contact: do you keep in touch at the client's cadence? (DESIGN.md section 4, "contact and channel")
import { DAY_MS, daysBetween, localDateOf, localInstant } from '../dates.js';
import { contactsKept, trackingStart, type ContactKept } from '../relationship.js';
import type { Client, Instant, Moment } from '../types.js';
import { days, evidenceAt } from './explain.js';
import type { ComponentOutcome, Evidence, ScoreInput } from './types.js';

/** Silence is judged over at most this many cadences of what the book has seen. */
const MAX_CADENCES_OBSERVED = 6;
/** After the cadence, credit falls to nothing over this many more cadences (for contact in person). */
const FADE_CADENCES = 2;

export interface Silence {
  /** Cadences since the contact that counts most now. */
  cadences: number;
  /** What that contact is worth now, 0..1: personal contact keeps its worth longer than a newer mail. */
  credit: number;
  /** Calendar days since the latest contact kept (or since the book started following the client). */
  days: number;
  /** The latest contact kept, or undefined when none since the start of tracking or --last-contact. */
  last: ContactKept | undefined;
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
 * The contact kept by you that counts most now. Without any since, silence runs from the day crm started
 * following the client (or the last contact before, when told), given the benefit of the doubt.
 */
export function silenceOf(client: Client, kept: readonly ContactKept[], moment: Moment): Silence {
  const origin = client.lastContact !== null ? localInstant(client.lastContact, 12) : trackingStart(client);
  // Calendar days, as a person counts them ("12 days ago"), whatever the hour or a clock change.
  const daysSince = (at: Instant) => Math.max(0, daysBetween(localDateOf(at), moment.today));
  const originDays = daysSince(origin);
  let cadences = originDays / client.cadenceDays;
  let credit = contactCredit(cadences);
  let last: ContactKept | undefined;
  for (const contact of kept) {
    if (contact.at < origin) continue; // before crm followed the client (or before --last-contact): unknown
    const since = daysSince(contact.at) / client.cadenceDays;
    const worth = contactCredit(since, contact.weight);
    if (worth > credit) [credit, cadences] = [worth, since];
    if (!last || contact.at > last.at) last = contact;
  }
  return { cadences, credit, days: last ? daysSince(last.at) : originDays, last, since: last?.at ?? origin };
}

/**
 * The credit of the contact that counts most, with as much evidence as the cadences crm has watched the client
 * (up to 6): a client met last week is no news on day one, and weighs fully after a few cadences.
 */
export function scoreContact({ facts, index, moment, explain }: ScoreInput): ComponentOutcome {
  const { client } = facts;
  const cadence = client.cadenceDays;
  if (!(cadence > 0)) return { good: 0, bad: 0, signals: 0, summary: explain ? 'no contact cadence set' : '', evidence: [], actions: [] };
  const watchedFrom = client.lastContact !== null ? Math.min(trackingStart(client), localInstant(client.lastContact, 12)) : trackingStart(client);
  const observed = Math.min(MAX_CADENCES_OBSERVED, Math.max(0, (moment.at - watchedFrom) / (cadence * DAY_MS)));
  const kept = contactsKept(facts, index, moment.at);
  const silence = silenceOf(client, kept, moment);
  const credit = silence.credit;
  const good = observed * credit;
  const bad = observed * (1 - credit);
  const signals = kept.length;
  if (!explain) return { good, bad, signals, summary: '', evidence: [], actions: [] };
  if (observed === 0) return { good, bad, signals, summary: 'no time to judge yet: crm started following this client today', evidence: [], actions: [] };

  const every = `every ${days(cadence)}`;
  const lastText = silence.last
    ? `last contact ${ago(silence.days)} (${silence.last.kind === 'answer' ? 'an answer' : silence.last.channel})`
    : client.lastContact !== null
      ? `last contact ${ago(silence.days)} (before crm)`
      : facts.interactions.some((i) => i.at <= moment.at && i.at >= silence.since)
        ? `no contact kept by you since crm started following ${client.name} ${ago(silence.days)} (their unanswered messages and hostile calls do not count)`
        : `no contact logged since crm started following ${client.name} ${ago(silence.days)}`;
  const summary = `${lastText}; the cadence is ${every}`;
  const effect = credit === 1 ? 'positive' : 'negative';
  const evidence: Evidence[] = [
    silence.last
      ? evidenceAt(silence.last.at, `last contact kept: ${silence.last.kind === 'answer' ? 'an answer' : silence.last.channel}`, 1, effect)
      : evidenceAt(silence.since, client.lastContact !== null ? 'last contact before crm' : 'crm started following the client', 1, effect),
  ];
  const actions = credit < 1
    ? [{ text: `Get in touch with ${client.name} (a call or a meeting counts most): ${lastText}, cadence ${every}`, change: { good: bad, bad } }]
    : [];
  const headline = credit < 1 ? `no contact in ${days(silence.days)}` : '';
  return { good, bad, signals, summary, headline, evidence, actions };
}

function ago(n: number): string {
  return n === 0 ? 'today' : n === 1 ? 'yesterday' : `${days(n)} ago`;
}

