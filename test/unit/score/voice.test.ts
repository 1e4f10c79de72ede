import { describe, expect, it } from 'vitest';
import { scoreVoice } from '../../../src/core/score/voice.js';
import { story } from '../../scenarios/story.js';
import { judge } from './run.js';

describe('your needs (voice)', () => {
  it('credits speaking up, more when heard, and feedback received', () => {
    expect(judge(scoreVoice, story({ sinceDays: 100 }).voice(0, 'pay within 14 days').build())).toMatchObject({ good: 0.5, bad: 0 });
    expect(judge(scoreVoice, story({ sinceDays: 100 }).voice(0, 'pay within 14 days', 'heard', 0).build())).toMatchObject({ good: 1.5, bad: 0 });
    const s = story({ sinceDays: 100 });
    s.talk(0, { tone: 1, feedback: true });
    expect(judge(scoreVoice, s.build())).toMatchObject({ good: 1, bad: 0 });
  });

  it('keeps the credit for speaking up when a need raised once is not heard', () => {
    expect(judge(scoreVoice, story({ sinceDays: 100 }).voice(0, 'no calls at weekends', 'ignored', 0).build())).toMatchObject({ good: 0.5, bad: 0 });
  });

  it('counts a need whose last two raisings went unheard as ignored, and names it', () => {
    const s = story({ sinceDays: 100 }).voice(40, 'No calls at weekends', 'ignored', 35).voice(10, 'no calls  at weekends');
    expect(judge(scoreVoice, s.build()).bad).toBe(0);
    const ignored = judge(scoreVoice, story({ sinceDays: 100 }).voice(40, 'No calls at weekends', 'ignored', 35).voice(10, 'no calls at weekends', 'ignored', 5).build());
    expect(ignored.bad).toBe(1.5);
    expect(ignored.summary).toMatch(/^you raised "no calls at weekends" 2 times; not heard/);
    expect(ignored.headline).toBe('"no calls at weekends" not heard');
    expect(ignored.actions[0]!.text).toMatch(/^Acme has not heard "no calls at weekends" \(raised 2 times\): say plainly what you need and why/);
  });
});
