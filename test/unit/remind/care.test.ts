import { describe, expect, it } from 'vitest';
import {
  ago, appreciation, at, conflictEvent, daysAgo, facts, interaction, later, need, one, ofKind, run, settings, topic, voice,
} from './builders.js';

/** A client whose relationship began 698 days ago, added to crm `daysBefore` days ago, with nothing logged. */
const addedDaysAgo = (daysBefore: number) =>
  facts({ client: { since: daysAgo(698), trackedFrom: ago(daysBefore) }, quiet: false });

describe('appreciation, goals and feedback count from when crm started following the client', () => {
  // What came before is unknown, not missing: never "in 698 days".
  const kinds = [
    ['appreciation-due', 'remind.appreciation.days', 'No appreciation shown to Acme yet, in 91 days in crm.'],
    ['goals-ask', 'remind.goals.days', 'No goals noted for Acme in 181 days in crm.'],
    ['feedback-ask', 'remind.feedback.days', 'No feedback from Acme yet, in 91 days in crm.'],
  ] as const;
  it.each(kinds)('%s: not within %s of being added; the day after, counted from then', (kind, setting, message) => {
    const days = settings()[setting];
    expect(ofKind(run(addedDaysAgo(0)), kind)).toEqual([]);
    expect(ofKind(run(addedDaysAgo(days)), kind)).toEqual([]);
    const r = one(run(addedDaysAgo(days + 1)), kind)!;
    expect(r).toMatchObject({ key: `${kind}:1`, severity: 'info', date: daysAgo(1), fingerprint: 'none', message });
  });
});

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

  it('not before crm has followed the client health.appreciation.min.age.days, however old the relationship', () => {
    const s = settings({ 'remind.appreciation.days': 30 });
    expect(ofKind(run(addedDaysAgo(89), { settings: s }), 'appreciation-due')).toEqual([]);
    expect(one(run(addedDaysAgo(90), { settings: s }), 'appreciation-due')!.date).toBe(daysAgo(60));
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
    expect(r.message).toBe('No goals noted for Acme in 400 days in crm.');
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
  it('a recurring topic not revisited for more than remind.conflict.revisit.days', () => {
    const t = topic('scope creep', [conflictEvent(100), conflictEvent(61)]);
    const r = one(run(facts({ topics: [t] })), 'conflict-revisit');
    expect(r).toMatchObject({ key: `conflict-revisit:${t.id}`, severity: 'soon', date: daysAgo(1), fingerprint: `${t.id}:2` });
    expect(r!.message).toBe(
      '"scope creep" has come up 2 times with Acme, last 61 days ago: talk about it again (most conflicts are perpetual; what hurts is gridlock).',
    );
    expect(r!.action).toBe(`Talk it over with Acme, then crm log Acme --conflict 'scope creep' (or crm topic resolve Acme 'scope creep')`);
    const sooner = settings({ 'remind.conflict.revisit.days': 30 });
    const recent = topic('pricing', [conflictEvent(100), conflictEvent(31)]);
    expect(one(run(facts({ topics: [recent] }), { settings: sooner }), 'conflict-revisit')!.date).toBe(daysAgo(1));
    expect(run(facts({ topics: [recent] }))).toEqual([]);
  });

  it('not at exactly the revisit days, not for a one-off, not once resolved; managed still counts', () => {
    expect(run(facts({ topics: [topic('pricing', [conflictEvent(100), conflictEvent(60)])] }))).toEqual([]);
    expect(run(facts({ topics: [topic('pricing', [conflictEvent(100)])] }))).toEqual([]);
    expect(run(facts({ topics: [topic('pricing', [conflictEvent(100), conflictEvent(80)], { status: 'resolved' })] }))).toEqual([]);
    expect(run(facts({ topics: [topic('pricing', [conflictEvent(100), conflictEvent(80)], { status: 'managed' })] }))).toHaveLength(1);
    // Talked through at last: still a perpetual topic to come back to.
    expect(run(facts({ topics: [topic('pricing', [conflictEvent(100), conflictEvent(80, true)])] }))).toHaveLength(1);
  });

  it('events after now are not seen, and a new event changes the fingerprint', () => {
    expect(run(facts({ topics: [topic('pricing', [conflictEvent(100), conflictEvent(-2)])] }))).toEqual([]);
    const t = topic('pricing', [conflictEvent(100), conflictEvent(90, true), conflictEvent(80)]);
    expect(one(run(facts({ topics: [t] })), 'conflict-revisit')!.fingerprint).toBe(`${t.id}:3`);
  });

  it('a gridlocked topic (raised 3 times in a row without a repair or a calm talk) at once, with its own words', () => {
    const t = topic('scope creep', [conflictEvent(10), conflictEvent(5), conflictEvent(2)]);
    const r = one(run(facts({ topics: [t] })), 'conflict-revisit');
    expect(r).toMatchObject({ key: `conflict-revisit:${t.id}`, severity: 'soon', date: daysAgo(2), fingerprint: `${t.id}:3:gridlocked` });
    expect(r!.message).toBe('"scope creep" is gridlocked with Acme: raised 3 times in a row without a repair or a calm talk.');
    expect(r!.action).toBe(`Talk it through calmly with Acme, then crm log Acme --conflict 'scope creep' --repair`);
    // However long ago: gridlock is an open wrong, it does not wait for the revisit days nor fade.
    const old = topic('pricing', [conflictEvent(300), conflictEvent(200), conflictEvent(100)]);
    expect(one(run(facts({ topics: [old] })), 'conflict-revisit')).toMatchObject({ date: daysAgo(100), fingerprint: `${old.id}:3:gridlocked` });
  });

  it('twice in a row is not gridlock yet; a repair or a calm talk starts the count again, a heated talk does not', () => {
    expect(run(facts({ topics: [topic('pricing', [conflictEvent(10), conflictEvent(5)])] }))).toEqual([]);
    expect(run(facts({ topics: [topic('pricing', [conflictEvent(10), conflictEvent(5, true), conflictEvent(2)])] }))).toEqual([]);
    const talkedAt = (tone: number) => {
      const talk = interaction(5, { tone });
      return facts({
        interactions: [interaction(1, { feedback: true }), talk],
        topics: [topic('pricing', [conflictEvent(10), { ...conflictEvent(5), interactionId: talk.id }, conflictEvent(2)])],
      });
    };
    expect(run(talkedAt(0))).toEqual([]);
    expect(one(run(talkedAt(-1)), 'conflict-revisit')!.message).toContain('is gridlocked with Acme: raised 3 times in a row');
    // After a repair, three more raisings: the message counts the run, the fingerprint all raisings.
    const t = topic('pricing', [conflictEvent(20), conflictEvent(15, true), conflictEvent(10), conflictEvent(5), conflictEvent(2), conflictEvent(1)]);
    const r = one(run(facts({ topics: [t] })), 'conflict-revisit')!;
    expect(r.message).toContain('raised 4 times in a row');
    expect(r.fingerprint).toBe(`${t.id}:6:gridlocked`);
  });

  it('honours health.gridlock.raisings', () => {
    const t = topic('pricing', [conflictEvent(10), conflictEvent(5)]);
    const r = one(run(facts({ topics: [t] }), { settings: settings({ 'health.gridlock.raisings': 2 }) }), 'conflict-revisit');
    expect(r!.message).toBe('"pricing" is gridlocked with Acme: raised 2 times in a row without a repair or a calm talk.');
  });

  it('a resolved topic never, however it stood; raised again after it was resolved, it is back', () => {
    const gridlocked = [conflictEvent(300), conflictEvent(200), conflictEvent(100)];
    expect(run(facts({ topics: [topic('pricing', gridlocked, { status: 'resolved', resolvedAt: ago(90) })] }))).toEqual([]);
    expect(run(facts({ topics: [topic('pricing', [conflictEvent(10), conflictEvent(5), conflictEvent(2)], { status: 'resolved', resolvedAt: ago(1) })] }))).toEqual([]);
    // Reopened: raised twice since it was resolved, last 70 days ago.
    const reopened = topic('pricing', [conflictEvent(300), conflictEvent(200, true), conflictEvent(100), conflictEvent(70)], {
      status: 'resolved', resolvedAt: ago(150),
    });
    const r = one(run(facts({ topics: [reopened] })), 'conflict-revisit')!;
    expect(r).toMatchObject({ date: daysAgo(10), fingerprint: `${reopened.id}:4` });
    expect(r.message).toMatch(/^"pricing" has come up 4 times with Acme, last 70 days ago/);
    // Seen from before the resolution (crm remind --at), it still stood open.
    expect(one(run(facts({ topics: [topic('pricing', gridlocked, { status: 'resolved', resolvedAt: ago(90) })] }), { moment: later(-95) }), 'conflict-revisit'))
      .toMatchObject({ fingerprint: expect.stringMatching(/:3:gridlocked$/) });
  });
});

describe('voice-unheard', () => {
  const ignored = (raisedDaysAgo: number, outcomeDaysAgo: number, over: Parameters<typeof voice>[1] = {}) =>
    voice(raisedDaysAgo, { outcome: 'ignored', outcomeAt: ago(outcomeDaysAgo), ...over });

  it('a need of yours whose last two raisings went unheard, keyed by the latest raising', () => {
    const first = ignored(40, 30);
    const second = ignored(20, 15);
    const r = one(run(facts({ voices: [first, second] })), 'voice-unheard');
    expect(r).toMatchObject({
      key: `voice-unheard:${second.id}`, severity: 'soon', date: daysAgo(15), fingerprint: `${second.id}:2`,
      message: 'You raised "pay within 30 days" with Acme 2 times; not heard.',
      action: `Say plainly what you need from Acme and why; when they take it on board, crm voice heard ${second.id}`,
    });
    // Having to raise it again while it was still open is not being heard either.
    const open = voice(40);
    expect(one(run(facts({ voices: [open, second] })), 'voice-unheard')).toMatchObject({ key: `voice-unheard:${second.id}` });
  });

  it('raised once and ignored, or raised again and still open, keeps the credit for speaking up: no reminder', () => {
    expect(run(facts({ voices: [ignored(20, 15)] }))).toEqual([]);
    expect(run(facts({ voices: [ignored(40, 30), voice(10)] }))).toEqual([]);
    expect(run(facts({ voices: [ignored(40, 30), voice(10, { outcome: 'heard', outcomeAt: ago(5) })] }))).toEqual([]);
  });

  it('heard later clears it; an outcome recorded after now is not seen', () => {
    const data = facts({ voices: [ignored(60, 50), ignored(40, 30), voice(20, { outcome: 'heard', outcomeAt: ago(10) })] });
    expect(run(data)).toEqual([]);
    expect(ofKind(run(data, { moment: later(-25) }), 'voice-unheard')).toHaveLength(1);
    expect(ofKind(run(data, { moment: later(-15) }), 'voice-unheard')).toEqual([]); // raised a third time, waiting
    expect(run(facts({ voices: [ignored(40, 30), ignored(20, -2)] }))).toEqual([]);
  });

  it('a third unheard raising changes the key and the fingerprint, so a silenced reminder comes back', () => {
    const [a, b, c] = [ignored(60, 50), ignored(40, 30), ignored(20, 15)];
    const before = one(run(facts({ voices: [a, b] })), 'voice-unheard')!;
    const after = one(run(facts({ voices: [a, b, c] })), 'voice-unheard')!;
    expect(after).toMatchObject({ key: `voice-unheard:${c.id}`, fingerprint: `${c.id}:3` });
    expect(after.message).toContain('3 times');
    expect(after.fingerprint).not.toBe(before.fingerprint);
  });

  it('raisings of one need are one need whatever the case and spacing; two needs are two', () => {
    const r = one(run(facts({ voices: [ignored(40, 30, { text: 'Pay within 30 days' }), ignored(20, 15, { text: 'pay  WITHIN 30 days ' })] })), 'voice-unheard');
    expect(r!.message).toContain('2 times');
    expect(run(facts({ voices: [ignored(40, 30), ignored(20, 15, { text: 'respect my time' })] }))).toEqual([]);
  });
});
