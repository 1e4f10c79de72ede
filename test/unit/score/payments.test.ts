import { describe, expect, it } from 'vitest';
import { scorePayments } from '../../../src/core/score/payments.js';
import { story } from '../../scenarios/story.js';
import { judge } from './run.js';

/** A client who has paid ten EUR 2,000 invoices on time, one a month. */
function reliable() {
  const s = story({ sinceDays: 600 });
  for (let d = 30; d <= 300; d += 30) s.invoice(d + 30, 2000, { terms: 30, paidAfterDays: 25 });
  return s;
}

describe('payments', () => {
  it('has no evidence before an invoice is paid or falls due', () => {
    expect(judge(scorePayments, story({ sinceDays: 10 }).invoice(5, 900).build()).s).toBeNull();
  });

  it('is all good for invoices paid on time, fading with age', () => {
    const judged = judge(scorePayments, reliable().build());
    expect(judged.bad).toBe(0);
    expect(judged.good).toBeGreaterThan(3);
    expect(judged.good).toBeLessThan(10);
  });

  it('weighs an overdue invoice by how many typical invoices it is worth (up to 4) and how long it is overdue', () => {
    const big45 = judge(scorePayments, reliable().invoice(75, 12000, { number: 'INV-BIG' }).build());
    const big90 = judge(scorePayments, reliable().invoice(120, 12000, { number: 'INV-BIG' }).build());
    const small45 = judge(scorePayments, reliable().invoice(75, 2000, { number: 'INV-SMALL' }).build());
    expect(big45.bad).toBeCloseTo(4 * (45 / 75), 6);
    expect(big90.bad).toBeGreaterThan(big45.bad);
    expect(small45.bad).toBeLessThan(big45.bad / 3);
    expect(big45.summary).toMatch(/^INV-BIG is 45 days overdue with €12,000\.00 open \(\d(\.\d)?× what Acme usually pays per invoice\)/);
    expect(big45.actions[0]).toMatchObject({ text: 'Chase INV-BIG: 45 days overdue, €12,000.00 open', lifts: 'overdue:INV-BIG' });
  });

  it('costs more with every additional overdue invoice', () => {
    const one = judge(scorePayments, reliable().invoice(120, 12000).build());
    const two = judge(scorePayments, reliable().invoice(120, 12000).invoice(75, 3000).build());
    expect(two.bad).toBeGreaterThan(one.bad);
    expect(two.s!).toBeLessThan(one.s!);
  });

  it('never weighs an invoice more once it is paid, and credits a late payment less than an early one', () => {
    const open = judge(scorePayments, reliable().invoice(100, 3000).build());
    const paidLate = judge(scorePayments, reliable().invoice(100, 3000, { paidAfterDays: 95 }).build());
    expect(paidLate.bad).toBeLessThan(open.bad);
    expect(paidLate.good).toBeGreaterThan(open.good);
  });

  it('lets a client who now pays on time recover: old late payments fade, recent ones count most', () => {
    const s = story({ sinceDays: 800 });
    for (let d = 420; d >= 240; d -= 30) s.invoice(d, 3000, { paidAfterDays: 90 });
    const before = judge(scorePayments, s.build()).s!;
    for (let d = 190; d >= 40; d -= 30) s.invoice(d, 3000, { paidAfterDays: 28 });
    expect(judge(scorePayments, s.build()).s!).toBeGreaterThan(before + 0.3);
  });

  it('keeps currencies apart for typical billing but adds their weights', () => {
    const judged = judge(scorePayments, reliable().invoice(100, 500, { currency: 'USD' }).build());
    // no USD history: the overdue USD invoice is worth the maximum of 4 typical invoices
    expect(judged.bad).toBeCloseTo(4 * (70 / 100), 6);
  });
});
