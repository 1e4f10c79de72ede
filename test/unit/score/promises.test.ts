import { describe, expect, it } from 'vitest';
import { scorePromises } from '../../../src/core/score/promises.js';
import { story } from '../../scenarios/story.js';
import { judge } from './run.js';

describe('promises', () => {
  it('has no evidence without promises, or while none is due', () => {
    expect(judge(scorePromises, story({ sinceDays: 100 }).build()).s).toBeNull();
    expect(judge(scorePromises, story({ sinceDays: 100 }).promise(3, -4, null, 'send the quote').build()).s).toBeNull();
  });

  it('deposits 1 for a promise kept on time, less for one kept late; an overdue one withdraws more every day', () => {
    expect(judge(scorePromises, story({ sinceDays: 100 }).promise(10, 5, 6, 'quote').build())).toMatchObject({ good: expect.closeTo(1, 1), bad: 0 });
    const late = judge(scorePromises, story({ sinceDays: 100 }).promise(20, 15, 0, 'quote').build());
    expect(late.good).toBeCloseTo(30 / 45, 6);
    const overdue = (days: number) => judge(scorePromises, story({ sinceDays: 200 }).promise(days + 5, days, null, 'quote').build()).bad;
    expect(overdue(1)).toBeLessThan(overdue(10));
    expect(overdue(10)).toBeLessThan(overdue(60));
    expect(overdue(60)).toBeLessThan(2);
  });

  it('names the overdue promise in plain words and says how to keep it', () => {
    const judged = judge(scorePromises, story({ sinceDays: 100 }).promise(30, 20, null, 'the revised quote').promise(40, 30, 28, 'call back').build());
    expect(judged.summary).toBe('1 promise overdue: "the revised quote" (20 days), 0 kept on time, 1 kept late');
    expect(judged.headline).toBe('"the revised quote" overdue');
    expect(judged.actions[0]!.text).toMatch(/^Keep your promise to Acme: "the revised quote", due \d{4}-\d{2}-\d{2} \(crm followup done \d+\)$/);
  });
});
