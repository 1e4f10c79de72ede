// The invariants of DESIGN.md section 4 (model 2), over generated client logs at a fixed now.
// SCORE_RUNS=5000 searches harder.
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { DAY_MS, HOUR_MS, addDays } from '../../../src/core/dates.js';
import { indexFacts } from '../../../src/core/relationship.js';
import { inOrder } from '../../../src/core/ordered.js';
import { healthReport, pointOf, scoreAt, tellingFrom, type HealthReport } from '../../../src/core/score/index.js';
import { digestInteractions } from '../../../src/core/score/digest.js';
import { scoreAppreciation } from '../../../src/core/score/appreciation.js';
import { scoreBids } from '../../../src/core/score/bids.js';
import { scoreConflict } from '../../../src/core/score/conflict.js';
import { scoreContact } from '../../../src/core/score/contact.js';
import { scorePayments } from '../../../src/core/score/payments.js';
import { scorePositivity } from '../../../src/core/score/positivity.js';
import { scorePromises } from '../../../src/core/score/promises.js';
import { scoreVoice } from '../../../src/core/score/voice.js';
import { COMPONENT_KEYS, type ComponentKey, type Settings } from '../../../src/core/settings.js';
import {
  CHANNELS,
  HORSEMEN,
  type Appreciation,
  type Bid,
  type ClientFacts,
  type ConflictTopic,
  type FollowUp,
  type Interaction,
  type Invoice,
  type Voice,
} from '../../../src/core/types.js';
import { MOMENT, NOW, TODAY, client, settings } from './builders.js';

const RUNS = { numRuns: Number(process.env.SCORE_RUNS ?? 300) };
/** SCORE_RUNS=20000 takes minutes per property: give each test the time it needs. */
vi.setConfig({ testTimeout: Math.max(30_000, RUNS.numRuns * 40) });

/** An instant up to `maxDays` before now, or a little after it (events after now must be ignored). */
const instant = (maxDays = 800) => fc.integer({ min: -5 * 24, max: maxDays * 24 }).map((h) => NOW - h * HOUR_MS);

const TOPICS = ['pricing', 'scope', 'deadlines', 'Pricing'];
const NEEDS = ['pay within 14 days', 'no calls at weekends', 'Pay within 14 days '];

/** One `crm log`: an interaction and what was recorded with it. */
const logArb = fc.record({
  at: instant(),
  channel: fc.constantFrom(...CHANNELS),
  fromClient: fc.boolean(),
  tone: fc.integer({ min: -2, max: 2 }),
  horsemen: fc.subarray([...HORSEMEN]),
  repair: fc.boolean(),
  feedback: fc.boolean(),
  bids: fc.array(
    fc.record({
      kind: fc.constantFrom('request' as const, 'question' as const, 'complaint' as const),
      response: fc.constantFrom(null, null, 'toward' as const, 'against' as const),
      delayHours: fc.integer({ min: 0, max: 60 * 24 }),
      answeredBy: fc.nat(20),
    }),
    { maxLength: 3 },
  ),
  conflict: fc.option(fc.record({ topic: fc.nat(TOPICS.length - 1), repaired: fc.boolean() }), { nil: null }),
  appreciation: fc.option(
    fc.record({ direction: fc.constantFrom('to-client' as const, 'from-client' as const), kind: fc.constantFrom('thanks' as const, 'gift' as const, 'referral' as const) }),
    { nil: null },
  ),
  voice: fc.option(
    fc.record({ need: fc.nat(NEEDS.length - 1), outcome: fc.constantFrom('open' as const, 'heard' as const, 'ignored' as const), delayHours: fc.integer({ min: 0, max: 90 * 24 }) }),
    { nil: null },
  ),
  followUp: fc.option(fc.record({ dueInDays: fc.integer({ min: -60, max: 60 }), doneAfterDays: fc.option(fc.integer({ min: 0, max: 120 }), { nil: null }) }), {
    nil: null,
  }),
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
    trackedDaysAgo: fc.integer({ min: 0, max: 900 }),
    lastContactDaysAgo: fc.option(fc.integer({ min: 0, max: 900 }), { nil: null }),
    cadenceDays: fc.integer({ min: 1, max: 120 }),
    replyWithinHours: fc.integer({ min: 1, max: 240 }),
    logs: fc.array(logArb, { maxLength: 14 }),
    topicStatus: fc.array(fc.constantFrom('open' as const, 'managed' as const, 'resolved' as const), { minLength: TOPICS.length, maxLength: TOPICS.length }),
    invoices: fc.array(invoiceArb, { maxLength: 6 }),
  })
  .map((g) => build(g));

function build(g: {
  sinceDaysAgo: number;
  trackedDaysAgo: number;
  lastContactDaysAgo: number | null;
  cadenceDays: number;
  replyWithinHours: number;
  logs: (typeof logArb extends fc.Arbitrary<infer T> ? T : never)[];
  topicStatus: ('open' | 'managed' | 'resolved')[];
  invoices: (typeof invoiceArb extends fc.Arbitrary<infer T> ? T : never)[];
}): ClientFacts {
  let id = 1;
  const interactions: Interaction[] = [];
  const bids: Bid[] = [];
  const topics: ConflictTopic[] = TOPICS.map((topic, i) => ({
    id: 900 + i, clientId: 1, topic, status: g.topicStatus[i]!, resolvedAt: g.topicStatus[i] === 'resolved' ? NOW - i * 37 * DAY_MS : null, events: [],
  }));
  const appreciations: Appreciation[] = [];
  const voices: Voice[] = [];
  const followUps: FollowUp[] = [];
  const ids: number[] = [];
  for (const log of g.logs) {
    const interactionId = id++;
    ids.push(interactionId);
    interactions.push({
      id: interactionId, clientId: 1, at: log.at, channel: log.channel, fromClient: log.fromClient, tone: log.tone, summary: null,
      horsemen: log.horsemen, repair: log.repair, feedback: log.feedback,
    });
    for (const b of log.bids) {
      bids.push({
        id: id++, clientId: 1, interactionId, at: log.at, text: `bid ${id}`, kind: b.kind, response: b.response,
        answeredAt: b.response === null ? null : log.at + b.delayHours * HOUR_MS,
        answerInteractionId: b.response === null || b.answeredBy >= ids.length ? null : ids[b.answeredBy]!,
      });
    }
    if (log.conflict) {
      const topic = topics[log.conflict.topic]!;
      topic.events.push({ id: id++, topicId: topic.id, interactionId, at: log.at, repaired: log.conflict.repaired });
    }
    if (log.appreciation) appreciations.push({ id: id++, clientId: 1, interactionId, at: log.at, ...log.appreciation, note: null });
    if (log.voice) {
      voices.push({
        id: id++, clientId: 1, interactionId, raisedAt: log.at, text: NEEDS[log.voice.need]!, outcome: log.voice.outcome,
        outcomeAt: log.voice.outcome === 'open' ? null : log.at + log.voice.delayHours * HOUR_MS,
      });
    }
    if (log.followUp) {
      const due = addDays(TODAY, log.followUp.dueInDays);
      followUps.push({
        id: id++, clientId: 1, due, text: `promise ${id}`, createdAt: log.at,
        doneAt: log.followUp.doneAfterDays === null ? null : log.at + log.followUp.doneAfterDays * DAY_MS,
      });
    }
  }
  const invoices: Invoice[] = g.invoices.map((inv) => {
    const invoiceId = id++;
    const issued = addDays(TODAY, -inv.issuedDaysAgo);
    return {
      id: invoiceId, clientId: 1, number: `INV-${invoiceId}`, amountMinor: inv.amountMinor, currency: inv.currency, issued,
      due: addDays(issued, inv.termsDays), voided: inv.voided, note: null,
      payments: paymentsUpTo(inv.amountMinor, inv.payments.map((p) => ({ amount: Math.max(1, Math.round(inv.amountMinor * p.share)), paidOn: addDays(issued, p.afterIssueDays) }))).map(
        (p) => ({ id: id++, invoiceId, amountMinor: p.amount, paidOn: p.paidOn }),
      ),
    };
  });
  return {
    client: client({
      since: addDays(TODAY, -g.sinceDaysAgo),
      trackedFrom: NOW - g.trackedDaysAgo * DAY_MS,
      createdAt: NOW - g.trackedDaysAgo * DAY_MS,
      lastContact: g.lastContactDaysAgo === null ? null : addDays(TODAY, -g.lastContactDaysAgo),
      cadenceDays: g.cadenceDays,
      replyWithinHours: g.replyWithinHours,
      tags: ['a', 'b', 'c'],
    }),
    interactions,
    bids,
    topics: topics.filter((t) => t.events.length > 0),
    appreciations,
    needs: [],
    invoices,
    followUps,
    voices,
  };
}

/** Payments never add up to more than the invoice: crm refuses overpaying. */
function paymentsUpTo(amount: number, payments: { amount: number; paidOn: string }[]): { amount: number; paidOn: string }[] {
  let left = amount;
  const out: { amount: number; paidOn: string }[] = [];
  for (const p of payments) {
    if (left <= 0) break;
    const part = Math.min(left, p.amount);
    out.push({ amount: part, paidOn: p.paidOn });
    left -= part;
  }
  return out;
}

const WEIGHT_KEYS = ['prior', ...COMPONENT_KEYS] as const;
type WeightKey = (typeof WEIGHT_KEYS)[number];

const weightsArb = fc.record(
  Object.fromEntries(WEIGHT_KEYS.map((k) => [k, fc.integer({ min: 0, max: 50 })])) as Record<WeightKey, fc.Arbitrary<number>>,
);

function withWeights(weights: Record<WeightKey, number>, scale = 1): Settings {
  const over: Partial<Settings> = {};
  for (const key of WEIGHT_KEYS) over[`health.weight.${key}`] = weights[key] * scale;
  return settings(over);
}

const SCORERS = [scoreBids, scorePositivity, scorePayments, scoreConflict, scoreContact, scorePromises, scoreAppreciation, scoreVoice];

function value(facts: ClientFacts, s: Settings): number | null {
  return scoreAt(facts, MOMENT, s);
}

describe('invariant 1: bounded', () => {
  it('masses are never negative, the score is an integer in [0,100] or null', () => {
    fc.assert(
      fc.property(factsArb, weightsArb, (raw, weights) => {
        const facts = inOrder(raw);
        const index = indexFacts(facts);
        const s = settings();
        const digest = digestInteractions(facts.interactions, index.repairedIds, [NOW], tellingFrom([NOW]), s);
        const input = { facts, index, digest, point: pointOf(MOMENT), settings: s, explain: true };
        for (const scorer of SCORERS) {
          const outcome = scorer(input);
          expect(outcome.good).toBeGreaterThanOrEqual(0);
          expect(outcome.bad).toBeGreaterThanOrEqual(0);
          expect(Number.isFinite(outcome.good + outcome.bad)).toBe(true);
          for (const row of outcome.evidence) {
            expect(row.decay).toBeGreaterThanOrEqual(0);
            expect(row.decay).toBeLessThanOrEqual(1);
          }
        }
        const report = healthReport(raw, MOMENT, withWeights(weights), null);
        if (report.score === null) expect(report.band).toBe('no-data');
        else {
          expect(Number.isInteger(report.score)).toBe(true);
          expect(report.score).toBeGreaterThanOrEqual(0);
          expect(report.score).toBeLessThanOrEqual(100);
        }
        for (const c of report.components) if (c.score !== null) expect(c.score).toBeGreaterThanOrEqual(0);
      }),
      RUNS,
    );
  });
});

// ---- invariants 2 and 3: better never lowers, worse never raises ----

type Change = (facts: ClientFacts, pick: number, fraction: number) => ClientFacts | null;

const NEW_ID = 999_999;

/** A time between `from` and now. */
const between = (from: number, fraction: number) => Math.round(from + fraction * Math.max(0, NOW - from));

function pickOf<T>(items: readonly T[], pick: number): T | undefined {
  return items[pick % Math.max(1, items.length)];
}

function newInteraction(over: Partial<Interaction>): Interaction {
  return {
    id: NEW_ID, clientId: 1, at: NOW, channel: 'call', fromClient: false, tone: 0, summary: null, horsemen: [], repair: false, feedback: false, ...over,
  };
}

const openBids = (facts: ClientFacts) => facts.bids.filter((b) => b.at <= NOW && (b.response === null || (b.answeredAt ?? b.at) > NOW));

function replace<T>(items: readonly T[], target: T, next: T): T[] {
  return items.map((item) => (item === target ? next : item));
}

const better: Record<string, Change> = {
  'answering a bid': (facts, pick, fraction) => {
    const target = pickOf(openBids(facts), pick);
    if (!target) return null;
    const answered = { ...target, response: 'toward' as const, answeredAt: between(target.at, fraction), answerInteractionId: null };
    return { ...facts, bids: replace(facts.bids, target, answered) };
  },
  'keeping a promise': (facts, pick, fraction) => {
    const target = pickOf(facts.followUps.filter((f) => f.createdAt <= NOW && (f.doneAt === null || f.doneAt > NOW)), pick);
    if (!target) return null;
    return { ...facts, followUps: replace(facts.followUps, target, { ...target, doneAt: between(target.createdAt, fraction) }) };
  },
  'paying all or part of an invoice': (facts, pick, fraction) => {
    const unpaid = facts.invoices.filter((i) => !i.voided && i.issued <= TODAY && balanceToday(i) > 0);
    const target = pickOf(unpaid, pick);
    if (!target) return null;
    const balance = balanceToday(target);
    const amountMinor = fraction < 0.4 ? balance : Math.max(1, Math.floor(balance * fraction));
    const paidOn = addDays(TODAY, -(pick % 800));
    return { ...facts, invoices: replace(facts.invoices, target, { ...target, payments: [...target.payments, { id: NEW_ID, invoiceId: target.id, amountMinor, paidOn }] }) };
  },
  'logging a repair': (facts, pick) => {
    const events = facts.topics.flatMap((t) => t.events).filter((e) => !e.repaired && e.at <= NOW);
    const target = pickOf(events, pick);
    if (!target) return null;
    return { ...facts, topics: facts.topics.map((t) => ({ ...t, events: replace(t.events, target, { ...target, repaired: true }) })) };
  },
  'a calm discussion of a topic': (facts, pick, fraction) => {
    const topic = pickOf(facts.topics, pick);
    if (!topic) return null;
    const at = NOW - Math.round(fraction * 400 * DAY_MS);
    const talk = newInteraction({ at, tone: pick % 2, channel: pickOf(CHANNELS, pick)! });
    return {
      ...facts,
      interactions: [...facts.interactions, talk],
      topics: replace(facts.topics, topic, { ...topic, events: [...topic.events, { id: NEW_ID + 1, topicId: topic.id, interactionId: talk.id, at, repaired: false }] }),
    };
  },
  'a positive interaction': (facts, pick, fraction) => ({
    ...facts,
    interactions: [
      ...facts.interactions,
      newInteraction({ at: NOW - Math.round(fraction * 400 * DAY_MS), channel: pickOf(CHANNELS, pick)!, fromClient: pick % 2 === 0, tone: 1 + (pick % 2), feedback: pick % 3 === 0 }),
    ],
  }),
  'an appreciation': (facts, pick, fraction) => ({
    ...facts,
    appreciations: [
      ...facts.appreciations,
      { id: NEW_ID, clientId: 1, interactionId: null, at: NOW - Math.round(fraction * 400 * DAY_MS), direction: pick % 2 === 0 ? 'to-client' : 'from-client', kind: 'thanks', note: null },
    ],
  }),
  'a need heard': (facts, pick, fraction) => {
    const target = pickOf(facts.voices.filter((v) => v.raisedAt <= NOW && v.outcome !== 'heard'), pick);
    if (!target) return null;
    return { ...facts, voices: replace(facts.voices, target, { ...target, outcome: 'heard' as const, outcomeAt: between(target.raisedAt, fraction) }) };
  },
};

const worse: Record<string, Change> = {
  'a bid left past its window': (facts, pick, fraction) => {
    const windowMs = facts.client.replyWithinHours * HOUR_MS;
    const at = NOW - windowMs - Math.round(fraction * 300 * DAY_MS) - 1;
    const message = newInteraction({ at, fromClient: true, channel: 'email', tone: 0 });
    const bid: Bid = { id: NEW_ID + 1, clientId: 1, interactionId: message.id, at, text: 'x', kind: pick % 2 ? 'request' : 'question', response: null, answeredAt: null, answerInteractionId: null };
    return { ...facts, interactions: [...facts.interactions, message], bids: [...facts.bids, bid] };
  },
  'a bid turned against': (facts, pick, fraction) => {
    const target = pickOf(openBids(facts), pick);
    if (!target) return null;
    const replyBy = target.at + facts.client.replyWithinHours * HOUR_MS;
    // Turned down now; one still inside its window may be turned down at any time since it came.
    const answeredAt = replyBy < NOW ? NOW : between(target.at, fraction);
    return { ...facts, bids: replace(facts.bids, target, { ...target, response: 'against' as const, answeredAt, answerInteractionId: null }) };
  },
  'a promise overdue': (facts, pick, fraction) => {
    const createdAt = NOW - Math.round((1 + fraction * 200) * DAY_MS);
    const due = addDays(TODAY, -1 - (pick % 100));
    return { ...facts, followUps: [...facts.followUps, { id: NEW_ID, clientId: 1, due, text: 'x', createdAt, doneAt: null }] };
  },
  'a complaint': (facts, pick, fraction) => {
    const at = NOW - Math.round(fraction * 300 * DAY_MS);
    const message = newInteraction({ at, fromClient: true, channel: pickOf(CHANNELS, pick)!, tone: -1 });
    const bid: Bid = { id: NEW_ID + 1, clientId: 1, interactionId: message.id, at, text: 'x', kind: 'complaint', response: null, answeredAt: null, answerInteractionId: null };
    return { ...facts, interactions: [...facts.interactions, message], bids: [...facts.bids, bid] };
  },
  'a negative or hostile interaction': (facts, pick, fraction) => ({
    ...facts,
    interactions: [
      ...facts.interactions,
      newInteraction({
        at: NOW - Math.round(fraction * 400 * DAY_MS), channel: pickOf(CHANNELS, pick)!, fromClient: pick % 2 === 0,
        tone: pick % 3 === 0 ? 1 : -1 - (pick % 2), horsemen: pick % 3 === 0 ? [pickOf(HORSEMEN, pick)!] : [], feedback: pick % 5 === 0,
      }),
    ],
  }),
  'a horseman': (facts, pick) => {
    const target = pickOf(facts.interactions.filter((i) => i.at <= NOW), pick);
    if (!target) return null;
    const horseman = pickOf(HORSEMEN, pick >> 3)!;
    if (target.horsemen.includes(horseman)) return null;
    return { ...facts, interactions: replace(facts.interactions, target, { ...target, horsemen: [...target.horsemen, horseman] }) };
  },
  'an unrepaired conflict': (facts, pick, fraction) => {
    const at = NOW - Math.round(fraction * 400 * DAY_MS);
    const fight = newInteraction({ at, tone: -1 - (pick % 2), horsemen: pick % 3 === 0 ? ['criticism'] : [] });
    const topic = pickOf(facts.topics, pick);
    const event = { id: NEW_ID + 1, topicId: topic?.id ?? NEW_ID + 2, interactionId: fight.id, at, repaired: false };
    const topics = topic
      ? replace(facts.topics, topic, { ...topic, events: [...topic.events, event] })
      : [...facts.topics, { id: NEW_ID + 2, clientId: 1, topic: 'new', status: 'open' as const, resolvedAt: null, events: [event] }];
    return { ...facts, interactions: [...facts.interactions, fight], topics };
  },
  'an invoice (more) overdue': (facts, pick, fraction) => {
    const issued = addDays(TODAY, -1 - Math.round(fraction * 300));
    const invoice: Invoice = {
      id: NEW_ID, clientId: 1, number: 'INV-NEW', amountMinor: 1 + ((pick * 7919) % 2_000_000), currency: pickOf(['EUR', 'USD', 'JPY'], pick)!,
      issued, due: addDays(issued, Math.min(pick % 60, Math.round(fraction * 300))), voided: false, note: null, payments: [],
    };
    return { ...facts, invoices: [...facts.invoices, invoice] };
  },
  'a need ignored': (facts, pick, fraction) => {
    const target = pickOf(facts.voices.filter((v) => v.raisedAt <= NOW && v.outcome !== 'ignored'), pick);
    if (!target) return null;
    return { ...facts, voices: replace(facts.voices, target, { ...target, outcome: 'ignored' as const, outcomeAt: between(target.raisedAt, fraction) }) };
  },
};

/** The open balance of an invoice today, with payments up to today. */
function balanceToday(invoice: Invoice): number {
  const paid = invoice.payments.filter((p) => p.paidOn <= TODAY).reduce((sum, p) => sum + p.amountMinor, 0);
  return Math.max(0, invoice.amountMinor - paid);
}

/**
 * Each change, applied to generated books, never moves the score the wrong way: `direction` 1 for better
 * (the score after is at least the one before), -1 for worse (at most).
 */
function monotone(title: string, changes: Record<string, Change>, direction: 1 | -1): void {
  describe(title, () => {
    for (const [name, change] of Object.entries(changes)) {
      it(name, () => {
        fc.assert(
          fc.property(factsArb, weightsArb, fc.nat(), fc.double({ min: 0, max: 1, noNaN: true }), (facts, weights, pick, fraction) => {
            const changed = change(facts, pick, fraction);
            if (!changed) return;
            const s = withWeights(weights);
            const before = value(facts, s);
            const after = value(changed, s);
            if (before === null) return;
            if (direction === 1) expect(after).not.toBeNull();
            if (after === null) return;
            if (direction === 1) expect(after).toBeGreaterThanOrEqual(before);
            else expect(after).toBeLessThanOrEqual(before);
          }),
          RUNS,
        );
      });
    }
  });
}

monotone('invariant 2: better never lowers the score', better, 1);
monotone('invariant 3: worse never raises the score', worse, -1);

// ---- invariant 4: deterministic ----

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
    voices: shuffled(facts.voices, seed + 10),
  };
}

describe('invariant 4: deterministic', () => {
  it('the same rows in any order give the identical report', () => {
    fc.assert(
      fc.property(factsArb, weightsArb, fc.nat(), (facts, weights, seed) => {
        const s = withWeights(weights);
        const revenue = { share: 0.5, currency: null };
        expect(healthReport(shuffleAll(facts, seed), MOMENT, s, revenue)).toStrictEqual(healthReport(facts, MOMENT, s, revenue));
      }),
      RUNS,
    );
  });
});

// ---- invariant 5: decomposable ----

const tenths = (points: number): number => Math.round(points * 10);

describe('invariant 5: decomposable', () => {
  it('the starting point, the earned points and the cap adjustment add up to the score', () => {
    fc.assert(
      fc.property(factsArb, weightsArb, (facts, weights) => {
        const report = healthReport(facts, MOMENT, withWeights(weights), null);
        const parts = [report.prior, ...report.components];
        for (const part of parts) {
          expect(part.earned).toBeGreaterThanOrEqual(0);
          expect(part.missed).toBeGreaterThanOrEqual(0);
          expect(tenths(part.earned)).toBe(part.earned * 10);
        }
        const earned = parts.reduce((sum, part) => sum + tenths(part.earned), 0);
        const shares = parts.reduce((sum, part) => sum + tenths(part.earned) + tenths(part.missed), 0);
        if (report.score === null) {
          expect([earned, shares, report.capAdjustment]).toEqual([0, 0, 0]);
          return;
        }
        expect(shares).toBe(1000);
        expect(earned + report.capAdjustment * 10).toBe(report.score * 10);
        expect(report.capAdjustment).toBeLessThanOrEqual(0);
        if (report.capAdjustment < 0) expect(report.caps.length).toBeGreaterThan(0);
        for (const c of report.components) {
          if (c.score === null) expect([c.earned, c.missed]).toEqual([0, 0]);
          // A full bar shows (nearly) full points, an empty one (nearly) none: rounding the score to a whole
          // number moves less than a point, and a component at exactly 1 misses nothing (index.test.ts).
          if (c.score === 100) expect(c.missed).toBeLessThan(1);
          if (c.score === 0) expect(c.earned).toBeLessThan(1);
        }
      }),
      RUNS,
    );
  });
});

// ---- invariant 6: weights ----

/** The report without the configured weights, which are expected to differ. */
function withoutWeights(report: HealthReport): unknown {
  return { ...report, components: report.components.map((c) => ({ ...c, weight: 0 })) };
}

describe('invariant 6: weights', () => {
  it('scaling every weight, the starting point included, by the same factor changes nothing', () => {
    fc.assert(
      fc.property(factsArb, weightsArb, fc.integer({ min: 1, max: 40 }), (facts, weights, quarters) => {
        const factor = quarters / 4; // exact in binary, so the apportioned points agree to the tenth
        const base = healthReport(facts, MOMENT, withWeights(weights), null);
        const scaled = healthReport(facts, MOMENT, withWeights(weights, factor), null);
        expect(withoutWeights(scaled)).toStrictEqual(withoutWeights(base));
      }),
      RUNS,
    );
  });

  it('the weight of a component with no evidence changes nothing', () => {
    fc.assert(
      fc.property(factsArb, weightsArb, fc.integer({ min: 0, max: 1000 }), (facts, weights, weight) => {
        const base = healthReport(facts, MOMENT, withWeights(weights), null);
        const changed = { ...weights };
        for (const c of base.components) if (c.score === null) changed[c.key as ComponentKey] = weight;
        // The trend is left out: 30 days earlier the component may have had evidence.
        const { trend: _a, ...changedReport } = healthReport(facts, MOMENT, withWeights(changed), null);
        const { trend: _b, ...baseReport } = base;
        expect(withoutWeights(changedReport as HealthReport)).toStrictEqual(withoutWeights(baseReport as HealthReport));
      }),
      RUNS,
    );
  });
});

// ---- invariant 7: thin evidence ----

describe('invariant 7: thin evidence', () => {
  it('a new client with a single logged interaction stays within 30 points of the starting point', () => {
    const newClientArb = fc.record({
      ageDays: fc.double({ min: 0, max: 1, noNaN: true }),
      cadenceDays: fc.integer({ min: 1, max: 120 }),
      replyWithinHours: fc.integer({ min: 1, max: 240 }),
      log: logArb,
      fraction: fc.double({ min: 0, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(newClientArb, ({ ageDays, cadenceDays, replyWithinHours, log, fraction }) => {
        // Younger than one cadence, no rows; then one interaction logged at some moment since it entered the book.
        const entered = NOW - Math.floor(ageDays * cadenceDays * DAY_MS * 0.999);
        const at = between(entered, fraction);
        const facts = build({
          sinceDaysAgo: 0, trackedDaysAgo: 0, lastContactDaysAgo: null, cadenceDays, replyWithinHours,
          logs: [{ ...log, at, bids: log.bids.map((b) => ({ ...b, answeredBy: 0 })), followUp: log.followUp && { ...log.followUp, dueInDays: Math.abs(log.followUp.dueInDays) } }],
          topicStatus: ['open', 'open', 'open', 'open'], invoices: [],
        });
        const client = { ...facts.client, since: addDays(TODAY, -Math.floor(ageDays * cadenceDays * 0.999)), trackedFrom: entered, createdAt: entered };
        const after = scoreAt({ ...facts, client }, MOMENT, settings());
        // A neutral word at the very moment the client was added tells nothing yet.
        if (after !== null) expect(Math.abs(after - 72)).toBeLessThanOrEqual(30);
      }),
      { numRuns: RUNS.numRuns * 3 },
    );
  });
});
