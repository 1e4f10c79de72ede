import { describe, expect, it } from 'vitest';
import { scorePositivity } from '../../../src/core/score/positivity.js';
import type { ClientFacts } from '../../../src/core/types.js';
import { MOMENT, appreciation, bid, conflictEvent, facts, interaction, settings, topic } from './builders.js';

const score = (over: Parameters<typeof facts>[0]) => scorePositivity(facts(over), MOMENT, settings());
const sOf = (ratio: number) => Math.min(1, Math.max(0, (ratio - 0.8) / (5 - 0.8)));

describe('positivity', () => {
  it('is N/A when nothing positive or negative is logged', () => {
    const outcome = score({ interactions: [interaction(1, { tone: 0 })] });
    expect(outcome).toMatchObject({ s: null, summary: 'nothing positive or negative logged' });
  });

  it('is 1 with positives and no negatives', () => {
    expect(score({ interactions: [interaction(1, { tone: 1 })] }).s).toBe(1);
    expect(score({ appreciations: [appreciation(3, 'from-client')] }).s).toBe(1);
  });

  it('is 0 with negatives only', () => {
    expect(score({ interactions: [interaction(1, { tone: -1 })] }).s).toBe(0);
  });

  it('counts tone, appreciation both ways and feedback as positives', () => {
    // positives: tone 2 + feedback 1 + two appreciations = 5; negatives: tone -1 = 1 -> 5:1
    const outcome = score({
      interactions: [interaction(2, { tone: 2, feedback: true }), interaction(2, { tone: -1 })],
      appreciations: [appreciation(2, 'to-client'), appreciation(2, 'from-client')],
    });
    expect(outcome.s).toBeCloseTo(1, 12);
  });

  it('counts contempt double and the other horsemen once', () => {
    const withHorsemen = (horsemen: ClientFacts['interactions'][number]['horsemen']) =>
      score({ interactions: [interaction(2, { tone: 2 }), interaction(2, { tone: 0, horsemen })] }).s;
    expect(withHorsemen(['contempt'])).toBeCloseTo(sOf(2 / 2), 12);
    expect(withHorsemen(['criticism'])).toBeCloseTo(sOf(2 / 1), 12);
    expect(withHorsemen(['defensiveness', 'stonewalling'])).toBeCloseTo(sOf(2 / 2), 12);
  });

  it('counts a complaint 1 and a conflict event 1, or 0.5 when repaired', () => {
    const tone = [interaction(2, { tone: 2 }), interaction(2, { tone: 2 })];
    expect(score({ interactions: tone, bids: [bid(2, 1, { kind: 'complaint' })] }).s).toBeCloseTo(sOf(4), 12);
    const conflict = (repaired: boolean) => [topic('pricing', [conflictEvent(2, repaired)])];
    expect(score({ interactions: tone, topics: conflict(false) }).s).toBeCloseTo(sOf(4), 12);
    expect(score({ interactions: tone, topics: conflict(true) }).s).toBeCloseTo(sOf(8), 12);
  });

  it('decays signals with the positivity half-life', () => {
    const outcome = score({ interactions: [interaction(0, { tone: 1 }), interaction(60, { tone: -1 })] });
    expect(outcome.s).toBeCloseTo(sOf(1 / 0.5), 12);
    expect(outcome.evidence.map((e) => [e.decay, e.effect])).toEqual([
      [1, 'positive'],
      [0.5, 'negative'],
    ]);
  });

  it('ignores signals after now', () => {
    expect(score({ interactions: [interaction(-1, { tone: -2 }), interaction(1, { tone: 1 })] }).s).toBe(1);
  });

  it('summarises the counts against the Gottman ratios and suggests positives when low', () => {
    const outcome = score({ interactions: [interaction(1, { tone: 1 }), interaction(1, { tone: -1, horsemen: ['contempt'] })] });
    expect(outcome.summary).toBe(
      '1 positive signal to 3 negative (0.3:1 weighted by recency); stable relationships keep 5:1, failing ones 0.8:1',
    );
    expect(outcome.evidence.map((e) => e.what)).toContain('call, tone -1, contempt');
    expect(outcome.actions).toHaveLength(1);
    expect(outcome.actions[0]!.gain).toBeGreaterThan(0);
  });
});
