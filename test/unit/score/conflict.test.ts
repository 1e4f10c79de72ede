import { describe, expect, it } from 'vitest';
import { scoreConflict } from '../../../src/core/score/conflict.js';
import { MOMENT, conflictEvent, facts, settings, topic } from './builders.js';

const score = (...topics: ReturnType<typeof topic>[]) => scoreConflict(facts({ topics }), MOMENT, settings());

describe('conflict', () => {
  it('is N/A with no conflict event, or only future ones', () => {
    expect(score()).toMatchObject({ s: null, summary: 'no conflict logged' });
    expect(score(topic('pricing', [])).s).toBeNull();
    expect(score(topic('pricing', [conflictEvent(-2)])).s).toBeNull();
  });

  it('is the share of events repaired', () => {
    const outcome = score(topic('pricing', [conflictEvent(10, true), conflictEvent(10, true), conflictEvent(10, false)]));
    expect(outcome.s).toBeCloseTo(2 / 3, 12);
    expect(outcome.summary).toBe('2 of 3 conflict events repaired (67% weighted by recency); no gridlocked topic');
  });

  it('does not penalise recurrence itself', () => {
    expect(score(topic('scope', [conflictEvent(200, true), conflictEvent(100, true), conflictEvent(70, true)])).s).toBe(1);
  });

  it('decays events with the conflict half-life', () => {
    expect(score(topic('a', [conflictEvent(0, true)]), topic('b', [conflictEvent(90, false)])).s).toBeCloseTo(1 / 1.5, 12);
  });

  it('takes 0.25 off per gridlocked topic: recurring, unrepaired, not resolved, not raised in 60 days', () => {
    const repaired = topic('scope', [conflictEvent(70, true), conflictEvent(70, true), conflictEvent(70, true)]);
    const pricing = topic('pricing', [conflictEvent(70), conflictEvent(70)]);
    const outcome = score(repaired, pricing);
    expect(outcome.s).toBeCloseTo(0.6 - 0.25, 12);
    expect(outcome.summary).toBe('3 of 5 conflict events repaired (60% weighted by recency); 1 gridlocked topic ("pricing")');
    expect(outcome.actions[0]!.text).toBe('Revisit "pricing": recurring, unrepaired, last raised 70 days ago');
    expect(outcome.evidence.filter((e) => e.what.includes('(gridlocked)'))).toHaveLength(2);
  });

  it('is not gridlock when raised recently, raised once, repaired once, or resolved', () => {
    const repaired = topic('scope', [conflictEvent(70, true), conflictEvent(70, true), conflictEvent(70, true)]);
    expect(score(repaired, topic('pricing', [conflictEvent(80), conflictEvent(50)])).s).toBeGreaterThan(0.55);
    expect(score(repaired, topic('pricing', [conflictEvent(70)])).s).toBeCloseTo(0.75, 12);
    expect(score(repaired, topic('pricing', [conflictEvent(70), conflictEvent(70), conflictEvent(70, true)])).s).toBeCloseTo(4 / 6, 12);
    expect(score(repaired, topic('pricing', [conflictEvent(70), conflictEvent(70)], { status: 'resolved' })).s).toBeCloseTo(0.6, 12);
  });

  it('follows the gridlock setting', () => {
    const pricing = topic('pricing', [conflictEvent(40, true), conflictEvent(40), conflictEvent(40)]);
    const stuck = topic('scope', [conflictEvent(40), conflictEvent(40)]);
    const outcome = scoreConflict(facts({ topics: [pricing, stuck] }), MOMENT, settings({ 'health.gridlock.days': 30 }));
    expect(outcome.s).toBe(0); // 1 of 5 repaired, minus 0.25
    expect(outcome.summary).toContain('1 gridlocked topic ("scope")');
  });

  it('clamps at 0 with several gridlocked topics', () => {
    const stuck = (name: string) => topic(name, [conflictEvent(100), conflictEvent(90)]);
    expect(score(stuck('a'), stuck('b'), topic('c', [conflictEvent(90, true)])).s).toBe(0);
  });

  it('suggests repairing an unrepaired topic that is not gridlocked yet', () => {
    const outcome = score(topic('scope', [conflictEvent(5)]));
    expect(outcome.actions.map((a) => a.text)).toEqual(['Repair "scope": raised 5 days ago, not repaired yet']);
    expect(outcome.actions[0]!.gain).toBeCloseTo(100, 9);
  });
});
