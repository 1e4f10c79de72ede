import { describe, expect, it } from 'vitest';
import { scoreAppreciation } from '../../../src/core/score/appreciation.js';
import { MOMENT, appreciation, daysAgo, facts, settings } from './builders.js';

const score = (appreciations: ReturnType<typeof appreciation>[], since = daysAgo(400)) =>
  scoreAppreciation(facts({ appreciations, client: { since } }), MOMENT, settings());

describe('appreciation', () => {
  it('is N/A while the client is younger than 90 days', () => {
    const outcome = score([appreciation(1)], daysAgo(89));
    expect(outcome).toMatchObject({ s: null, summary: 'client for 89 days; appreciation is judged from day 90' });
  });

  it('is judged from day 90, and 0 with nothing logged', () => {
    const outcome = score([], daysAgo(90));
    expect(outcome).toMatchObject({ s: 0, summary: 'no appreciation logged in either direction' });
    expect(outcome.actions.map((a) => a.text)).toEqual(['Show appreciation to Acme: none shown yet']);
  });

  it('gives full credit for three recent gestures, in either direction', () => {
    expect(score([appreciation(0), appreciation(0, 'from-client'), appreciation(0)]).s).toBeCloseTo(1, 12);
    expect(score([appreciation(0, 'from-client')]).s).toBeCloseTo(1 / 3, 12);
    expect(score([appreciation(1), appreciation(1), appreciation(1), appreciation(1)]).s).toBe(1);
  });

  it('decays gestures with the appreciation half-life', () => {
    const outcome = score([appreciation(45)]);
    expect(outcome.s).toBeCloseTo(0.5 / 3, 12);
    expect(outcome.evidence[0]).toMatchObject({ decay: 0.5, effect: 'positive', what: 'thanks to the client' });
  });

  it('ignores gestures after now', () => {
    expect(score([appreciation(-1)]).s).toBe(0);
  });

  it('summarises the directions and suggests showing appreciation', () => {
    const outcome = score([appreciation(120, 'to-client'), appreciation(20, 'from-client', { kind: 'referral' })]);
    expect(outcome.summary).toBe(
      `2 gestures (1 to Acme, 1 from them), 0.9 weighted by recency against 3 for full credit; last on ${daysAgo(20)}`,
    );
    expect(outcome.actions.map((a) => a.text)).toEqual(['Show appreciation to Acme: nothing in 120 days']);
  });
});
