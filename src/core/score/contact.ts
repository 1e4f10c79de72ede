// Contact: do you keep in touch at the client's cadence? (DESIGN.md section 4, "contact and channel")
import { DAY_MS, localInstant } from '../dates.js';
import { contactsKept, trackingStart, type ContactKept } from '../relationship.js';
import type { Client, Instant } from '../types.js';
import { days, evidenceAt } from './explain.js';
import type { ComponentOutcome, Evidence, ScoreInput } from './types.js';

/** Silence is judged over at most this many cadences of what the book has seen. */
const MAX_CADENCES_OBSERVED = 6;
/** Full credit up to one cadence of silence, falling to nothing at this many. */
const SILENT_CADENCES = 3;

export interface Silence {
  /** Cadences since the contact that counts, a shallower channel counting as older (0 = today, in person). */
  cadences: number;
  /** Full calendar days since that contact (or since the book started following the client). */
  days: number;
  /** The contact kept that counts, or undefined when it is the start of tracking or --last-contact. */
  last: ContactKept | undefined;
  since: Instant;
}

/**
 * How long the relationship has gone without contact kept by you, in cadences. A contact counts as if it were
 * (1 - channel weight) cadences older: a mail keeps a client warm less long than a meeting. Without any, the
 * silence runs from the day crm started following the client (or the last contact before, when told).
 */
export function silenceOf(client: Client, kept: readonly ContactKept[], now: Instant): Silence {
  const cadenceMs = client.cadenceDays * DAY_MS;
  const origin = client.lastContact !== null ? localInstant(client.lastContact, 12) : trackingStart(client);
  let best: Silence = { cadences: Math.max(0, (now - origin) / cadenceMs), days: 0, last: undefined, since: origin };
  for (const contact of kept) {
    const cadences = Math.max(0, (now - contact.at) / cadenceMs) + (1 - contact.weight);
    if (contact.at >= origin && cadences < best.cadences) best = { cadences, days: 0, last: contact, since: contact.at };
  }
  best.days = Math.max(0, Math.floor((now - best.since) / DAY_MS));
  return best;
}

/** 1 within the cadence, falling linearly to 0 at three cadences of silence. */
export function contactCredit(cadences: number): number {
  if (cadences <= 1) return 1;
  return Math.max(0, (SILENT_CADENCES - cadences) / (SILENT_CADENCES - 1));
}

/**
 * The credit above, with as much evidence as the cadences crm has watched the client (up to 6): a client met
 * last week is no news on day one, and weighs fully after a few cadences.
 */
export function scoreContact({ facts, index, moment, explain }: ScoreInput): ComponentOutcome {
  const { client } = facts;
  const cadence = client.cadenceDays;
  if (!(cadence > 0)) return { good: 0, bad: 0, signals: 0, summary: explain ? 'no contact cadence set' : '', evidence: [], actions: [] };
  const watchedFrom = client.lastContact !== null ? Math.min(trackingStart(client), localInstant(client.lastContact, 12)) : trackingStart(client);
  const observed = Math.min(MAX_CADENCES_OBSERVED, Math.max(0, (moment.at - watchedFrom) / (cadence * DAY_MS)));
  const kept = contactsKept(facts, index, moment.at);
  const silence = silenceOf(client, kept, moment.at);
  const credit = contactCredit(silence.cadences);
  const good = observed * credit;
  const bad = observed * (1 - credit);
  const signals = kept.length > 0 || observed > 0 ? 1 : 0;
  if (!explain) return { good, bad, signals, summary: '', evidence: [], actions: [] };
  if (observed === 0) return { good, bad, signals, summary: 'no time to judge yet: crm started following this client today', evidence: [], actions: [] };

  const every = `every ${days(cadence)}`;
  const lastText = silence.last
    ? `last contact ${ago(silence.days)} (${silence.last.kind === 'answer' ? 'an answer' : silence.last.channel})`
    : client.lastContact !== null
      ? `last contact ${ago(silence.days)} (before crm)`
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

