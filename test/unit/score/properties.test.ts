// The five invariants of DESIGN.md section 4, over generated client logs at a fixed now.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, addDays } from '../../../src/core/dates.js';
import {
  healthReport,
  scoreAppreciation,
  scoreBids,
  scoreClient,
  scoreConflict,
  scoreContact,
  scorePayments,
  scorePositivity,
  scoreValue,
  type HealthReport,
} from '../../../src/core/score/index.js';
import { COMPONENT_KEYS, type ComponentKey, type Settings } from '../../../src/core/settings.js';
import {
  CHANNELS,
  HORSEMEN,
  type Appreciation,
  type Bid,
  type ClientFacts,
  type Interaction,
  type Invoice,
} from '../../../src/core/types.js';
import { MOMENT, NOW, TODAY, client, settings } from './builders.js';

// SCORE_RUNS=5000 searches harder.
const RUNS = { numRuns: Number(process.env.SCORE_RUNS ?? 300) };

/** An instant up to `maxDays` before now, or a little after it (events after now must be ignored). */
const instant = (maxDays = 800) => fc.integer({ min: -5 * 24, max: maxDays * 24 }).map((h) => NOW - h * HOUR_MS);

const interactionArb = fc.record({
  at: instant(),
  channel: fc.constantFrom(...CHANNELS),
  fromClient: fc.boolean(),
  tone: fc.integer({ min: -2, max: 2 }),
  horsemen: fc.subarray([...HORSEMEN]),
  repair: fc.boolean(),
  feedback: fc.boolean(),
});

const bidArb = fc.record({
  at: instant(),
  kind: fc.constantFrom('request' as const, 'question' as const, 'complaint' as const),
  response: fc.constantFrom(null, 'toward' as const, 'against' as const),
  delayHours: fc.integer({ min: 0, max: 60 * 24 }),
});

const topicArb = fc.record({
  status: fc.constantFrom('open' as const, 'managed' as const, 'resolved' as const),
  events: fc.array(fc.record({ at: instant(), repaired: fc.boolean() }), { maxLength: 4 }),
});

const appreciationArb = fc.record({
  at: instant(),
  direction: fc.constantFrom('to-client' as const, 'from-client' as const),
  kind: fc.constantFrom('thanks' as const, 'referral' as const, 'gift' as const),
});

const invoiceArb = fc.record({
  issuedDaysAgo: fc.integer({ min: -10, max: 800 }),
  termsDays: fc.integer({ min: 0, max: 60 }),
  amountMinor: fc.integer({ min: 1, max: 1_000_000 }),
  currency: fc.constantFrom('EUR', 'EUR', 'USD', 'JPY'),
  voided: fc.constantFrom(false, false, false, false, true),
  payments: fc.array(
    fc.record({ afterIssueDays: fc.integer({ min: -5, max: 400 }), share: fc.double({ min: 0.05, max: 1, noNaN: true }) }),
    { maxLength: 3 },
  ),
});

const factsArb: fc.Arbitrary<ClientFacts> = fc
  .record({
    sinceDaysAgo: fc.integer({ min: 0, max: 900 }),
    cadenceDays: fc.integer({ min: 1, max: 120 }),
    replyWithinHours: fc.integer({ min: 1, max: 240 }),
    interactions: fc.array(interactionArb, { maxLength: 12 }),
    bids: fc.array(bidArb, { maxLength: 10 }),
    topics: fc.array(topicArb, { maxLength: 4 }),
    appreciations: fc.array(appreciationArb, { maxLength: 8 }),
    invoices: fc.array(invoiceArb, { maxLength: 6 }),
  })
  .map((g) => {
    let id = 1;
    const interactions: Interaction[] = g.interactions.map((x) => ({ ...x, id: id++, clientId: 1, summary: null }));
    const bids: Bid[] = g.bids.map((b) => ({
      id: id++,
      clientId: 1,
      interactionId: null,
      at: b.at,
      text: `bid ${id}`,
      kind: b.kind,
      response: b.response,
      answeredAt: b.response === null ? null : b.at + b.delayHours * HOUR_MS,
      answerInteractionId: null,
    }));
    const topics = g.topics.map((t, i) => {
      const topicId = id++;
      const events = t.events.map((e) => ({ ...e, id: id++, topicId, interactionId: null }));
      return { id: topicId, clientId: 1, topic: `topic ${i}`, status: t.status, events };
    });
    const appreciations: Appreciation[] = g.appreciations.map((a) => ({
      ...a,
      id: id++,
      clientId: 1,
      interactionId: null,
      note: null,
    }));
    const invoices: Invoice[] = g.invoices.map((inv) => {
      const invoiceId = id++;
      const issued = addDays(TODAY, -inv.issuedDaysAgo);
      return {
        id: invoiceId,
        clientId: 1,
        number: `INV-${invoiceId}`,
        amountMinor: inv.amountMinor,
        currency: inv.currency,
        issued,
        due: addDays(issued, inv.termsDays),
        voided: inv.voided,
        note: null,
        payments: inv.payments.map((p) => ({
          id: id++,
          invoiceId,
          amountMinor: Math.max(1, Math.round(inv.amountMinor * p.share)),
          paidOn: addDays(issued, p.afterIssueDays),
        })),
      };
    });
    return {
      client: client({
        since: addDays(TODAY, -g.sinceDaysAgo),
        cadenceDays: g.cadenceDays,
        replyWithinHours: g.replyWithinHours,
        tags: ['a', 'b', 'c'],
      }),
      interactions,
      bids,
      topics,
      appreciations,
      needs: [],
      invoices,
      followUps: [],
    };
  });

const weightsArb = fc.record(
  Object.fromEntries(COMPONENT_KEYS.map((k) => [k, fc.integer({ min: 0, max: 50 })])) as Record<
    ComponentKey,
    fc.Arbitrary<number>
  >,
);

function withWeights(weights: Record<ComponentKey, number>, scale = 1): Settings {
  const over: Partial<Settings> = {};
  for (const key of COMPONENT_KEYS) over[`health.weight.${key}`] = weights[key] * scale;
  return settings(over);
}

const COMPONENTS = [scoreBids, scorePositivity, scoreConflict, scorePayments, scoreAppreciation, scoreContact];

describe('invariant 1: bounded', () => {
  it('every s is in [0,1] or N/A, the score in [0,100] or null', () => {
    fc.assert(
      fc.property(factsArb, weightsArb, (facts, weights) => {
        const s = settings();
        for (const component of COMPONENTS) {
          const outcome = component(facts, MOMENT, s);
          if (outcome.s !== null) {
            expect(outcome.s).toBeGreaterThanOrEqual(0);
            expect(outcome.s).toBeLessThanOrEqual(1);
          }
          for (const row of outcome.evidence) expect(row.decay).toBeGreaterThanOrEqual(0);
        }
        const card = scoreClient(facts, MOMENT, withWeights(weights));
        if (card.score !== null) {
          expect(Number.isInteger(card.score)).toBe(true);
          expect(card.score).toBeGreaterThanOrEqual(0);
          expect(card.score).toBeLessThanOrEqual(100);
        } else {
          expect(card.band).toBe('no-data');
        }
      }),
      RUNS,
    );
  });
});

// ---- invariant 2 ----

/** The open balance of an invoice today, with payments up to today. */
function balanceToday(invoice: Invoice): number {
  const paid = invoice.payments.filter((p) => p.paidOn <= TODAY).reduce((sum, p) => sum + p.amountMinor, 0);
  return Math.max(0, invoice.amountMinor - paid);
}

type Improvement = (facts: ClientFacts, pick: number, fraction: number) => ClientFacts | null;

const improvements: Record<string, Improvement> = {
  'answering an open bid toward': (facts, pick, fraction) => {
    const open = facts.bids.filter((b) => b.response === null && b.at <= NOW);
    const target = open[pick % Math.max(1, open.length)];
    if (!target) return null;
    const answeredAt = Math.round(target.at + fraction * (NOW - target.at));
    return {
      ...facts,
      bids: facts.bids.map((b) => (b === target ? { ...b, response: 'toward' as const, answeredAt } : b)),
    };
  },
  'paying all or part of an invoice': (facts, pick, fraction) => {
    const unpaid = facts.invoices.filter((i) => !i.voided && i.issued <= TODAY && balanceToday(i) > 0);
    const target = unpaid[pick % Math.max(1, unpaid.length)];
    if (!target) return null;
    const balance = balanceToday(target);
    const amountMinor = fraction < 0.4 ? balance : Math.max(1, Math.floor(balance * fraction));
    const paidOn = addDays(TODAY, -(pick % 800));
    const paid = { ...target, payments: [...target.payments, { id: 999_999, invoiceId: target.id, amountMinor, paidOn }] };
    return { ...facts, invoices: facts.invoices.map((i) => (i === target ? paid : i)) };
  },
  'logging a repair': (facts, pick) => {
    const events = facts.topics.flatMap((t) => t.events).filter((e) => !e.repaired);
    const target = events[pick % Math.max(1, events.length)];
    if (!target) return null;
    return {
      ...facts,
      topics: facts.topics.map((t) => ({
        ...t,
        events: t.events.map((e) => (e === target ? { ...e, repaired: true } : e)),
      })),
    };
  },
  'logging a positive interaction': (facts, pick, fraction) => ({
    ...facts,
    interactions: [
      ...facts.interactions,
      {
        id: 999_999,
        clientId: 1,
        at: NOW - Math.round(fraction * 400 * DAY_MS),
        channel: 'call',
        fromClient: pick % 2 === 0,
        tone: 1 + (pick % 2),
        summary: null,
        horsemen: [],
        repair: false,
        feedback: pick % 3 === 0,
      },
    ],
  }),
  'logging an appreciation': (facts, pick, fraction) => ({
    ...facts,
    appreciations: [
      ...facts.appreciations,
      {
        id: 999_999,
        clientId: 1,
        interactionId: null,
        at: NOW - Math.round(fraction * 400 * DAY_MS),
        direction: pick % 2 === 0 ? 'to-client' : 'from-client',
        kind: 'thanks',
        note: null,
      },
    ],
  }),
};

describe('invariant 2: monotone at a fixed now', () => {
  for (const [name, improve] of Object.entries(improvements)) {
    it(`${name} never lowers the score`, () => {
      fc.assert(
        fc.property(factsArb, weightsArb, fc.nat(), fc.double({ min: 0, max: 1, noNaN: true }), (facts, weights, pick, fraction) => {
          const improved = improve(facts, pick, fraction);
          if (!improved) return;
          const s = withWeights(weights);
          const before = scoreValue(facts, MOMENT, s);
          const after = scoreValue(improved, MOMENT, s);
          if (before === null) return;
          expect(after).not.toBeNull();
          expect(after!).toBeGreaterThanOrEqual(before - 1e-9);
          expect(scoreClient(improved, MOMENT, s).score!).toBeGreaterThanOrEqual(scoreClient(facts, MOMENT, s).score!);
        }),
        RUNS,
      );
    });
  }
});

// ---- invariant 3 ----

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function shuffleAll(facts: ClientFacts, seed: number): ClientFacts {
  return {
    client: { ...facts.client, tags: shuffled(facts.client.tags, seed) },
    interactions: shuffled(facts.interactions, seed + 1).map((x) => ({ ...x, horsemen: shuffled(x.horsemen, seed) })),
    bids: shuffled(facts.bids, seed + 2),
    topics: shuffled(facts.topics, seed + 3).map((t) => ({ ...t, events: shuffled(t.events, seed + 4) })),
    appreciations: shuffled(facts.appreciations, seed + 5),
    needs: shuffled(facts.needs, seed + 6),
    invoices: shuffled(facts.invoices, seed + 7).map((i) => ({ ...i, payments: shuffled(i.payments, seed + 8) })),
    followUps: shuffled(facts.followUps, seed + 9),
  };
}

describe('invariant 3: deterministic', () => {
  it('shuffling every array gives the identical report', () => {
    fc.assert(
      fc.property(factsArb, weightsArb, fc.nat(), (facts, weights, seed) => {
        const s = withWeights(weights);
        expect(healthReport(shuffleAll(facts, seed), MOMENT, s, 0.5)).toStrictEqual(healthReport(facts, MOMENT, s, 0.5));
      }),
      RUNS,
    );
  });
});

// ---- invariant 4 ----

const tenths = (points: number): number => Math.round(points * 10);

describe('invariant 4: decomposable', () => {
  it('the points earned add up to the score, and each share to 100', () => {
    fc.assert(
      fc.property(factsArb, weightsArb, (facts, weights) => {
        const s = withWeights(weights);
        const card = scoreClient(facts, MOMENT, s);
        const earned = card.components.reduce((sum, c) => sum + tenths(c.earned), 0);
        expect(earned).toBe(card.score === null ? 0 : card.score * 10);
        let shares = 0;
        for (const c of card.components) {
          expect(tenths(c.earned)).toBe(c.earned * 10);
          expect(tenths(c.missed)).toBe(Math.round(c.missed * 10));
          expect(c.earned).toBeGreaterThanOrEqual(0);
          expect(c.missed).toBeGreaterThanOrEqual(0);
          if (c.score === null || c.weight === 0) expect([c.earned, c.missed]).toEqual([0, 0]);
          shares += tenths(c.earned) + tenths(c.missed);
        }
        expect(shares).toBe(card.score === null ? 0 : 1000);
        if (card.score !== null) {
          const total = COMPONENT_KEYS.reduce((sum, k) => {
            const c = card.components.find((x) => x.key === k)!;
            return c.score === null ? sum : sum + s[`health.weight.${k}`];
          }, 0);
          for (const c of card.components) {
            if (c.score === null || c.weight === 0) continue;
            const exact = (1000 * c.weight) / total;
            expect(Math.abs(tenths(c.earned) + tenths(c.missed) - exact)).toBeLessThan(1);
          }
        }
      }),
      RUNS,
    );
  });
});

// ---- invariant 5 ----

/** The report without the configured weights, which are expected to differ. */
function withoutWeights(report: Pick<HealthReport, 'components'>): unknown {
  return { ...report, components: report.components.map((c) => ({ ...c, weight: 0 })) };
}

describe('invariant 5: weights', () => {
  it('scaling every weight by the same factor changes nothing', () => {
    fc.assert(
      fc.property(factsArb, weightsArb, fc.double({ min: 0.01, max: 100, noNaN: true }), (facts, weights, factor) => {
        const base = healthReport(facts, MOMENT, withWeights(weights), null);
        const scaled = healthReport(facts, MOMENT, withWeights(weights, factor), null);
        expect(withoutWeights(scaled)).toStrictEqual(withoutWeights(base));
      }),
      RUNS,
    );
  });

  it('the weight of an N/A component changes nothing', () => {
    fc.assert(
      fc.property(factsArb, weightsArb, fc.integer({ min: 0, max: 1000 }), (facts, weights, weight) => {
        const base = healthReport(facts, MOMENT, withWeights(weights), null);
        const changed = { ...weights };
        for (const c of base.components) if (c.score === null) changed[c.key] = weight;
        // The trend is left out: 30 days earlier the component may have counted (an invoice still in the window).
        const { trend: _changedTrend, ...changedReport } = healthReport(facts, MOMENT, withWeights(changed), null);
        const { trend: _baseTrend, ...baseReport } = base;
        expect(withoutWeights(changedReport)).toStrictEqual(withoutWeights(baseReport));
      }),
      RUNS,
    );
  });
});
