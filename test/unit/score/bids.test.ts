import { describe, expect, it } from 'vitest';
import { scoreBids } from '../../../src/core/score/bids.js';
import { story } from '../../scenarios/story.js';
import { judge } from './run.js';

const client = () => story({ sinceDays: 400, replyWithinHours: 24 });

describe('requests (bids for attention)', () => {
  it('has no evidence without requests, or while every request is inside its reply window', () => {
    expect(judge(scoreBids, client().build()).s).toBeNull();
    const waiting = judge(scoreBids, client().bid(0.5, 'can you call me?').build());
    expect(waiting.s).toBeNull();
    expect(waiting.summary).toBe('1 request waiting, still inside the 24 h reply window');
    expect(waiting.evidence[0]!.what).toMatch(/waiting, reply due by/);
  });

  it('credits an answer in time fully, a late one half; an open one past the window is all bad and does not fade', () => {
    expect(judge(scoreBids, client().bid(3, 'a', { answeredAfterHours: 2 }).build())).toMatchObject({ bad: 0, s: 1 });
    const late = judge(scoreBids, client().bid(0, 'a', { answeredAfterHours: 0 }).bid(10, 'b', { answeredAfterHours: 48 }).build());
    expect(late.bad).toBeGreaterThan(0);
    const old = judge(scoreBids, client().bid(300, 'never answered').build());
    const recent = judge(scoreBids, client().bid(3, 'never answered').build());
    expect(old).toMatchObject({ good: 0, bad: 1 });
    expect(recent).toMatchObject({ good: 0, bad: 1 });
  });

  it('lets answered requests fade with age, so an old record counts less than a recent one', () => {
    const old = judge(scoreBids, client().bid(200, 'a', { answeredAfterHours: 1 }).build());
    const recent = judge(scoreBids, client().bid(5, 'a', { answeredAfterHours: 1 }).build());
    expect(old.good).toBeLessThan(recent.good / 4);
  });

  it('counts a request answered with hostility as turned down', () => {
    const facts = client().bid(5, 'where is the report?', { answeredAfterHours: 2 }).build();
    const answer = facts.interactions.find((i) => i.id === facts.bids[0]!.answerInteractionId)!;
    answer.tone = -2;
    const judged = judge(scoreBids, facts);
    expect(judged.good).toBe(0);
    expect(judged.summary).toContain('1 turned down');
  });

  it('weighs several asks in one message as one request for attention', () => {
    const s = client();
    s.bid(5, 'first');
    const facts = s.build();
    const message = facts.bids[0]!;
    facts.bids.push({ ...message, id: 900, text: 'second' }, { ...message, id: 901, text: 'third' });
    expect(judge(scoreBids, facts).bad).toBeCloseTo(1, 9);
  });

  it('says how many wait, in plain words, and offers one action for all of them', () => {
    const s = client();
    for (const d of [9, 6, 3]) s.bid(d, `ask ${d}`);
    s.bid(5, 'the report is wrong', { kind: 'complaint' });
    const judged = judge(scoreBids, s.build());
    expect(judged.summary).toMatch(/^4 requests \(1 complaint\) waiting for an answer past the 24 h reply window, 0 of 4 answered in time/);
    expect(judged.headline).toBe('1 complaint unanswered');
    expect(judged.actions.map((a) => a.text)).toEqual([`Answer Acme's 4 waiting requests, the oldest from ${judged.evidence.at(-1)!.date}: "ask 9"`]);
    expect(judged.terms).toEqual(['bid']);
  });
});
