import { describe, expect, it } from 'vitest';
import { daysBefore, healthReport, scoreClient } from '../../../src/core/score/index.js';
import {
  MOMENT,
  TODAY,
  appreciation,
  bid,
  conflictEvent,
  facts,
  interaction,
  invoice,
  payment,
  settings,
  topic,
} from './builders.js';

describe('scenarios', () => {
  it('(a) a client answered in time, appreciated both ways, in good spirits, paying on time is healthy', () => {
    const client = facts({
      bids: [bid(2, 3), bid(12, 20), bid(25, 5), bid(40, 30)],
      appreciations: [appreciation(5), appreciation(20, 'from-client'), appreciation(33), appreciation(60, 'from-client')],
      interactions: [
        interaction(2, { tone: 2 }),
        interaction(12, { tone: 1, feedback: true }),
        interaction(25, { tone: 1 }),
        interaction(40, { tone: -1 }),
      ],
      topics: [topic('scope', [conflictEvent(50, true)])],
      invoices: [invoice(90, 200_000, [payment(62, 200_000)]), invoice(40, 150_000, [payment(15, 150_000)]), invoice(5, 80_000)],
    });
    const card = scoreClient(client, MOMENT, settings());
    expect(card.band).toBe('healthy');
    expect(card.score).toBeGreaterThanOrEqual(90);
    expect(card.components.every((c) => c.score !== null)).toBe(true);
  });

  it('(b) unanswered bids, complaints, gridlock and an invoice 60+ days overdue is at-risk', () => {
    const client = facts({
      bids: [
        bid(30, null, { text: 'where is the report?' }),
        bid(21, null, { kind: 'complaint', text: 'the report is late again' }),
        bid(14, null, { kind: 'complaint', text: 'nobody answers' }),
        bid(60, 100),
      ],
      interactions: [interaction(40, { tone: -1, horsemen: ['criticism'] }), interaction(70, { tone: 1 })],
      topics: [topic('pricing', [conflictEvent(120), conflictEvent(70)])],
      invoices: [invoice(100, 150_000)], // due 70 days ago
    });
    const report = healthReport(client, MOMENT, settings(), null);
    expect(report.band).toBe('at-risk');
    expect(report.score).toBeLessThanOrEqual(50);
    expect(report.components.find((c) => c.key === 'conflict')!.summary).toContain('1 gridlocked topic ("pricing")');
    expect(report.reasons).toHaveLength(3);
    expect(report.actions).toHaveLength(3);
    expect(report.actions.join('\n')).toMatch(/Chase INV-\d+: 70 days overdue \(€1,500\.00\)|Answer Acme's open bid/);
  });

  it('(c) a brand new client with nothing logged has no data', () => {
    const report = healthReport(facts({ client: { since: TODAY } }), MOMENT, settings(), null);
    expect(report).toMatchObject({ score: null, band: 'no-data', reasons: [], actions: [] });
    expect(report.trend).toEqual({ days: 30, previous: null, delta: null });
    expect(report.components.map((c) => c.summary)).toEqual([
      'no bids logged',
      'nothing positive or negative logged',
      'no conflict logged',
      'no invoice due in the last 365 days and none open',
      'client for 0 days; appreciation is judged from day 90',
      'client for 0 days; contact is judged after one cadence (30 days)',
    ]);
  });

  it('(d) a client healthy 30 days ago who now has an overdue invoice and unanswered bids trends down', () => {
    const client = facts({
      bids: [bid(45, 2), bid(60, 10), bid(75, 4), bid(20), bid(12), bid(8)],
      appreciations: [appreciation(35), appreciation(50, 'from-client'), appreciation(70)],
      interactions: [interaction(32, { tone: 2 }), interaction(45, { tone: 1 }), interaction(60, { tone: 1 })],
      invoices: [
        invoice(120, 100_000, [payment(88, 100_000)]),
        invoice(50, 300_000), // due 20 days ago: not yet due 30 days ago
      ],
    });
    const report = healthReport(client, MOMENT, settings(), null);
    expect(report.trend.previous).not.toBeNull();
    expect(report.trend.previous!).toBeGreaterThanOrEqual(76);
    expect(report.trend.delta).toBe(report.score! - report.trend.previous!);
    expect(report.trend.delta!).toBeLessThan(0);
    expect(report.band).not.toBe('healthy');
    expect(scoreClient(client, daysBefore(MOMENT, 30), settings()).score).toBe(report.trend.previous);
  });
});
