import { describe, expect, it } from 'vitest';
import {
  appreciation, at, conflictEvent, daysAgo, facts, interaction, need, one, ofKind, run, settings, topic,
} from './builders.js';

describe('appreciation-due', () => {
  it('not with a to-client appreciation exactly remind.appreciation.days ago; info the day after', () => {
    expect(ofKind(run(facts({ appreciations: [appreciation(90)] })), 'appreciation-due')).toEqual([]);
    const last = appreciation(91);
    const r = one(run(facts({ appreciations: [last] })), 'appreciation-due');
    expect(r).toMatchObject({
      key: 'appreciation-due:1', severity: 'info', date: daysAgo(1), fingerprint: String(last.id),
      message: 'No appreciation shown to Acme in 91 days.',
      action: 'Thank Acme for something specific, then crm log Acme --appreciation thanks',
    });
  });

  it('only appreciation shown by you counts, not the client\'s', () => {
    const r = one(run(facts({ appreciations: [appreciation(5, 'from-client')] })), 'appreciation-due')!;
    expect(r).toMatchObject({ fingerprint: 'none', date: daysAgo(310) });
  });

  it('a client younger than health.appreciation.min.age.days is not nagged', () => {
    const s = settings({ 'remind.appreciation.days': 30 });
    expect(ofKind(run(facts({ client: { since: daysAgo(89) }, appreciations: [] }), { settings: s }), 'appreciation-due')).toEqual([]);
    expect(ofKind(run(facts({ client: { since: daysAgo(90) }, appreciations: [] }), { settings: s }), 'appreciation-due')).toHaveLength(1);
  });
});

describe('anniversary', () => {
  it('within remind.anniversary.days ahead, even with a shorter --within', () => {
    const data = facts({ client: { since: '2024-12-04' } }); // today is 2026-11-20: 14 days ahead
    const r = one(run(data, { within: 7 }), 'anniversary');
    expect(r).toMatchObject({
      key: 'anniversary:1:2026', severity: 'info', date: '2026-12-04', fingerprint: '2024-12-04',
      message: '2 years with Acme on 2026-12-04: a moment to say thanks.',
    });
    expect(r!.action).toBe('Send Acme a personal thank-you, then crm log Acme --appreciation milestone');
    expect(ofKind(run(facts({ client: { since: '2024-12-05' } })), 'anniversary')).toEqual([]);
    expect(one(run(facts({ client: { since: '2024-12-05' } }), { within: 15 }), 'anniversary')!.date).toBe('2026-12-05');
  });

  it('on the day itself, but not once passed', () => {
    expect(one(run(facts({ client: { since: '2023-11-20' } })), 'anniversary')!.message).toBe(
      '3 years with Acme today: a moment to say thanks.',
    );
    expect(ofKind(run(facts({ client: { since: '2023-11-19' } })), 'anniversary')).toEqual([]);
  });

  it('from the first anniversary on', () => {
    expect(one(run(facts({ client: { since: '2025-11-25' } })), 'anniversary')!.message).toMatch(/^1 year with Acme/);
    expect(ofKind(run(facts({ client: { since: '2026-11-25' } }), { within: 30 }), 'anniversary')).toEqual([]);
  });

  it('a Feb 29 start has its anniversary on Feb 28 in other years', () => {
    const data = facts({ client: { since: '2024-02-29' } });
    expect(one(run(data, { moment: at('2027-02-20') }), 'anniversary')).toMatchObject({ date: '2027-02-28', key: 'anniversary:1:2027' });
    expect(one(run(data, { moment: at('2028-02-20') }), 'anniversary')!.date).toBe('2028-02-29');
  });

  it('a long --within crossing the year gives one per year, each with its own key', () => {
    const keys = ofKind(run(facts({ client: { since: '2020-01-10' } }), { within: 420 }), 'anniversary').map((r) => r.key);
    expect(keys).toEqual(['anniversary:1:2027', 'anniversary:1:2028']);
  });
});

describe('goals-ask', () => {
  it('not with a goal learned exactly remind.goals.days ago; info the day after', () => {
    expect(ofKind(run(facts({ needs: [need(180)] })), 'goals-ask')).toEqual([]);
    const goal = need(181);
    expect(one(run(facts({ needs: [goal] })), 'goals-ask')).toMatchObject({
      key: 'goals-ask:1', severity: 'info', date: daysAgo(1), fingerprint: String(goal.id),
    });
  });

  it('needs and preferences are not goals', () => {
    const r = one(run(facts({ needs: [need(1, 'need'), need(1, 'preference')] })), 'goals-ask')!;
    expect(r).toMatchObject({ fingerprint: 'none', date: daysAgo(220) });
    expect(r.message).toBe('No goals noted for Acme in 400 days as a client.');
  });

  it('a client no older than remind.goals.days is not asked yet', () => {
    expect(ofKind(run(facts({ client: { since: daysAgo(180) }, needs: [] })), 'goals-ask')).toEqual([]);
    expect(ofKind(run(facts({ client: { since: daysAgo(181) }, needs: [] })), 'goals-ask')).toHaveLength(1);
  });
});

describe('feedback-ask', () => {
  it('not with feedback exactly remind.feedback.days ago; info the day after', () => {
    const quiet = (days: number) => facts({ interactions: [interaction(1), interaction(days, { feedback: true })] });
    expect(ofKind(run(quiet(90)), 'feedback-ask')).toEqual([]);
    const r = one(run(quiet(91)), 'feedback-ask');
    expect(r).toMatchObject({ key: 'feedback-ask:1', severity: 'info', date: daysAgo(1) });
    expect(r!.action).toBe('Ask Acme how your work is landing, then crm log Acme --feedback');
  });

  it('other interactions are not feedback; a client no older than the setting is not asked', () => {
    expect(one(run(facts({ interactions: [interaction(1)] })), 'feedback-ask')!.fingerprint).toBe('none');
    expect(ofKind(run(facts({ client: { since: daysAgo(90) }, interactions: [interaction(1)] })), 'feedback-ask')).toEqual([]);
  });
});

describe('conflict-revisit', () => {
  it('a recurring topic not revisited for more than health.gridlock.days', () => {
    const t = topic('scope creep', [conflictEvent(100), conflictEvent(61)]);
    const r = one(run(facts({ topics: [t] })), 'conflict-revisit');
    expect(r).toMatchObject({ key: `conflict-revisit:${t.id}`, severity: 'soon', date: daysAgo(1), fingerprint: `${t.id}:2` });
    expect(r!.message).toBe(
      '"scope creep" has come up 2 times with Acme, last 61 days ago: talk about it again (most conflicts are perpetual; what hurts is gridlock).',
    );
    expect(r!.action).toBe(`Talk it over with Acme, then crm log Acme --conflict 'scope creep' (or crm topic resolve Acme 'scope creep')`);
  });

  it('not at exactly the gridlock days, not for a one-off, not once resolved; managed still counts', () => {
    expect(run(facts({ topics: [topic('pricing', [conflictEvent(100), conflictEvent(60)])] }))).toEqual([]);
    expect(run(facts({ topics: [topic('pricing', [conflictEvent(100)])] }))).toEqual([]);
    expect(run(facts({ topics: [topic('pricing', [conflictEvent(100), conflictEvent(80)], { status: 'resolved' })] }))).toEqual([]);
    expect(run(facts({ topics: [topic('pricing', [conflictEvent(100), conflictEvent(80)], { status: 'managed' })] }))).toHaveLength(1);
  });

  it('events after now are not seen, and a new event changes the fingerprint', () => {
    expect(run(facts({ topics: [topic('pricing', [conflictEvent(100), conflictEvent(-2)])] }))).toEqual([]);
    const t = topic('pricing', [conflictEvent(100), conflictEvent(90), conflictEvent(80)]);
    expect(one(run(facts({ topics: [t] })), 'conflict-revisit')!.fingerprint).toBe(`${t.id}:3`);
  });
});
