import { describe, expect, it } from 'vitest';
import { contactCredit, scoreContact } from '../../../src/core/score/contact.js';
import { story } from '../../scenarios/story.js';
import { judge } from './run.js';

describe('contact', () => {
  it('gives full credit within the cadence, falling linearly to nothing at three cadences', () => {
    expect([0, 1, 1.5, 2, 3, 4].map((x) => contactCredit(x))).toEqual([1, 1, 0.75, 0.5, 0, 0]);
    expect(contactCredit(2, 0.6)).toBeCloseTo(1 / 6, 9);
    const s = story({ sinceDays: 400, cadenceDays: 14 });
    s.talk(12, { tone: 1 });
    const inside = judge(scoreContact, s.build());
    expect(inside).toMatchObject({ bad: 0, s: 1 });
    expect(inside.actions).toEqual([]);
  });

  it('is kept by you: the client\'s unanswered mail and a hostile call keep nothing', () => {
    const s = story({ sinceDays: 400, cadenceDays: 30 });
    s.talk(60, { tone: 1 });
    const before = judge(scoreContact, s.build()).s!;
    s.bid(3, 'are you there?');
    s.talk(2, { tone: -2, channel: 'meeting' });
    expect(judge(scoreContact, s.build()).s).toBe(before);
    s.talk(1, { fromClient: true, channel: 'call', tone: 0 });
    expect(judge(scoreContact, s.build()).s).toBe(1);
  });

  it('dates an answer to a message at the answer', () => {
    const s = story({ sinceDays: 400, cadenceDays: 10 });
    s.talk(100, { tone: 1 });
    s.bid(50, 'can you check this?', { answeredAfterHours: 24 * 45 });
    // answered with `crm bid answer` (no interaction of its own): the answer itself keeps contact
    const facts = s.build();
    const bid = facts.bids[0]!;
    facts.interactions = facts.interactions.filter((i) => i.id !== bid.answerInteractionId);
    bid.answerInteractionId = null;
    expect(judge(scoreContact, facts).s).toBe(1);
    bid.response = null;
    bid.answeredAt = null;
    expect(judge(scoreContact, facts).s).toBe(0);
  });

  it('lets in-person contact keep a client warm longer than mail', () => {
    const after = (channel: 'meeting' | 'email') => {
      const s = story({ sinceDays: 400, cadenceDays: 10 });
      s.talk(9, { channel, tone: 0 });
      s.talk(15, { channel, tone: 0 });
      return judge(scoreContact, s.build()).s!;
    };
    expect(after('meeting')).toBe(1);
    expect(after('email')).toBe(1);
    const later = (channel: 'meeting' | 'email') => {
      const s = story({ sinceDays: 400, cadenceDays: 10 });
      s.talk(20, { channel, tone: 0 });
      return judge(scoreContact, s.build()).s!;
    };
    expect(later('meeting')).toBeCloseTo(0.5, 2);
    expect(later('email')).toBeLessThan(later('meeting'));
  });

  it('judges silence from when crm started following the client, or from the last contact the user gave', () => {
    const fresh = judge(scoreContact, story({ sinceDays: 698, enteredDays: 0 }).build());
    expect(fresh.s).toBeNull();
    expect(fresh.summary).not.toMatch(/698/);
    const told = judge(scoreContact, story({ sinceDays: 698, enteredDays: 0, lastContactDays: 60, cadenceDays: 30 }).build());
    expect(told.s).toBeCloseTo(0.5, 2);
    expect(told.summary).toBe('last contact 60 days ago (before crm); the cadence is every 30 days');
  });

  it('drifts to nothing at four cadences of silence and names the days', () => {
    const s = story({ sinceDays: 400, cadenceDays: 30 });
    s.talk(120, { tone: 1 });
    const judged = judge(scoreContact, s.build());
    expect(judged.s).toBe(0);
    expect(judged.headline).toBe('no contact in 120 days');
    expect(judged.actions[0]!.text).toMatch(/^Get in touch with Acme/);
  });
});
