// The log as it stood at an earlier instant: what had been logged by then, with answers, payments and
// promises kept afterwards not yet there. Scoring it at a later "now" tells what time alone did to the score.
import { localDateOf } from '../dates.js';
import type { ClientFacts, Instant } from '../types.js';

export function factsAsOf(facts: ClientFacts, at: Instant): ClientFacts {
  const day = localDateOf(at);
  return {
    ...facts,
    interactions: facts.interactions.filter((i) => i.at <= at),
    bids: facts.bids
      .filter((b) => b.at <= at)
      .map((b) => (b.response !== null && (b.answeredAt ?? b.at) > at ? { ...b, response: null, answeredAt: null, answerInteractionId: null } : b)),
    topics: facts.topics.map((t) => ({ ...t, events: t.events.filter((e) => e.at <= at) })),
    appreciations: facts.appreciations.filter((a) => a.at <= at),
    needs: facts.needs.filter((n) => n.learnedAt <= at),
    invoices: facts.invoices
      .filter((i) => i.issued <= day)
      .map((i) => ({ ...i, payments: i.payments.filter((p) => p.paidOn <= day) })),
    followUps: facts.followUps
      .filter((f) => f.createdAt <= at)
      .map((f) => (f.doneAt !== null && f.doneAt > at ? { ...f, doneAt: null } : f)),
    voices: facts.voices
      .filter((v) => v.raisedAt <= at)
      .map((v) => (v.outcomeAt !== null && v.outcomeAt > at ? { ...v, outcome: 'open' as const, outcomeAt: null } : v)),
  };
}
