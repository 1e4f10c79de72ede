import { describe, expect, it } from 'vitest';
import { scoreBids } from '../../../src/core/score/bids.js';
import { MOMENT, NOW, bid, facts, settings } from './builders.js';
import { HOUR_MS } from '../../../src/core/dates.js';

const score = (...bids: ReturnType<typeof bid>[]) => scoreBids(facts({ bids }), MOMENT, settings());
const sOf = (rate: number) => Math.min(1, Math.max(0, (rate - 0.33) / (0.86 - 0.33)));

describe('bids', () => {
  it('is N/A with no bids', () => {
    expect(score()).toMatchObject({ s: null, summary: 'no bids logged', evidence: [] });
  });

  it('is N/A while every bid is still inside the reply window, and lists them as pending', () => {
    const outcome = score(bid(1));
    expect(outcome.s).toBeNull();
    expect(outcome.summary).toContain('1 bid still inside the reply window');
    expect(outcome.evidence).toHaveLength(1);
    expect(outcome.evidence[0]).toMatchObject({ decay: 1, effect: 'neutral' });
    expect(outcome.evidence[0]!.what).toContain('pending');
    expect(outcome.actions[0]!.text).toMatch(/^Answer Acme's bid from \d{4}-\d{2}-\d{2} before \d{4}-\d{2}-\d{2}: "send the quote"$/);
  });

  it('ignores bids in the future of now', () => {
    expect(score(bid(-1, null)).s).toBeNull();
  });

  it('gives full credit to a bid answered toward within the reply window', () => {
    expect(score(bid(5, 47)).s).toBe(1);
  });

  it('gives half credit to a bid answered late', () => {
    expect(score(bid(5, 49)).s).toBeCloseTo(sOf(0.5), 12);
  });

  it('gives no credit to an open bid past the window, nor to one turned against', () => {
    expect(score(bid(3)).s).toBe(0);
    expect(score(bid(5, 1, { response: 'against' })).s).toBe(0);
  });

  it('treats a bid answered after now as open at now', () => {
    const late = bid(5, null, { response: 'toward', answeredAt: NOW + HOUR_MS });
    expect(score(late).s).toBe(0);
  });

  it('uses the client reply window', () => {
    const outcome = scoreBids(facts({ bids: [bid(1)], client: { replyWithinHours: 12 } }), MOMENT, settings());
    expect(outcome.s).toBe(0);
  });

  it('maps the Gottman rates to 0 and 1 and clamps outside them', () => {
    // 1 in time, 3 unanswered of equal age: 25%, below the failing 33% -> 0
    expect(score(bid(10, 1), bid(10), bid(10), bid(10)).s).toBe(0);
    expect(score(bid(10, 1), bid(10), bid(10)).s).toBeCloseTo(sOf(1 / 3), 12);
    // all in time -> clamped at 1
    expect(score(bid(10, 1), bid(20, 1)).s).toBe(1);
  });

  it('decays older bids with the bids half-life', () => {
    // in time 10 days ago (weight 1), unanswered 40 days ago (weight 0.5 relative)
    const outcome = score(bid(10, 1), bid(40));
    expect(outcome.s).toBeCloseTo(sOf(1 / 1.5), 12);
    expect(outcome.evidence.map((e) => e.decay)).toEqual([0.79, 0.4]);
    expect(outcome.evidence.map((e) => e.effect)).toEqual(['positive', 'negative']);
  });

  it('follows the half-life setting', () => {
    const outcome = scoreBids(facts({ bids: [bid(10, 1), bid(20)] }), MOMENT, settings({ 'health.halflife.bids': 10 }));
    expect(outcome.s).toBeCloseTo(sOf(1 / 1.5), 12);
  });

  it('summarises the raw figure against the Gottman rate', () => {
    const outcome = score(bid(10, 1), bid(12, 1), bid(14, 100), bid(16), bid(1));
    expect(outcome.summary).toMatch(
      /^2 of 4 bids answered in time, 1 late, 1 unanswered \(\d+% weighted by recency\); lasting relationships answer 86%; 1 pending$/,
    );
  });

  it('suggests answering open bids, the one worth most first', () => {
    const outcome = score(bid(10, 1), bid(40, null, { text: 'old' }), bid(5, null, { text: 'recent' }));
    expect(outcome.actions.map((a) => a.text)).toEqual([
      expect.stringMatching(/^Answer Acme's 2 open bids, the oldest from \d{4}-\d{2}-\d{2}: "old"$/),
      expect.stringContaining('"recent"'),
      expect.stringContaining('"old"'),
    ]);
    expect(outcome.actions[0]!.gain).toBeGreaterThan(outcome.actions[1]!.gain);
    expect(outcome.actions[1]!.gain).toBeGreaterThan(outcome.actions[2]!.gain);
  });

  it('computes only s when not explaining', () => {
    const outcome = scoreBids(facts({ bids: [bid(10, 1), bid(40)] }), MOMENT, settings(), false);
    expect(outcome).toEqual({ s: score(bid(10, 1), bid(40)).s, summary: '', evidence: [], actions: [] });
  });
});
