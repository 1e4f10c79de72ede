// Every rule reads a client's log in one canonical order, so the same facts give the same score and the same
// explanation whatever order they were logged or stored in (floating-point sums depend on order, and "the last
// three interactions" must not depend on which row got the larger id). Rows at the same instant are ordered by
// what they say, never by id: ids reflect the order of insertion.
import type { Appreciation, Bid, ClientFacts, ConflictEvent, ConflictTopic, FollowUp, Interaction, Invoice, Voice } from './types.js';

const ordered = new WeakSet<ClientFacts>();

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareNullable(a: number | null, b: number | null): number {
  return (a ?? -Infinity) - (b ?? -Infinity) || 0;
}

function byInteraction(a: Interaction, b: Interaction): number {
  return (
    a.at - b.at ||
    compareText(a.channel, b.channel) ||
    Number(a.fromClient) - Number(b.fromClient) ||
    a.tone - b.tone ||
    compareText(a.horsemen.join(), b.horsemen.join()) ||
    Number(a.repair) - Number(b.repair) ||
    Number(a.feedback) - Number(b.feedback) ||
    compareText(a.summary ?? '', b.summary ?? '') ||
    a.id - b.id
  );
}

function byBid(a: Bid, b: Bid): number {
  return (
    a.at - b.at ||
    compareText(a.kind, b.kind) ||
    compareText(a.text, b.text) ||
    compareText(a.response ?? '', b.response ?? '') ||
    compareNullable(a.answeredAt, b.answeredAt) ||
    a.id - b.id
  );
}

function byAppreciation(a: Appreciation, b: Appreciation): number {
  return a.at - b.at || compareText(a.direction, b.direction) || compareText(a.kind, b.kind) || compareText(a.note ?? '', b.note ?? '') || a.id - b.id;
}

function byEvent(a: ConflictEvent, b: ConflictEvent): number {
  // At the same instant a repair comes after what it repairs.
  return a.at - b.at || Number(a.repaired) - Number(b.repaired) || a.id - b.id;
}

function byTopic(a: ConflictTopic, b: ConflictTopic): number {
  return compareText(a.topic, b.topic) || a.id - b.id;
}

function byDue(a: Invoice, b: Invoice): number {
  return compareText(a.due, b.due) || compareText(a.number, b.number) || a.id - b.id;
}

function byPayment(a: Invoice['payments'][number], b: Invoice['payments'][number]): number {
  return compareText(a.paidOn, b.paidOn) || a.amountMinor - b.amountMinor || a.id - b.id;
}

function byFollowUp(a: FollowUp, b: FollowUp): number {
  return compareText(a.due, b.due) || a.createdAt - b.createdAt || compareText(a.text, b.text) || a.id - b.id;
}

function byVoice(a: Voice, b: Voice): number {
  return a.raisedAt - b.raisedAt || compareText(a.text, b.text) || compareText(a.outcome, b.outcome) || a.id - b.id;
}

/** The array sorted by `compare`: itself when it already is (the store hands rows over in order), else a copy. */
function sorted<T>(items: readonly T[], compare: (a: T, b: T) => number): T[] {
  for (let i = 1; i < items.length; i++) if (compare(items[i - 1]!, items[i]!) > 0) return [...items].sort(compare);
  return items as T[];
}

/**
 * The facts with every array sorted (oldest first); the input is never changed. Rules stop at the first event
 * after "now", so treat the result as read-only. Calling it on its own result is free.
 */
export function inOrder(facts: ClientFacts): ClientFacts {
  if (ordered.has(facts)) return facts;
  const result: ClientFacts = {
    ...facts,
    interactions: sorted(facts.interactions, byInteraction),
    bids: sorted(facts.bids, byBid),
    appreciations: sorted(facts.appreciations, byAppreciation),
    topics: sorted(
      facts.topics.map((topic) => ({ ...topic, events: sorted(topic.events, byEvent) })),
      byTopic,
    ),
    invoices: sorted(
      facts.invoices.map((invoice) => ({ ...invoice, payments: sorted(invoice.payments, byPayment) })),
      byDue,
    ),
    followUps: sorted(facts.followUps, byFollowUp),
    voices: sorted(facts.voices ?? [], byVoice),
  };
  ordered.add(result);
  return result;
}
