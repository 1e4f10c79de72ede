import { describe, expect, it } from 'vitest';
import { scorePositivity } from '../../../src/core/score/positivity.js';
import { story } from '../../scenarios/story.js';
import { judge } from './run.js';

const client = () => story({ sinceDays: 400 });

describe('tone (good moments against hard ones)', () => {
  it('has no evidence from neutral interactions', () => {
    expect(judge(scorePositivity, client().rhythm(3, 10, 5, { tone: 0 }).build()).s).toBeNull();
  });

  it('weighs a good moment by its tone and channel, a hard one by its tone and horsemen whatever the channel', () => {
    const good = (channel: 'in-person' | 'call' | 'email') => {
      const s = client();
      s.talk(0, { tone: 2, channel });
      return judge(scorePositivity, s.build()).good;
    };
    expect([good('in-person'), good('call'), good('email')]).toEqual([2, 1.6, 1.2]);
    const hard = (channel: 'in-person' | 'email') => {
      const s = client();
      s.talk(0, { tone: -1, channel });
      return judge(scorePositivity, s.build()).bad;
    };
    expect(hard('email')).toBe(hard('in-person'));
  });

  it('counts contempt double, and one conversation at most 1.75 however bad', () => {
    const bad = (talk: Parameters<ReturnType<typeof client>['talk']>[1]) => {
      const s = client();
      s.talk(0, talk);
      return judge(scorePositivity, s.build()).bad;
    };
    expect(bad({ tone: -1, horsemen: ['criticism'] })).toBe(1.75);
    expect(bad({ tone: 0, horsemen: ['criticism'] })).toBe(1);
    expect(bad({ tone: 0, horsemen: ['contempt'] })).toBe(1.75);
    expect(bad({ tone: -2, horsemen: ['contempt', 'stonewalling', 'criticism'] })).toBe(1.75);
  });

  it('forgives the tone of a repaired conflict, not its horsemen', () => {
    expect(judge(scorePositivity, client().conflict(1, 'pricing', { tone: -2, repaired: true }).build()).s).toBeNull();
    expect(judge(scorePositivity, client().conflict(1, 'pricing', { tone: -2, horsemen: ['defensiveness'], repaired: true }).build()).bad).toBeCloseTo(1, 1);
  });

  it('fades old moments: a hostile past weighs less than a warm present', () => {
    const s = client();
    s.talk(240, { tone: -2 });
    s.talk(2, { tone: 1, channel: 'video' });
    expect(judge(scorePositivity, s.build()).s).toBeGreaterThan(0.8);
  });

  it('counts whole moments in the summary, names the horsemen, and suggests the antidote', () => {
    const s = client();
    s.talk(30, { tone: 1 });
    s.talk(20, { tone: 2 });
    s.talk(5, { tone: -1, horsemen: ['contempt'] });
    const judged = judge(scorePositivity, s.build());
    expect(judged.summary).toMatch(/^2 good moments to 1 hard one \(contempt\): about \d+(\.\d)? to 1, recent ones weighing more\. Stable relationships keep about 5 to 1, failing ones 0\.8 to 1$/);
    expect(judged.headline).toMatch(/^contempt on \d{4}-\d{2}-\d{2}$/);
    expect(judged.actions[0]!.text).toMatch(/^Contempt showed with Acme on .*: rebuild appreciation/);
  });
});
