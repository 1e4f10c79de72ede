import { describe, expect, it } from 'vitest';
import { scoreContact } from '../../../src/core/score/contact.js';
import { MOMENT, daysAgo, facts, interaction, settings } from './builders.js';

const score = (interactions: ReturnType<typeof interaction>[], since = daysAgo(400), cadenceDays = 30) =>
  scoreContact(facts({ interactions, client: { since, cadenceDays } }), MOMENT, settings());

describe('contact', () => {
  it('is N/A while the client is younger than its cadence, even with contact logged', () => {
    expect(score([], daysAgo(29))).toMatchObject({
      s: null,
      summary: 'client for 29 days; contact is judged after one cadence (30 days)',
    });
    expect(score([interaction(60)], daysAgo(29)).s).toBeNull();
  });

  it('halves with each cadence of silence since the last contact', () => {
    expect(score([interaction(30)]).s).toBeCloseTo(0.5, 12);
    expect(score([interaction(60), interaction(90)]).s).toBeCloseTo(0.25, 12);
    expect(score([interaction(0)]).s).toBe(1);
    expect(score([interaction(10)], daysAgo(400), 10).s).toBeCloseTo(0.5, 12);
  });

  it('counts from the start of the since date when nothing is logged', () => {
    // since 20 days ago at 00:00 (same UTC offset as now), now is noon: 20.5 days of silence
    const outcome = score([], daysAgo(20), 10);
    expect(outcome.s).toBeCloseTo(0.5 ** (20.5 / 10), 12);
    expect(outcome.summary).toBe(`no contact logged since the start on ${daysAgo(20)} (20 days); cadence every 10 days`);
  });

  it('ignores interactions after now', () => {
    expect(score([interaction(30), interaction(-1)]).s).toBeCloseTo(0.5, 12);
  });

  it('summarises the last contact and suggests getting in touch once past the cadence', () => {
    const outcome = score([interaction(45, { channel: 'video' })]);
    expect(outcome.summary).toBe('last contact 45 days ago by video; cadence every 30 days');
    expect(outcome.evidence).toEqual([{ date: daysAgo(45), what: 'last contact: video', decay: 1, effect: 'negative' }]);
    expect(outcome.actions.map((a) => a.text)).toEqual(['Get in touch with Acme: last contact 45 days ago, cadence every 30 days']);
    expect(score([interaction(10)]).actions).toEqual([]);
  });
});
