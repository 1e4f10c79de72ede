// The JSON contract (DESIGN.md section 7): camelCase, dates YYYY-MM-DD, instants ISO UTC with Z,
// money as integer minor units plus currency. Shapes only grow; never rename or remove a key.
import { HOUR_MS, isoInstant, localDateOf } from '../core/dates.js';
import { invoiceState } from '../core/invoices.js';
import type { TopicStanding, TopicState, VoiceStanding } from '../core/relationship.js';
import { needsOfRaisings } from '../core/standing.js';
import { MATCH_END, MATCH_START, type SearchHit } from '../core/search.js';
import { carriedKinds, type TimelineEntry } from '../core/timeline.js';
import type {
  Appreciation, Bid, Client, ClientRef, ConflictTopic, FollowUp, Instant, Interaction, Invoice, LocalDate, Moment, Need, Voice,
} from '../core/types.js';

export const ref = (client: ClientRef) => ({ id: client.id, name: client.name });

export function clientJson(client: Client) {
  return {
    id: client.id,
    name: client.name,
    email: client.email,
    company: client.company,
    tags: client.tags,
    status: client.status,
    since: client.since,
    endedOn: client.endedOn,
    endReason: client.endReason,
    cadenceDays: client.cadenceDays,
    replyWithinHours: client.replyWithinHours,
    note: client.note,
    createdAt: isoInstant(client.createdAt),
    trackedFrom: isoInstant(client.trackedFrom),
    lastContact: client.lastContact,
  };
}

export function interactionJson(interaction: Interaction, client: ClientRef) {
  return {
    id: interaction.id,
    client: ref(client),
    at: isoInstant(interaction.at),
    channel: interaction.channel,
    fromClient: interaction.fromClient,
    tone: interaction.tone,
    summary: interaction.summary,
    horsemen: interaction.horsemen,
    repair: interaction.repair,
    feedback: interaction.feedback,
  };
}

export type BidStatus = 'open' | 'overdue' | 'answered' | 'late' | 'against';

/** open: waiting, inside the reply window; overdue: waiting past it; answered/late: turned toward, in time or not. */
export function bidStatus(bid: Bid, replyWithinHours: number, now: Moment): BidStatus {
  const deadline = bid.at + replyWithinHours * HOUR_MS;
  if (bid.response === 'against') return 'against';
  if (bid.response === 'toward') return bid.answeredAt! <= deadline ? 'answered' : 'late';
  return now.at > deadline ? 'overdue' : 'open';
}

export function bidJson(bid: Bid, client: ClientRef & { replyWithinHours: number }, now: Moment) {
  return {
    id: bid.id,
    client: ref(client),
    at: isoInstant(bid.at),
    kind: bid.kind,
    text: bid.text,
    status: bidStatus(bid, client.replyWithinHours, now),
    replyBy: isoInstant(bid.at + client.replyWithinHours * HOUR_MS),
    response: bid.response,
    answeredAt: bid.answeredAt === null ? null : isoInstant(bid.answeredAt),
    interactionId: bid.interactionId,
    answerInteractionId: bid.answerInteractionId,
  };
}

/**
 * `standing` is where the topic stands now (core/standing.ts), the same state `crm health` judges: talked through
 * (managed), open, gridlocked or resolved; null when nothing is known yet.
 */
export function topicJson(topic: ConflictTopic, client: ClientRef, standing: TopicStanding | null) {
  const events = [...topic.events].sort((a, b) => a.at - b.at);
  const state: TopicState = standing?.state ?? (topic.status === 'resolved' ? 'resolved' : 'open');
  return {
    id: topic.id,
    client: ref(client),
    topic: topic.topic,
    status: topic.status,
    timesRaised: events.length,
    recurring: events.length >= 2,
    repaired: events.some((e) => e.repaired),
    firstRaised: events.length ? isoInstant(events[0]!.at) : null,
    lastRaised: events.length ? isoInstant(events[events.length - 1]!.at) : null,
    state,
    /** times raised in a row, at the end, without a repair or a calm talk */
    raisedInARow: standing?.unsettledRun ?? 0,
  };
}

export function invoiceJson(invoice: Invoice, client: ClientRef, today: LocalDate) {
  const state = invoiceState(invoice, today);
  return {
    number: invoice.number,
    client: ref(client),
    amountMinor: invoice.amountMinor,
    paidMinor: state.paidMinor,
    balanceMinor: state.balanceMinor,
    currency: invoice.currency,
    issued: invoice.issued,
    due: invoice.due,
    status: state.status,
    daysOverdue: state.daysOverdue,
    note: invoice.note,
    payments: invoice.payments.map((p) => ({ id: p.id, amountMinor: p.amountMinor, paidOn: p.paidOn })),
  };
}

export function followUpJson(followUp: FollowUp, client: ClientRef, today: LocalDate) {
  return {
    id: followUp.id,
    client: ref(client),
    due: followUp.due,
    text: followUp.text,
    done: followUp.doneAt !== null,
    doneAt: followUp.doneAt === null ? null : isoInstant(followUp.doneAt),
    overdue: followUp.doneAt === null && followUp.due < today,
  };
}

export function needJson(need: Need) {
  return { id: need.id, kind: need.kind, text: need.text, learnedAt: isoInstant(need.learnedAt) };
}

export function appreciationJson(appreciation: Appreciation) {
  return {
    id: appreciation.id,
    at: isoInstant(appreciation.at),
    direction: appreciation.direction,
    kind: appreciation.kind,
    note: appreciation.note,
  };
}

/**
 * One raising of a need of the user's own; `need` is the need it belongs to (all raisings of the same words with
 * this client, core/standing.ts): `needIgnored` when its last two raisings went unheard, as `crm health` counts it.
 */
export function voiceJson(voice: Voice, client: ClientRef, need: VoiceStanding | undefined) {
  return {
    id: voice.id,
    client: ref(client),
    text: voice.text,
    raisedAt: isoInstant(voice.raisedAt),
    interactionId: voice.interactionId,
    outcome: voice.outcome,
    outcomeAt: voice.outcomeAt === null ? null : isoInstant(voice.outcomeAt),
    timesRaised: need?.raisings.length ?? 1,
    needIgnored: need?.ignored ?? false,
  };
}

/** Raisings as JSON, each judged with every raising of its need in `voices` (pass all of a client's). */
export function voicesJson(voices: readonly Voice[], clientOf: (clientId: number) => ClientRef, now: Instant) {
  const needs = needsOfRaisings(voices, now);
  return voices.map((voice) => voiceJson(voice, clientOf(voice.clientId), needs.get(voice.id)));
}

/**
 * A match of `crm search`: the row it is in (kind, id, the field matched), its client, when (`at`, an instant, for
 * rows that keep one; `date`, the local day: of `at`, or the day the row keeps), the whole text, a snippet around the
 * best match, and the words matched as they are written in the text.
 */
export function searchHitJson(hit: SearchHit) {
  const matches = [...hit.snippet.matchAll(new RegExp(`${MATCH_START}([^${MATCH_END}]*)${MATCH_END}`, 'g'))].map((m) => m[1]!);
  return {
    kind: hit.kind,
    id: hit.id,
    field: hit.field.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()),
    number: hit.number,
    client: ref(hit.client),
    at: hit.at === null ? null : isoInstant(hit.at),
    date: hit.at === null ? hit.date : localDateOf(hit.at),
    text: hit.text,
    snippet: hit.snippet.replaceAll(MATCH_START, '').replaceAll(MATCH_END, ''),
    matches: [...new Set(matches)],
  };
}

/**
 * An interaction of `crm log list`: the interaction as everywhere, what it carried in words (`carried`, the kinds
 * `--kind` finds), and those rows in short, with the ids the commands take.
 */
export function timelineJson(entry: TimelineEntry) {
  return {
    ...interactionJson(entry.interaction, entry.client),
    carried: carriedKinds(entry),
    bids: entry.bids.map((b) => ({ id: b.id, kind: b.kind, text: b.text, response: b.response })),
    answeredBids: entry.answered.map((b) => ({ id: b.id, kind: b.kind, text: b.text })),
    conflicts: entry.conflicts.map(({ event, topic }) => ({ topicId: event.topicId, topic, repaired: event.repaired })),
    appreciations: entry.appreciations.map((a) => ({ id: a.id, direction: a.direction, kind: a.kind })),
    followUps: entry.followUps.map((f) => ({ id: f.id, due: f.due, text: f.text, done: f.doneAt !== null })),
    voices: entry.voices.map((v) => ({ id: v.id, text: v.text, outcome: v.outcome })),
  };
}
