import { describe, expect, it } from 'vitest';
import {
  daysBefore,
  healthReport,
  inOrder,
  revenueShares,
  scoreClient,
  scoreHistory,
  scoreValue,
} from '../../../src/core/score/index.js';
import { COMPONENT_KEYS } from '../../../src/core/settings.js';
import { MOMENT, NOW, TODAY, appreciation, bid, daysAgo, facts, interaction, invoice, payment, settings } from './builders.js';
import { DAY_MS } from '../../../src/core/dates.js';

const tenths = (x: number) => Math.round(x * 10);

describe('scoreClient', () => {
  it('is no-data with every component N/A', () => {
    const card = scoreClient(facts({ client: { since: TODAY } }), MOMENT, settings());
    expect(card.score).toBeNull();
    expect(card.band).toBe('no-data');
    expect(card.components.map((c) => c.key)).toEqual([...COMPONENT_KEYS]);
    for (const c of card.components) expect(c).toMatchObject({ score: null, earned: 0, missed: 0 });
  });

  it('is no-data when every weight is 0', () => {
    const zero = settings(Object.fromEntries(COMPONENT_KEYS.map((k) => [`health.weight.${k}`, 0])));
    const card = scoreClient(facts({ interactions: [interaction(40)] }), MOMENT, zero);
    expect(card).toMatchObject({ score: null, band: 'no-data' });
    expect(card.components.find((c) => c.key === 'contact')!.score).not.toBeNull();
  });

  it('is the weighted mean of the components that are not N/A', () => {
    // bids s = 1 (weight 25), contact s = 0.5 (weight 10); the rest N/A
    const card = scoreClient(
      facts({ bids: [bid(10, 1)], interactions: [interaction(30)], client: { since: daysAgo(60) } }),
      MOMENT,
      settings(),
    );
    expect(card.score).toBe(Math.round((100 * (25 * 1 + 10 * 0.5)) / 35));
    const bids = card.components.find((c) => c.key === 'bids')!;
    const contact = card.components.find((c) => c.key === 'contact')!;
    expect(bids).toMatchObject({ score: 100, weight: 25, earned: 71.4, missed: 0 });
    expect(contact).toMatchObject({ score: 50, weight: 10, earned: 14.6, missed: 14 });
    expect(tenths(bids.earned + bids.missed) + tenths(contact.earned + contact.missed)).toBe(1000);
  });

  it('apportions shares of 100 by largest remainder', () => {
    // three equal weights: 33.4 + 33.3 + 33.3
    const three = settings({ 'health.weight.bids': 1, 'health.weight.contact': 1, 'health.weight.positivity': 1 });
    const card = scoreClient(
      facts({ bids: [bid(10, 1)], interactions: [interaction(0, { tone: 1 })], client: { since: daysAgo(60) } }),
      MOMENT,
      three,
    );
    expect(card.score).toBe(100);
    const shares = card.components.filter((c) => c.score !== null).map((c) => tenths(c.earned + c.missed));
    expect(shares).toEqual([334, 333, 333]);
  });

  it('leaves a component with weight 0 out of the score but still shows it', () => {
    const card = scoreClient(
      facts({ bids: [bid(10, 1)], interactions: [interaction(30)], client: { since: daysAgo(60) } }),
      MOMENT,
      settings({ 'health.weight.contact': 0 }),
    );
    expect(card.score).toBe(100);
    expect(card.components.find((c) => c.key === 'contact')).toMatchObject({ score: 50, earned: 0, missed: 0 });
  });

  it('puts the score in bands from the settings', () => {
    const withContact = (days: number) =>
      scoreClient(facts({ interactions: [interaction(days)], client: { since: daysAgo(60) } }), MOMENT, settings());
    expect(withContact(0)).toMatchObject({ score: 100, band: 'healthy' });
    expect(withContact(30)).toMatchObject({ score: 50, band: 'at-risk' });
    expect(withContact(20)).toMatchObject({ band: 'watch' }); // 63
    const strict = settings({ 'health.band.watch': 40 });
    const atRisk = facts({ interactions: [interaction(30)], client: { since: daysAgo(60) } });
    expect(scoreClient(atRisk, MOMENT, strict).band).toBe('watch');
  });
});

describe('healthReport', () => {
  it('follows the JSON contract', () => {
    const report = healthReport(facts({ bids: [bid(3)] }), MOMENT, settings(), 0.25);
    expect(Object.keys(report)).toEqual([
      'client',
      'asOf',
      'score',
      'band',
      'trend',
      'revenueShare',
      'components',
      'reasons',
      'actions',
    ]);
    expect(report.client).toEqual({ id: 1, name: 'Acme' });
    expect(report.asOf).toBe(TODAY);
    expect(report.revenueShare).toBe(0.25);
    expect(report.trend.days).toBe(30);
    expect(Object.keys(report.components[0]!)).toEqual(['key', 'score', 'weight', 'earned', 'missed', 'summary', 'headline', 'evidence']);
  });

  it('gives reasons by points missed, largest first, and the actions worth most', () => {
    const report = healthReport(
      facts({
        bids: [bid(20)],
        invoices: [invoice(80, 150_000)], // 50 days overdue
        interactions: [interaction(10, { tone: 1 })],
        client: { since: daysAgo(60) },
      }),
      MOMENT,
      settings(),
      null,
    );
    const missed = report.components.filter((c) => c.missed >= 1).sort((a, b) => b.missed - a.missed);
    expect(report.reasons).toHaveLength(Math.min(3, missed.length));
    expect(report.reasons[0]).toMatch(/^Bids: 0 of 1 bid answered in time, 1 unanswered/);
    expect(report.reasons[1]).toMatch(/^Payments: /);
    expect(report.actions[0]).toMatch(/^Answer Acme's open bid from \d{4}-\d{2}-\d{2}: "send the quote"$/);
    expect(report.actions).toContainEqual(expect.stringMatching(/^Chase INV-\d+: 50 days overdue \(€1,500\.00\)$/));
    expect(report.actions.length).toBeLessThanOrEqual(3);
  });

  it('has no trend before anything was known', () => {
    const report = healthReport(facts({ bids: [bid(3)], client: { since: daysAgo(10) } }), MOMENT, settings(), null);
    expect(report.trend).toEqual({ days: 30, previous: null, delta: null });
  });
});

describe('scoreHistory', () => {
  it('scores the log as it stood at each step, oldest first', () => {
    const f = facts({ interactions: [interaction(0), interaction(40)], client: { since: daysAgo(80) } });
    const history = scoreHistory(f, MOMENT, settings(), 4, 20);
    expect(history).toHaveLength(4);
    expect(history[3]).toBe(scoreClient(f, MOMENT, settings()).score);
    expect(history[1]).toBe(scoreClient(f, daysBefore(MOMENT, 40), settings()).score);
    // 60 days ago the client was younger than its cadence; 20 days ago, 20 days had passed since a contact
    expect(history).toEqual([null, 100, Math.round(100 * 0.5 ** (20 / 30)), 100]);
  });
});

describe('daysBefore', () => {
  it('moves the instant and the calendar date back together', () => {
    expect(daysBefore(MOMENT, 30)).toEqual({ at: NOW - 30 * DAY_MS, today: daysAgo(30) });
  });
});

describe('scoreValue', () => {
  it('is the unrounded score', () => {
    const f = facts({ interactions: [interaction(20)], client: { since: daysAgo(60) } });
    expect(scoreValue(f, MOMENT, settings())).toBeCloseTo(100 * 0.5 ** (20 / 30), 9);
  });
});

describe('revenueShares', () => {
  const inv = (clientId: number, amountMinor: number, issuedDaysAgo: number, currency = 'EUR', voided = false) => ({
    clientId,
    amountMinor,
    currency,
    issued: daysAgo(issuedDaysAgo),
    voided,
  });

  it('shares the trailing 365 days of invoiced revenue, leaving out void and older invoices', () => {
    const shares = revenueShares(
      [inv(1, 3000, 10), inv(2, 1000, 364), inv(2, 9999, 365), inv(3, 5000, 10, 'EUR', true), inv(4, 100, -1)],
      MOMENT,
    );
    expect(shares).toEqual(new Map([[1, 0.75], [2, 0.25]]));
  });

  it('uses the share in the client dominant currency', () => {
    const shares = revenueShares(
      [inv(1, 1000, 10, 'USD'), inv(1, 1000, 20, 'USD'), inv(1, 500, 10), inv(2, 1500, 10), inv(3, 2000, 10, 'USD')],
      MOMENT,
    );
    expect(shares.get(1)).toBe(0.5); // 2 USD invoices: 2000 of 4000 USD
    expect(shares.get(2)).toBe(0.75);
    expect(shares.get(3)).toBe(0.5);
  });

  it('breaks a tie in invoice counts by the larger share', () => {
    const shares = revenueShares([inv(1, 1000, 10, 'USD'), inv(1, 100, 10), inv(2, 100, 10, 'USD')], MOMENT);
    expect(shares.get(1)).toBe(1); // EUR: all of it
  });
});

// Keep the builders honest: payments dated by days before today.
it('builders make a paid invoice', () => {
  expect(invoice(10, 100, [payment(1, 100)]).payments[0]!.paidOn).toBe(daysAgo(1));
  expect(appreciation(1).direction).toBe('to-client');
});

describe('inOrder', () => {
  it('sorts a copy and leaves the facts as they were', () => {
    const f = facts({ interactions: [interaction(1), interaction(5)] });
    const before = structuredClone(f);
    const ordered = inOrder(f);
    expect(f).toEqual(before);
    expect(ordered.interactions.map((i) => i.at)).toEqual([f.interactions[1]!.at, f.interactions[0]!.at]);
    expect(inOrder(ordered)).toBe(ordered);
  });
});
