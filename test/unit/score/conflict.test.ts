import { describe, expect, it } from 'vitest';
import { scoreConflict } from '../../../src/core/score/conflict.js';
import { story } from '../../scenarios/story.js';
import { judge } from './run.js';

const client = () => story({ sinceDays: 700 });

describe('conflict topics', () => {
  it('has no evidence without conflicts', () => {
    expect(judge(scoreConflict, client().build()).s).toBeNull();
  });

  it('scores a perpetual topic talked through calmly as good, however often it came up', () => {
    const s = client();
    for (const d of [600, 400, 200, 10]) s.conflict(d, 'pricing', { tone: 0 });
    const judged = judge(scoreConflict, s.build());
    expect(judged).toMatchObject({ bad: 0, s: 1 });
    expect(judged.summary).toMatch(/^"pricing" talked through \(raised 4 times, last settled on /);
    expect(judged.actions).toEqual([]);
  });

  it('calls a topic raised three times in a row without a repair or calm talk gridlocked, however recent', () => {
    const s = client();
    for (const d of [30, 20, 10]) s.conflict(d, 'scope creep');
    const judged = judge(scoreConflict, s.build());
    expect(judged).toMatchObject({ good: 0, bad: 1 });
    expect(judged.headline).toBe('"scope creep" gridlocked');
    expect(judged.terms).toEqual(['gridlock']);
    s.conflict(5, 'scope creep');
    expect(judge(scoreConflict, s.build()).bad).toBe(2);
  });

  it('marks the topic managed with --conflict T --repair, and never suggests repairing it again', () => {
    const s = client();
    for (const d of [30, 20, 10]) s.conflict(d, 'deadlines');
    s.conflict(1, 'deadlines', { tone: -1, repaired: true });
    const judged = judge(scoreConflict, s.build());
    expect(judged).toMatchObject({ bad: 0, s: 1 });
    expect(judged.actions).toEqual([]);
  });

  it('weighs a topic raised in anger and not talked through yet as half a bad signal, and suggests the repair', () => {
    const judged = judge(scoreConflict, client().conflict(2, 'invoices late').build());
    expect(judged.good).toBe(0);
    expect(judged.bad).toBeCloseTo(0.5, 1);
    expect(judged.actions[0]!.text).toMatch(/^Repair "invoices late" with Acme: raised on .*, not talked through yet$/);
  });

  it('keeps a resolved topic as good until it is raised again', () => {
    const s = client();
    for (const d of [90, 60, 40]) s.conflict(d, 'scope');
    s.resolve('scope', 30);
    expect(judge(scoreConflict, s.build())).toMatchObject({ bad: 0, s: 1 });
    s.conflict(5, 'scope');
    expect(judge(scoreConflict, s.build()).good).toBe(0);
  });
});
