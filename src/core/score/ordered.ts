// Every component reads the log in one canonical order, so the same facts give the same score and the
// same explanation whatever order the store returned them in (floating-point sums depend on order).
// The scoring entry points order a client's facts once and hand the ordered copy to every component.
import type { ClientFacts, ConflictTopic, Invoice } from '../types.js';

const ordered = new WeakSet<ClientFacts>();

interface Timed {
  at: number;
  id: number;
}

function byTime(a: Timed, b: Timed): number {
  return a.at - b.at || a.id - b.id;
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byTopic(a: ConflictTopic, b: ConflictTopic): number {
  return compareText(a.topic, b.topic) || a.id - b.id;
}

function byDue(a: Invoice, b: Invoice): number {
  return compareText(a.due, b.due) || compareText(a.number, b.number) || a.id - b.id;
}

/**
 * The facts with every array the score reads sorted (oldest first); the input is never changed. Components
 * stop at the first event after "now", so treat the result as read-only. Calling it on its own result is free.
 */
export function inOrder(facts: ClientFacts): ClientFacts {
  if (ordered.has(facts)) return facts;
  const result: ClientFacts = {
    ...facts,
    interactions: [...facts.interactions].sort(byTime),
    bids: [...facts.bids].sort(byTime),
    appreciations: [...facts.appreciations].sort(byTime),
    topics: facts.topics.map((topic) => ({ ...topic, events: [...topic.events].sort(byTime) })).sort(byTopic),
    invoices: facts.invoices
      .map((invoice) => ({
        ...invoice,
        payments: [...invoice.payments].sort(
          (a, b) => compareText(a.paidOn, b.paidOn) || a.id - b.id || a.amountMinor - b.amountMinor,
        ),
      }))
      .sort(byDue),
  };
  ordered.add(result);
  return result;
}
