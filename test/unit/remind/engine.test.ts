import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY_MS, addDays, isLocalDate, localDateOf, localInstant, momentOf } from '../../../src/core/dates.js';
import {
  REMINDER_KINDS, deriveReminders, silence, sortReminders,
  type PortfolioFigures, type Reminder, type ReminderState,
} from '../../../src/core/remind/index.js';
import type { ClientFacts, Moment } from '../../../src/core/types.js';
import {
  MOMENT, NOW, TODAY, ago, appreciation, bid, conflictEvent, daysAgo, facts, followUp, interaction, invoice, later, need,
  run, settings, topic, voice,
} from './builders.js';

/** A client with one reminder of nearly every kind due. */
function troubled(id = 1, name = 'Acme'): ClientFacts {
  return facts({
    client: { id, name, since: daysAgo(365 * 3 - 5) },
    interactions: [interaction(70, { clientId: id })],
    bids: [bid(6, null, { clientId: id })],
    topics: [topic('pricing', [conflictEvent(200), conflictEvent(100)], { clientId: id })],
    appreciations: [appreciation(200, 'to-client', { clientId: id })],
    needs: [need(300, 'goal', { clientId: id })],
    invoices: [invoice(40, 1000, [], { clientId: id }), invoice(-2, 1000, [], { clientId: id })],
    followUps: [followUp(1, { clientId: id })],
    voices: [
      voice(40, { clientId: id, outcome: 'ignored', outcomeAt: ago(30) }),
      voice(20, { clientId: id, outcome: 'ignored', outcomeAt: ago(10) }),
    ],
  });
}
const figures = (id = 1): PortfolioFigures => ({
  health: new Map([[id, { score: 40, previous: 80 }]]),
  revenueShare: new Map([[id, { share: 0.9, currency: null }]]),
});

/** The reminders about something not done for a while, which count from when crm started following the client. */
const SINCE_TRACKED = ['contact-overdue', 'appreciation-due', 'goals-ask', 'feedback-ask'];

describe('deriveReminders', () => {
  it('a troubled client gets one of each kind but year-end', () => {
    const kinds = new Set(run(troubled(), { figures: figures() }).map((r) => r.kind));
    expect([...kinds].sort()).toEqual(REMINDER_KINDS.filter((k) => k !== 'year-end').sort());
  });

  it('a new client (10 days old, nothing logged) gets no reminders at all', () => {
    const fresh = facts({ client: { since: daysAgo(10) }, quiet: false });
    expect(run(fresh)).toEqual([]);
    expect(run(fresh, { within: 30 })).toEqual([]);
  });

  it('a client added today with a start two years ago gets nothing about the time before: it was not followed then', () => {
    const added = facts({ client: { since: daysAgo(698), trackedFrom: NOW }, quiet: false });
    expect(run(added)).toEqual([]);
    expect(run(added, { within: 30 })).toEqual([]);
    // Day after day, nothing counts the 698 days: the first reminders come one cadence after it was added.
    for (let day = 0; day <= 30; day++) {
      const reminders = run(added, { moment: later(day) });
      expect(reminders.filter((r) => SINCE_TRACKED.includes(r.kind)), `day ${day}`).toEqual([]);
      for (const r of reminders) expect(r.message, `day ${day}`).not.toMatch(/69\d days|7\d\d days/);
    }
    const month = run(added, { moment: later(31) }).filter((r) => SINCE_TRACKED.includes(r.kind));
    expect(month.map((r) => [r.kind, r.message])).toEqual([
      ['contact-overdue', 'No contact with Acme logged in 31 days in crm; the cadence is every 30 days.'],
    ]);
  });

  it('ended clients get none; paused ones still do', () => {
    expect(run({ ...troubled(), client: { ...troubled().client, status: 'ended' } }, { figures: figures() })).toEqual([]);
    expect(run({ ...troubled(), client: { ...troubled().client, status: 'paused' } }, { figures: figures() }).length).toBeGreaterThan(5);
  });

  it('the same data gives the same keys and fingerprints on two days', () => {
    const data = troubled();
    const keyed = (m: Moment) => run(data, { moment: m, figures: figures() }).map((r) => [r.key, r.fingerprint]).sort();
    expect(keyed(later(1))).toEqual(keyed(MOMENT));
  });

  it('--within: future dates up to today + DAYS; anything already due always', () => {
    const data = facts({ followUps: [followUp(300), followUp(-3), followUp(-10)] });
    expect(run(data, { within: 0 }).map((r) => r.date)).toEqual([daysAgo(300)]);
    expect(run(data, { within: 3 }).map((r) => r.date)).toEqual([daysAgo(300), daysAgo(-3)]);
    expect(run(data, { within: 10 }).map((r) => r.date)).toEqual([daysAgo(300), daysAgo(-3), daysAgo(-10)]);
  });

  it('carries the client as {id, name} only', () => {
    expect(run(troubled(), { figures: figures() })[0]!.client).toEqual({ id: 1, name: 'Acme' });
  });

  // Its speed is measured by npm run bench, never asserted here (a shared machine makes timings noise).
  it('derives every client\'s reminders on a big book', () => {
    const portfolio: ClientFacts[] = [];
    for (let i = 1; i <= 2000; i++) {
      const base = troubled(i, `Client ${i}`);
      const interactions = Array.from({ length: 100 }, (_, k) => interaction(70 + k, { clientId: i }));
      portfolio.push({ ...base, interactions });
    }
    const reminders = deriveReminders(portfolio, momentOf(localInstant('2026-12-20', 12)), settings(), figures(), 7);
    expect(reminders.length).toBeGreaterThan(2000 * 8);
    expect(new Set(reminders.map((r) => r.client.id)).size).toBe(2000);
  });
});

function reminder(over: Partial<Reminder>): Reminder {
  return {
    key: 'contact-overdue:1', client: { id: 1, name: 'Acme' }, kind: 'contact-overdue', severity: 'soon',
    date: TODAY, message: 'm', action: 'a', fingerprint: 'f1', ...over,
  };
}

describe('silence', () => {
  const r = reminder({});
  const state = (over: Partial<ReminderState>): ReminderState => ({ key: r.key, state: 'done', until: null, fingerprint: 'f1', ...over });

  it('drops done ones with an unchanged fingerprint; a changed fingerprint brings them back', () => {
    expect(silence([r], [state({})], MOMENT)).toEqual([]);
    expect(silence([r], [state({ fingerprint: 'f0' })], MOMENT)).toEqual([r]);
  });

  it('drops snoozed ones until the snooze runs out', () => {
    expect(silence([r], [state({ state: 'snoozed', until: NOW + 1 })], MOMENT)).toEqual([]);
    expect(silence([r], [state({ state: 'snoozed', until: NOW })], MOMENT)).toEqual([r]);
    expect(silence([r], [state({ state: 'snoozed', until: NOW - DAY_MS })], MOMENT)).toEqual([r]);
    expect(silence([r], [state({ state: 'snoozed', until: NOW + DAY_MS, fingerprint: 'f0' })], MOMENT)).toEqual([r]);
  });

  it('leaves others alone, and works on real reminders: paying part of an invoice brings it back', () => {
    const other = reminder({ key: 'contact-overdue:2' });
    expect(silence([r, other], [state({})], MOMENT)).toEqual([other]);
    const inv = invoice(10, 1000);
    const before = run(facts({ invoices: [inv] }));
    const done = before.map((x): ReminderState => ({ key: x.key, state: 'done', until: null, fingerprint: x.fingerprint }));
    expect(silence(run(facts({ invoices: [inv] }), { moment: later(5) }), done, later(5))).toEqual([]);
    const partPaid = { ...inv, payments: [{ id: 1, invoiceId: inv.id, amountMinor: 100, paidOn: TODAY }] };
    expect(silence(run(facts({ invoices: [partPaid] })), done, MOMENT)).toHaveLength(1);
  });
});

describe('sortReminders', () => {
  it('urgent, soon, info; then date; then client name; then key', () => {
    const list = [
      reminder({ key: 'i', severity: 'info', date: '2026-01-01' }),
      reminder({ key: 's2', severity: 'soon', date: '2026-01-02' }),
      reminder({ key: 's1b', severity: 'soon', date: '2026-01-01', client: { id: 2, name: 'beta' } }),
      reminder({ key: 's1z', severity: 'soon', date: '2026-01-01', client: { id: 3, name: 'Alpha' } }),
      reminder({ key: 's1a', severity: 'soon', date: '2026-01-01', client: { id: 3, name: 'Alpha' } }),
      reminder({ key: 'u', severity: 'urgent', date: '2026-12-31' }),
    ];
    const sorted = sortReminders(list);
    expect(sorted.map((x) => x.key)).toEqual(['u', 's1a', 's1z', 's1b', 's2', 'i']);
    expect(sortReminders([...list].reverse())).toEqual(sorted);
    expect(list[0]!.key).toBe('i'); // the input is not changed
  });
});

// ---- property: determinism under shuffling, valid dates, unique keys ----

/** A seeded shuffle (mulberry32), so fast-check can shrink a failing order. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let s = seed >>> 0;
  const random = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function shuffleFacts(portfolio: ClientFacts[], seed: number): ClientFacts[] {
  return shuffled(
    portfolio.map((f, i) => {
      const k = seed + i * 7919;
      return {
        ...f,
        interactions: shuffled(f.interactions, k + 1),
        bids: shuffled(f.bids, k + 2),
        topics: shuffled(f.topics.map((t, j) => ({ ...t, events: shuffled(t.events, k + 3 + j) })), k + 4),
        appreciations: shuffled(f.appreciations, k + 5),
        needs: shuffled(f.needs, k + 6),
        invoices: shuffled(f.invoices.map((v, j) => ({ ...v, payments: shuffled(v.payments, k + 7 + j) })), k + 8),
        followUps: shuffled(f.followUps, k + 9),
        voices: shuffled(f.voices, k + 10),
      };
    }),
    seed,
  );
}

const day = fc.integer({ min: -40, max: 900 }); // days before NOW; negative: after
const dayOrNull = fc.option(day, { nil: null });

const clientArb = fc.record({
  name: fc.constantFrom('Acme', 'acme corp', 'Beta', "O'Neil", '42', 'Zeta GmbH'),
  status: fc.constantFrom('active', 'active', 'paused', 'ended'),
  since: fc.integer({ min: 0, max: 1500 }),
  trackedFrom: fc.integer({ min: -5, max: 1500 }),
  lastContact: fc.option(fc.integer({ min: 0, max: 1500 }), { nil: null }),
  cadenceDays: fc.integer({ min: 1, max: 90 }),
  replyWithinHours: fc.integer({ min: 1, max: 24 * 10 }),
  interactions: fc.array(
    fc.record({
      day, feedback: fc.boolean(), fromClient: fc.boolean(), tone: fc.integer({ min: -2, max: 2 }), contempt: fc.boolean(),
      channel: fc.constantFrom('call', 'meeting', 'video', 'email', 'chat', 'in-person', 'other'),
    }),
    { maxLength: 6 },
  ),
  bids: fc.array(
    fc.record({ day, answeredAfter: fc.option(fc.integer({ min: 0, max: 400 }), { nil: null }), complaint: fc.boolean(), against: fc.boolean() }),
    { maxLength: 4 },
  ),
  topics: fc.array(
    fc.record({
      events: fc.array(fc.record({ day, repaired: fc.boolean() }), { maxLength: 5 }),
      status: fc.constantFrom('open', 'managed', 'resolved'),
      resolvedAt: dayOrNull,
    }),
    { maxLength: 3 },
  ),
  voices: fc.array(
    fc.record({ day, text: fc.constantFrom('pay on time', 'Pay  on time', 'respect my time'), outcome: fc.constantFrom('open', 'heard', 'ignored'), after: fc.integer({ min: 0, max: 60 }) }),
    { maxLength: 4 },
  ),
  appreciations: fc.array(fc.record({ day, toClient: fc.boolean() }), { maxLength: 4 }),
  needs: fc.array(fc.record({ day, kind: fc.constantFrom('need', 'preference', 'goal') }), { maxLength: 4 }),
  invoices: fc.array(
    fc.record({
      issued: fc.integer({ min: -10, max: 500 }), terms: fc.integer({ min: 0, max: 60 }), amount: fc.integer({ min: 1, max: 10_000_00 }),
      currency: fc.constantFrom('EUR', 'EUR', 'USD'), voided: fc.boolean(),
      payments: fc.array(fc.record({ day: fc.integer({ min: -10, max: 500 }), amount: fc.integer({ min: 1, max: 5_000_00 }) }), { maxLength: 3 }),
    }),
    { maxLength: 4 },
  ),
  followUps: fc.array(fc.record({ due: fc.integer({ min: -30, max: 60 }), done: dayOrNull }), { maxLength: 3 }),
  score: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
  previous: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
  share: fc.double({ min: 0, max: 1, noNaN: true }),
  currency: fc.constantFrom(null, 'EUR', 'USD'),
});

type ClientSpec = typeof clientArb extends fc.Arbitrary<infer T> ? T : never;

/** Builds a portfolio with ids unique across the book, counted from 1. */
function build(specs: ClientSpec[], now: Moment): { portfolio: ClientFacts[]; figures: PortfolioFigures } {
  let next = 1;
  const at = (d: number) => now.at - d * DAY_MS;
  const date = (d: number) => addDays(now.today, -d);
  const figures: PortfolioFigures = { health: new Map(), revenueShare: new Map() };
  const portfolio = specs.map((spec, index): ClientFacts => {
    const clientId = index + 1;
    figures.health.set(clientId, { score: spec.score, previous: spec.previous });
    figures.revenueShare.set(clientId, { share: spec.share, currency: spec.currency });
    return {
      client: {
        id: clientId, name: `${spec.name} ${clientId}`, email: null, company: null, tags: [], status: spec.status,
        since: date(spec.since), endedOn: null, endReason: null, cadenceDays: spec.cadenceDays,
        replyWithinHours: spec.replyWithinHours, note: null, createdAt: at(spec.trackedFrom), trackedFrom: at(spec.trackedFrom),
        lastContact: spec.lastContact === null ? null : date(spec.lastContact),
      },
      interactions: spec.interactions.map((x) => ({
        id: next++, clientId, at: at(x.day), channel: x.channel, fromClient: x.fromClient, tone: x.tone, summary: null,
        horsemen: x.contempt ? ['contempt'] : [], repair: false, feedback: x.feedback,
      })),
      bids: spec.bids.map((b) => ({
        id: next++, clientId, interactionId: null, at: at(b.day), text: 'a question', kind: b.complaint ? 'complaint' : 'question',
        response: b.answeredAfter === null ? null : b.against ? 'against' : 'toward',
        answeredAt: b.answeredAfter === null ? null : at(b.day) + b.answeredAfter * 3_600_000, answerInteractionId: null,
      })),
      topics: spec.topics.map((t) => {
        const topicId = next++;
        return {
          id: topicId, clientId, topic: `topic ${topicId}`, status: t.status,
          resolvedAt: t.status === 'resolved' && t.resolvedAt !== null ? at(t.resolvedAt) : null,
          events: t.events.map((e) => ({ id: next++, topicId, interactionId: null, at: at(e.day), repaired: e.repaired })),
        };
      }),
      voices: spec.voices.map((v) => ({
        id: next++, clientId, interactionId: null, raisedAt: at(v.day), text: v.text, outcome: v.outcome,
        outcomeAt: v.outcome === 'open' ? null : at(v.day - v.after),
      })),
      appreciations: spec.appreciations.map((a) => ({
        id: next++, clientId, interactionId: null, at: at(a.day), direction: a.toClient ? 'to-client' : 'from-client', kind: 'thanks', note: null,
      })),
      needs: spec.needs.map((n) => ({ id: next++, clientId, learnedAt: at(n.day), text: 'x', kind: n.kind })),
      invoices: spec.invoices.map((v) => {
        const invoiceId = next++;
        return {
          id: invoiceId, clientId, number: `INV-${invoiceId}`, amountMinor: v.amount, currency: v.currency,
          issued: date(v.issued), due: date(v.issued - v.terms), voided: v.voided, note: null,
          payments: v.payments.map((p) => ({ id: next++, invoiceId, amountMinor: p.amount, paidOn: date(p.day) })),
        };
      }),
      followUps: spec.followUps.map((f) => ({
        id: next++, clientId, due: date(f.due), text: 'call back', createdAt: at(90), doneAt: f.done === null ? null : at(f.done),
      })),
    };
  });
  return { portfolio, figures };
}

describe('deriveReminders (property)', () => {
  it('is deterministic under shuffling; dates are valid, keys unique, ended clients silent', () => {
    const moments = ['2026-11-20', '2026-12-10', '2027-02-28', '2028-02-29', '2026-03-29'].map((d) => momentOf(localInstant(d, 9)));
    fc.assert(
      fc.property(
        fc.array(clientArb, { minLength: 1, maxLength: 8 }),
        fc.constantFrom(...moments),
        fc.integer({ min: 0, max: 60 }),
        fc.integer(),
        (specs, moment, within, seed) => {
          const { portfolio, figures } = build(specs, moment);
          const s = settings({ 'remind.yearend.top': 3 });
          const a = deriveReminders(portfolio, moment, s, figures, within);
          const b = deriveReminders(shuffleFacts(portfolio, seed), moment, s, figures, within);
          expect(b).toEqual(a);
          expect(new Set(a.map((r) => r.key)).size).toBe(a.length);
          const horizon = addDays(moment.today, Math.max(within, 14));
          const ended = new Set(portfolio.filter((f) => f.client.status === 'ended').map((f) => f.client.id));
          for (const r of a) {
            expect(isLocalDate(r.date)).toBe(true);
            expect(r.date <= horizon || r.kind === 'year-end').toBe(true);
            expect(ended.has(r.client.id)).toBe(false);
            expect(r.key.startsWith(`${r.kind}:`)).toBe(true);
            // Nothing counts time from before crm followed the client (or before the last contact the user gave).
            const client = portfolio.find((f) => f.client.id === r.client.id)!.client;
            const tracked = localDateOf(Math.max(localInstant(client.since), client.trackedFrom));
            const from = r.kind === 'contact-overdue' && client.lastContact !== null ? client.lastContact : tracked;
            if (SINCE_TRACKED.includes(r.kind)) expect(r.date >= from, `${r.key} ${r.date} ${from}`).toBe(true);
          }
          expect(sortReminders(a)).toEqual(a);
        },
      ),
      { numRuns: 300 },
    );
  });
});
