import { describe, expect, it } from 'vitest';
import { scoreAppreciation } from '../../../src/core/score/appreciation.js';
import { story } from '../../scenarios/story.js';
import { judge } from './run.js';

describe('appreciation', () => {
  it('does not miss appreciation before crm has followed the client for 90 days', () => {
    expect(judge(scoreAppreciation, story({ sinceDays: 60 }).build()).s).toBeNull();
    expect(judge(scoreAppreciation, story({ sinceDays: 698, enteredDays: 10 }).build()).s).toBeNull();
  });

  it('counts every gesture either way as good, fading; neglect past 90 days grows, up to 2', () => {
    expect(judge(scoreAppreciation, story({ sinceDays: 400 }).appreciation(10, 'from-client').build()).good).toBeGreaterThan(0.9);
    const neglect = (days: number) => judge(scoreAppreciation, story({ sinceDays: 900 }).appreciation(days).build()).bad;
    expect(neglect(80)).toBe(0);
    expect(neglect(180)).toBeCloseTo(1, 6);
    expect(neglect(800)).toBe(2);
  });

  it('says so when only the user shows appreciation', () => {
    const s = story({ sinceDays: 400 });
    for (const d of [10, 60, 120]) s.appreciation(d, 'to-client', 'gift');
    expect(judge(scoreAppreciation, s.build()).notes).toEqual([
      'Only you show appreciation: 3 gestures to Acme in the last year, none from them. That is not an equal partnership yet',
    ]);
    s.appreciation(5, 'from-client', 'referral');
    expect(judge(scoreAppreciation, s.build()).notes).toEqual([]);
  });
});
