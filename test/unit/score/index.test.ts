// The engine of health model 2: evidence against a starting point, caps, confidence, points that add up,
// trend, and the words. Components have their own tests; the stories are in test/scenarios.
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../src/core/dates.js';
import {
  COMPONENT_LABELS,
  daysBefore,
  healthReport,
  inOrder,
  assess,
  revenueShares,
  revenueTallies,
  scoreAt,
  type HealthReport,
} from '../../../src/core/score/index.js';
import { COMPONENT_KEYS } from '../../../src/core/settings.js';
import { story } from '../../scenarios/story.js';
import { MOMENT, NOW, TODAY, daysAgo, facts, interaction, settings } from './builders.js';

const report = (f: ReturnType<typeof facts>, over = {}, revenue: { share: number; currency: string | null } | null = null): HealthReport =>
  healthReport(f, MOMENT, settings(over), revenue);

/** The client of the issue: three weeks old, one call. */
const threeWeeks = (tone: number) => {
  const s = story({ sinceDays: 21 });
  s.talk(0, { tone });
  return s.build();
};

describe('the starting point and thin evidence', () => {
  it('scores nothing when nothing is known: a client added this moment', () => {
    const r = report(story({ sinceDays: 0 }).build());
    expect(r).toMatchObject({ score: null, band: 'no-data', confidence: null, caps: [], reasons: [], actions: [] });
    expect(r.prior).toEqual({ earned: 0, missed: 0 });
  });

  it('leans on the starting point: one sour call is watch and one good call healthy, not 0 and 100', () => {
    const sour = report(threeWeeks(-1));
    const good = report(threeWeeks(1));
    expect(sour).toMatchObject({ band: 'watch', confidence: 'low' });
    expect(good).toMatchObject({ band: 'healthy', confidence: 'low' });
    expect(sour.score!).toBeGreaterThan(50);
    expect(good.score!).toBeLessThan(90);
    expect(sour.notes).toContain('Early days: 1 signal so far, so the score leans on the starting point (72) until more is known');
  });

  it('says so with high confidence when evidence outweighs the starting point', () => {
    const s = story({ sinceDays: 600, cadenceDays: 14 });
    s.rhythm(2, 14, 40, { tone: 1, channel: 'video' });
    for (let d = 5; d < 300; d += 20) s.bid(d, 'a question?', { answeredAfterHours: 2 });
    for (let d = 40; d < 400; d += 30) s.invoice(d, 2000, { paidAfterDays: 20 });
    expect(report(s.build()).confidence).toBe('high');
  });
});

describe('history before the book knew the client', () => {
  const oldCo = () => story({ name: 'Old Co', sinceDays: 698, enteredDays: 0 });

  it('is unknown, not bad: a back-dated client added today has no score, no trend and nothing missing', () => {
    const r = report(oldCo().build());
    expect(r.score).toBeNull();
    expect(JSON.stringify(r)).not.toMatch(/698|no appreciation shown/);
  });

  it('gives a back-dated client no invented trend once something is logged', () => {
    const s = oldCo();
    s.talk(0, { tone: 1 });
    const r = report(s.build());
    expect(r.band).toBe('healthy');
    expect(r.trend).toEqual({ days: 30, previous: null, delta: null, fading: false });
  });

  it('gives null as of a date before the client entered the book', () => {
    const s = story({ sinceDays: 400, enteredDays: 100 });
    s.talk(200, { tone: 1 });
    s.talk(50, { tone: 1 });
    expect(scoreAt(s.build(), daysBefore(MOMENT, 150), settings())).toBeNull();
    expect(scoreAt(s.build(), daysBefore(MOMENT, 50), settings())).not.toBeNull();
  });
});

describe('harm never raises the score (the cases of the issue)', () => {
  const base = () => {
    const s = story({ sinceDays: 300, cadenceDays: 30 });
    s.rhythm(5, 25, 10, { tone: 1 });
    s.bid(30, 'one?', { answeredAfterHours: 2 });
    return s;
  };

  it('ignoring one more request, an unrepaired conflict, more contemptuous calls: each lowers it', () => {
    const before = scoreAt(base().build(), MOMENT, settings())!;
    expect(scoreAt(base().bid(3, 'one more?').build(), MOMENT, settings())!).toBeLessThan(before);
    expect(scoreAt(base().conflict(2, 'deadlines').build(), MOMENT, settings())!).toBeLessThan(before);
    const contempt = base();
    for (const d of [3, 2, 1]) contempt.talk(d, { tone: -1, horsemen: ['contempt'] });
    expect(scoreAt(contempt.build(), MOMENT, settings())!).toBeLessThan(before);
  });

  it('silence fades old evidence absolutely: a year of silence is not healthy', () => {
    const s = story({ sinceDays: 800, cadenceDays: 30 });
    s.rhythm(365, 30, 12, { tone: 1 });
    for (let d = 370; d < 700; d += 30) s.invoice(d, 2000, { paidAfterDays: 25 });
    const r = report(s.build());
    expect(r.band).toBe('watch');
    expect(r.reasons[0]).toMatch(/^Contact: /);
  });
});

describe('caps', () => {
  const lovely = () => {
    const s = story({ sinceDays: 600 });
    s.rhythm(3, 20, 25, { tone: 2, channel: 'meeting' });
    for (let d = 40; d < 360; d += 30) s.invoice(d + 30, 2000, { paidAfterDays: 25 });
    return s;
  };

  it('shows an invoice more than 30 days overdue as its own line, and lifts it once nearly all is paid', () => {
    const capped = report(lovely().invoice(75, 12000, { number: 'INV-7' }).build());
    expect(capped.caps).toEqual([{ key: 'overdue:INV-7', reason: 'INV-7 is 45 days overdue (€12,000.00 open)', band: 'watch' }]);
    expect(capped.score).toBe(75);
    expect(capped.capAdjustment).toBeLessThan(0);
    expect(capped.actions[0]).toBe('Chase INV-7: 45 days overdue, €12,000.00 open');
    const almost = report(lovely().invoice(75, 12000, { number: 'INV-7', parts: [[70, 11500]] }).build());
    expect(almost.caps).toEqual([]);
    expect(almost.band).toBe('healthy');
  });

  it('caps at at-risk past 90 days overdue', () => {
    expect(report(lovely().invoice(130, 12000, { number: 'INV-7' }).build()).caps[0]).toMatchObject({ band: 'at-risk' });
  });

  it('caps contempt in two of the last three warm or contemptuous conversations, and a hostile call cannot lift it', () => {
    const s = lovely();
    s.talk(2, { tone: -1, horsemen: ['contempt'] });
    expect(report(s.build()).caps).toEqual([]);
    s.talk(1, { tone: -2, horsemen: ['contempt'] });
    expect(report(s.build()).caps.map((c) => c.key)).toEqual(['contempt']);
    s.talk(0.5, { tone: -2, horsemen: ['criticism'] });
    expect(report(s.build()).caps.map((c) => c.key)).toEqual(['contempt']);
    s.talk(0.2, { tone: 1 });
    s.talk(0.1, { tone: 1 });
    expect(report(s.build()).caps).toEqual([]);
  });

  it('caps a gridlocked topic at watch and names it', () => {
    const s = lovely();
    for (const d of [50, 30, 10]) s.conflict(d, 'scope creep');
    const r = report(s.build());
    expect(r.caps[0]!.reason).toBe('"scope creep" is gridlocked: raised 3 times in a row without a repair or a calm talk');
    expect(r.band).toBe('watch');
  });
});

describe('points add up', () => {
  it('the starting point, the components and the cap adjustment make the score; a full bar is full points', () => {
    const r = report(threeWeeks(1));
    const parts = [r.prior, ...r.components];
    const tenths = parts.reduce((sum, p) => sum + Math.round(p.earned * 10), 0) + r.capAdjustment * 10;
    expect(tenths).toBe(r.score! * 10);
    for (const c of r.components) if (c.score === 100) expect(c.missed).toBe(0);
  });
});

describe('words', () => {
  it('follows the JSON contract, with model 2 keys added', () => {
    const r = report(threeWeeks(1), {}, { share: 0.25, currency: null });
    expect(Object.keys(r)).toEqual([
      'client', 'asOf', 'score', 'band', 'confidence', 'signals', 'trend', 'revenueShare', 'prior', 'components', 'caps',
      'capAdjustment', 'reasons', 'actions', 'notes', 'terms',
    ]);
    expect(r.components.map((c) => c.key)).toEqual([...COMPONENT_KEYS]);
    expect(Object.keys(r.components[0]!)).toEqual(['key', 'score', 'weight', 'earned', 'missed', 'signals', 'summary', 'headline', 'evidence']);
    expect(r.revenueShare).toBe(0.25);
  });

  it('warns about a dependency on the client\'s own card, per currency when the book bills in several', () => {
    expect(report(threeWeeks(1), {}, { share: 0.7, currency: null }).notes[0]).toBe(
      'Acme brings 70% of your revenue over the last 12 months: a dependency risk (over 40%)',
    );
    expect(report(threeWeeks(1), {}, { share: 0.61, currency: 'EUR' }).notes[0]).toMatch(/^Acme brings 61% of your EUR revenue/);
  });

  it('names what costs the most by label and summary, and glosses only the jargon it used', () => {
    const s = story({ sinceDays: 300 });
    s.bid(10, 'send the report');
    s.talk(4, { tone: -1, horsemen: ['criticism'] });
    const r = report(s.build());
    expect(r.reasons.map((x) => x.split(':')[0])).toEqual(expect.arrayContaining([COMPONENT_LABELS.bids, COMPONENT_LABELS.positivity]));
    expect(r.terms).toEqual(['bid', 'horsemen', 'prior', 'ratio']);
  });

  it('never suggests repairing a topic that was talked through', () => {
    const s = story({ sinceDays: 300 });
    for (const d of [30, 20, 10]) s.conflict(d, 'deadlines');
    expect(report(s.build()).actions.join('\n')).toMatch(/deadlines/);
    s.conflict(1, 'deadlines', { repaired: true });
    expect(report(s.build()).actions.join('\n')).not.toMatch(/deadlines/);
  });
});

describe('trend', () => {
  it('says when a rise comes only from older problems fading', () => {
    const s = story({ sinceDays: 400, cadenceDays: 60 });
    s.rhythm(45, 30, 10, { tone: 1 });
    s.talk(50, { tone: -2, horsemen: ['criticism'] });
    s.talk(40, { tone: -2, horsemen: ['defensiveness'] });
    const r = report(s.build());
    expect(r.trend.delta!).toBeGreaterThan(0);
    expect(r.trend.fading).toBe(true);
    s.talk(1, { tone: 2, channel: 'in-person' });
    expect(report(s.build()).trend.fading).toBe(false);
  });
});

describe('scoreHistory', () => {
  it('scores the log as it stood at each step, oldest first', () => {
    const f = facts({ interactions: [interaction(0, { tone: 1 }), interaction(40, { tone: 1 })], client: { since: daysAgo(80), trackedFrom: NOW - 80 * DAY_MS } });
    const { report, history } = assess(f, MOMENT, settings(), null, { history: true });
    expect(history).toHaveLength(8);
    expect(history[7]).toBe(report.score);
    expect(history[7]).toBe(scoreAt(f, MOMENT, settings()));
    expect(history[5]).toBe(scoreAt(f, daysBefore(MOMENT, 14), settings()));
    expect(history[0]).toBe(scoreAt(f, daysBefore(MOMENT, 49), settings()));
  });
});

describe('daysBefore', () => {
  it('moves the instant and the calendar date back together', () => {
    expect(daysBefore(MOMENT, 30)).toEqual({ at: NOW - 30 * DAY_MS, today: daysAgo(30) });
  });
});

describe('revenueShares', () => {
  const inv = (clientId: number, amountMinor: number, issuedDaysAgo: number, currency = 'EUR', voided = false) => ({
    clientId, amountMinor, currency, issued: daysAgo(issuedDaysAgo), voided,
  });

  it('shares the trailing 365 days of invoiced revenue, leaving out void and older invoices', () => {
    const shares = revenueShares(revenueTallies([inv(1, 3000, 10), inv(2, 1000, 364), inv(2, 9999, 365), inv(3, 5000, 10, 'EUR', true), inv(4, 100, -1)], MOMENT));
    expect(shares).toEqual(new Map([[1, { share: 0.75, currency: null }], [2, { share: 0.25, currency: null }]]));
  });

  it('uses the share in the client\'s dominant currency, and names it when the book bills in several', () => {
    const shares = revenueShares(revenueTallies([inv(1, 1000, 10, 'USD'), inv(1, 1000, 20, 'USD'), inv(1, 500, 10), inv(2, 1500, 10), inv(3, 2000, 10, 'USD')], MOMENT));
    expect(shares.get(1)).toEqual({ share: 0.5, currency: 'USD' });
    expect(shares.get(2)).toEqual({ share: 0.75, currency: 'EUR' });
  });

  it('breaks a tie in invoice counts by the larger share', () => {
    const shares = revenueShares(revenueTallies([inv(1, 1000, 10, 'USD'), inv(1, 100, 10), inv(2, 100, 10, 'USD')], MOMENT));
    expect(shares.get(1)).toEqual({ share: 1, currency: 'EUR' });
  });
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

  it('orders rows at the same instant by what they say, never by id', () => {
    const a = interaction(1, { id: 1, tone: 2 });
    const b = interaction(1, { id: 2, tone: -1 });
    const one = inOrder(facts({ interactions: [a, b] })).interactions.map((i) => i.tone);
    const two = inOrder(facts({ interactions: [{ ...a, id: 2 }, { ...b, id: 1 }] })).interactions.map((i) => i.tone);
    expect(one).toEqual(two);
  });
});

it('TODAY is the local date of NOW', () => {
  expect(TODAY).toBe(MOMENT.today);
});
