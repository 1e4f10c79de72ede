import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../../src/core/money.js';
import { moneyText } from '../../../src/core/score/explain.js';
import { scorePayments } from '../../../src/core/score/payments.js';
import { MOMENT, daysAgo, facts, invoice, payment, settings } from './builders.js';

const score = (...invoices: ReturnType<typeof invoice>[]) => scorePayments(facts({ invoices }), MOMENT, settings());
/** An open invoice `overdue` days past due today. */
const overdueBy = (overdue: number, amount = 100_000, payments: ReturnType<typeof payment>[] = []) =>
  invoice(overdue + 30, amount, payments);

describe('payments', () => {
  it('is N/A with no invoice in the window', () => {
    expect(score().s).toBeNull();
    expect(score().summary).toBe('no invoice due in the last 365 days and none open');
        expect(score(invoice(60, 1000, [], { voided: true })).s).toBeNull();
    expect(score(invoice(-3, 1000)).s).toBeNull(); // issued after today
    expect(score(invoice(530, 1000, [payment(500, 1000)])).s).toBeNull(); // due and paid over a year ago
  });

  it('is 1 for invoices paid on time or not yet due', () => {
    expect(score(invoice(60, 1000, [payment(31, 1000)])).s).toBe(1);
    expect(score(invoice(10, 1000)).s).toBe(1);
  });

  it('counts days late against 60 (L)', () => {
    // paid 30 days late: L = 0.5, P = 0
    const outcome = score(invoice(100, 1000, [payment(40, 1000)]));
    expect(outcome.s).toBeCloseTo(0.75, 12);
    expect(outcome.evidence[0]!.what).toContain('30 days late');
  });

  it('weights lateness by amount', () => {
    expect(score(invoice(100, 3000, [payment(70, 3000)]), invoice(100, 1000, [payment(10, 1000)])).s).toBeCloseTo(
      1 - 0.5 * (60_000 / 4000 / 60),
      12,
    );
  });

  it('ages the open balance in buckets (P)', () => {
    const s = (overdue: number, bucket: number) => 1 - Math.min(1, 0.5 * (overdue / 60) + 0.5 * bucket);
    expect(score(overdueBy(10)).s).toBeCloseTo(s(10, 0.25), 12);
    expect(score(overdueBy(30)).s).toBeCloseTo(s(30, 0.25), 12);
    expect(score(overdueBy(31)).s).toBeCloseTo(s(31, 0.5), 12);
    expect(score(overdueBy(60)).s).toBeCloseTo(s(60, 0.5), 12);
    expect(score(overdueBy(61)).s).toBeCloseTo(s(61, 0.75), 12);
    expect(score(overdueBy(90)).s).toBe(0);
    expect(score(overdueBy(0)).s).toBe(1); // due today: not yet late
  });

  it('counts only the open part of a partly paid invoice in P', () => {
    expect(score(overdueBy(45, 1000, [payment(5, 400)])).s).toBeCloseTo(1 - (0.5 * 0.75 + 0.5 * 0.3), 12);
  });

  it('keeps an old open invoice in the window whatever its due date', () => {
    expect(score(overdueBy(400)).s).toBe(0);
  });

  it('ignores payments dated after today', () => {
    expect(score(overdueBy(45, 1000, [payment(-2, 1000)])).s).toBeCloseTo(1 - (0.5 * 0.75 + 0.5 * 0.5), 12);
  });

  it('dates lateness from the payment that settled the invoice', () => {
    // 500 on time, 500 twenty days late: 20 days late
    expect(score(invoice(100, 1000, [payment(75, 500), payment(50, 500)])).s).toBeCloseTo(1 - 0.5 * (20 / 60), 12);
  });

  it('keeps currencies apart and weights each by its number of invoices', () => {
    const eur = invoice(60, 1000, [payment(31, 1000)]);
    const usdOnTime = invoice(100, 500, [payment(71, 500)], { currency: 'USD' });
    const usdLate = invoice(100, 500, [payment(10, 500)], { currency: 'USD' });
    expect(score(eur, usdOnTime, usdLate).s).toBeCloseTo((1 + 2 * (1 - 0.5 * (30 / 60))) / 3, 12);
  });

  it('summarises the invoices and suggests chasing the overdue ones', () => {
    const outcome = score(invoice(60, 150_000, [payment(31, 150_000)]), overdueBy(38, 150_000), overdueBy(5, 2_000), invoice(5, 1000));
    expect(outcome.summary).toBe(
      '4 invoices due in the last 365 days or open: 1 paid on time, 0 paid late, 1 open, not yet due, 2 overdue (€1,520.00 outstanding); 19 days late on average, by amount',
    );
    expect(outcome.actions.map((a) => a.text)).toEqual([
      expect.stringMatching(/^Chase INV-\d+: 38 days overdue \(€1,500\.00\)$/),
      expect.stringMatching(/^Chase INV-\d+: 5 days overdue \(€20\.00\)$/),
    ]);
    expect(outcome.evidence.map((e) => e.date)).toEqual([daysAgo(-25), daysAgo(5), daysAgo(30), daysAgo(38)]);
  });
});

describe('moneyText', () => {
  it('formats like formatMoney', () => {
    for (const [minor, currency, locale] of [
      [150_050, 'EUR', 'en-US'],
      [5, 'EUR', 'de-DE'],
      [1234, 'JPY', 'en-US'],
      [1_234_567, 'KWD', 'en-US'],
      [-250, 'USD', 'en-US'],
      [900_719_925_474_099, 'EUR', 'en-US'],
    ] as const) {
      expect(moneyText(minor, currency, locale)).toBe(formatMoney(minor, currency, locale));
    }
  });
});
