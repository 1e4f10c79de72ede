import { describe, expect, it } from 'vitest';
import { HOUR_MS, formatLocalTime, localDateOf } from '../../../src/core/dates.js';
import { scoreContact } from '../../../src/core/score/contact.js';
import { CHANNELS, type Interaction } from '../../../src/core/types.js';
import { judge } from '../score/run.js';
import { NOW, TODAY, ago, at, bid, daysAgo, facts, followUp, interaction, later, one, ofKind, run } from './builders.js';

describe('bid-unanswered', () => {
  it('past the reply window: soon, dated on the deadline', () => {
    const b = bid(3); // 48h window: one day past
    const r = one(run(facts({ bids: [b] })), 'bid-unanswered');
    expect(r).toMatchObject({
      key: `bid-unanswered:${b.id}`,
      severity: 'soon',
      date: daysAgo(1),
      fingerprint: `${b.id}:late`,
    });
    expect(r!.message).toBe(`Acme's request "send the quote" is unanswered 24 hours past the 48h reply window.`);
    expect(r!.action).toBe(`Answer Acme, then crm bid answer ${b.id} (or crm log Acme --answer ${b.id})`);
  });

  it('urgent more than 3 days past the window, not at exactly 3', () => {
    expect(one(run(facts({ bids: [bid(5)] })), 'bid-unanswered')!.severity).toBe('soon');
    expect(one(run(facts({ bids: [bid(5.01)] })), 'bid-unanswered')!.severity).toBe('urgent');
  });

  it('a complaint past the window is urgent at once', () => {
    const r = one(run(facts({ bids: [bid(2.1, null, { kind: 'complaint', text: 'the report was late' })] })), 'bid-unanswered');
    expect(r!.severity).toBe('urgent');
  });

  it('inside the window (up to the deadline itself): soon, waiting, dated on the deadline', () => {
    const b = bid(2); // deadline is exactly now
    const r = one(run(facts({ bids: [b] })), 'bid-unanswered')!;
    expect(r).toMatchObject({ severity: 'soon', date: TODAY, fingerprint: `${b.id}:waiting` });
    expect(r.message).toBe(`Acme's request "send the quote" awaits an answer by ${formatLocalTime(NOW)}.`);
    const fresh = bid(0.5, null, { kind: 'complaint' });
    expect(one(run(facts({ bids: [fresh] })), 'bid-unanswered')).toMatchObject({ severity: 'soon', date: localDateOf(fresh.at + 48 * HOUR_MS) });
  });

  it('a waiting bid whose deadline is past the --within horizon is left out until it comes close', () => {
    const data = facts({ client: { replyWithinHours: 24 * 20 }, bids: [bid(1)] });
    expect(ofKind(run(data, { within: 7 }), 'bid-unanswered')).toEqual([]);
    expect(ofKind(run(data, { within: 19 }), 'bid-unanswered')).toHaveLength(1);
  });

  it('answered bids (toward or against) get none; an answer recorded after now still leaves it open', () => {
    expect(run(facts({ bids: [bid(4, 60)] }))).toEqual([]);
    expect(run(facts({ bids: [bid(4, 1, { response: 'against' })] }))).toEqual([]);
    expect(ofKind(run(facts({ bids: [bid(4, 24 * 5)] })), 'bid-unanswered')).toHaveLength(1);
  });

  it('a bid logged after now is not seen', () => {
    expect(run(facts({ bids: [bid(-1)] }), { within: 30 })).toEqual([]);
  });

  it('long text is shortened to one line', () => {
    const r = one(run(facts({ bids: [bid(3, null, { text: `line one\nline two ${'x'.repeat(80)}` })] })), 'bid-unanswered')!;
    expect(r.message).toContain('"line one line two xxx');
    expect(r.message).toContain('…"');
  });
});

describe('contact-overdue', () => {
  /** A meeting `daysSince` days ago and nothing else. */
  const metDaysAgo = (daysSince: number, over: Parameters<typeof facts>[0] = {}) =>
    facts({ interactions: [interaction(daysSince, { channel: 'meeting' })], ...over });

  it('not at exactly the cadence; soon the day after, dated when it fell due, naming the last contact', () => {
    expect(ofKind(run(metDaysAgo(30)), 'contact-overdue')).toEqual([]);
    const last = interaction(31, { channel: 'meeting' });
    const r = one(run(facts({ interactions: [last] })), 'contact-overdue');
    expect(r).toMatchObject({
      key: 'contact-overdue:1',
      severity: 'soon',
      date: daysAgo(1),
      fingerprint: String(last.at),
      message: 'No contact with Acme for 31 days (last: meeting); the cadence is every 30 days.',
    });
    expect(r!.action).toBe('Get in touch with Acme (a call or video builds more trust than mail), then crm log Acme');
  });

  it('urgent past twice the cadence', () => {
    expect(one(run(metDaysAgo(60)), 'contact-overdue')!.severity).toBe('soon');
    expect(one(run(metDaysAgo(61)), 'contact-overdue')!.severity).toBe('urgent');
  });

  it('within the cadence any channel keeps contact; past it, the reminder names the channel of the last contact', () => {
    for (const channel of CHANNELS) {
      expect(ofKind(run(facts({ interactions: [interaction(30, { channel })] })), 'contact-overdue'), channel).toEqual([]);
      const r = one(run(facts({ interactions: [interaction(31, { channel })] })), 'contact-overdue');
      expect(r, channel).toMatchObject({ severity: 'soon', date: daysAgo(1) });
      expect(r!.message).toBe(`No contact with Acme for 31 days (last: ${channel}); the cadence is every 30 days.`);
    }
  });

  it('the same rule as the health score: due exactly when the contact component stops giving full credit', () => {
    // Whoever started it, in any tone, on any channel, some days ago: the reminder and the score agree.
    for (const channel of CHANNELS) {
      for (const fromClient of [false, true]) {
        for (const tone of [-1, 0, 1]) {
          for (const days of [5, 29, 31, 45, 70]) {
            const data = facts({ interactions: [interaction(days, { channel, fromClient, tone })], client: { since: daysAgo(100), trackedFrom: ago(100) } });
            const losing = judge(scoreContact, data).bad > 0;
            expect(ofKind(run(data), 'contact-overdue').length, `${channel} ${fromClient ? 'from the client' : 'by you'} tone ${tone}, ${days} days ago`).toBe(losing ? 1 : 0);
          }
        }
      }
    }
  });

  it('counts from the start date when it is later than crm following the client; not on the day the cadence runs out', () => {
    // 2027-01-30, no change of clock in the 30 days before: only the calendar decides.
    const jan30 = at('2027-01-30');
    const startedOn = (since: string, over: Parameters<typeof facts>[0] = {}) => facts({ interactions: [], client: { since }, ...over });
    const none = one(run(startedOn('2026-12-30'), { moment: jan30 }), 'contact-overdue')!;
    expect(none).toMatchObject({ fingerprint: 'none', date: '2027-01-29' });
    expect(none.message).toBe('No contact with Acme logged in 31 days in crm; the cadence is every 30 days.');
    expect(ofKind(run(startedOn('2026-12-31'), { moment: jan30 }), 'contact-overdue')).toEqual([]);
    expect(ofKind(run(startedOn('2027-01-10', { interactions: [interaction(200, { channel: 'meeting' })] }), { moment: jan30 }), 'contact-overdue')).toEqual([]);
  });

  it('is dated the day the cadence ran out, also across the autumn change of clock', () => {
    // 2026-11-20: the clocks went back on 2026-10-25, within the last 30 days.
    expect(one(run(facts({ interactions: [], client: { since: daysAgo(31) } })), 'contact-overdue')!.date).toBe(daysAgo(1));
    const lastContact = (days: number) => facts({ interactions: [], client: { trackedFrom: ago(5), lastContact: daysAgo(days) } });
    expect(ofKind(run(lastContact(30)), 'contact-overdue')).toEqual([]);
    expect(one(run(lastContact(31)), 'contact-overdue')!.date).toBe(daysAgo(1));
  });

  it('counts from when crm started following the client, not from a start date long before', () => {
    const added = (daysBefore: number) => facts({ client: { since: daysAgo(698), trackedFrom: ago(daysBefore) }, interactions: [] });
    expect(ofKind(run(added(0)), 'contact-overdue')).toEqual([]);
    expect(ofKind(run(added(30)), 'contact-overdue')).toEqual([]);
    const r = one(run(added(31)), 'contact-overdue')!;
    expect(r).toMatchObject({ severity: 'soon', date: daysAgo(1), fingerprint: 'none' });
    expect(r.message).toBe('No contact with Acme logged in 31 days in crm; the cadence is every 30 days.');
    expect(one(run(added(61)), 'contact-overdue')!.severity).toBe('urgent');
  });

  it('counts from the last contact before crm when the user gave one (--last-contact)', () => {
    const told = (lastContact: number, over: Parameters<typeof facts>[0] = {}) =>
      facts({ client: { since: daysAgo(698), trackedFrom: ago(5), lastContact: daysAgo(lastContact) }, interactions: [], ...over });
    expect(ofKind(run(told(20)), 'contact-overdue')).toEqual([]);
    const r = one(run(told(40)), 'contact-overdue')!;
    expect(r).toMatchObject({ key: 'contact-overdue:1', severity: 'soon', date: daysAgo(10), fingerprint: 'none' });
    expect(r.message).toBe(`No contact with Acme for 40 days, since ${daysAgo(40)}; the cadence is every 30 days.`);
    expect(one(run(told(61)), 'contact-overdue')!.severity).toBe('urgent');
    // A contact kept since then counts from itself.
    expect(ofKind(run(told(100, { interactions: [interaction(3)] })), 'contact-overdue')).toEqual([]);
  });

  it('counts the days since a --last-contact date on the calendar, whatever the hour', () => {
    const told = facts({ client: { since: daysAgo(698), trackedFrom: ago(5), lastContact: daysAgo(40) }, interactions: [] });
    for (const hour of [0, 9, 12, 23]) {
      expect(one(run(told, { moment: at(TODAY, hour) }), 'contact-overdue')!.message, `at ${hour}:00`).toBe(
        `No contact with Acme for 40 days, since ${daysAgo(40)}; the cadence is every 30 days.`,
      );
    }
  });

  it("the client's unanswered mail and hostile interactions keep nothing; a call the client made does", () => {
    const meeting = interaction(50, { channel: 'meeting' });
    const stillOverdue = (latest: Interaction) => {
      const r = one(run(facts({ interactions: [meeting, latest] })), 'contact-overdue');
      expect(r, JSON.stringify(latest)).toMatchObject({ fingerprint: String(meeting.at), date: daysAgo(20) });
      expect(r!.message).toBe('No contact with Acme for 50 days (last: meeting); the cadence is every 30 days.');
    };
    stillOverdue(interaction(2, { channel: 'email', fromClient: true }));
    stillOverdue(interaction(2, { channel: 'chat', fromClient: true, tone: 1 }));
    stillOverdue(interaction(2, { channel: 'meeting', tone: -1 }));
    stillOverdue(interaction(2, { channel: 'call', tone: 1, horsemen: ['contempt'] }));
    stillOverdue(interaction(2, { channel: 'video', fromClient: true, horsemen: ['stonewalling'] }));
    // Talking with the client keeps contact whoever called; a calm mail of yours does too.
    for (const kept of [interaction(2, { channel: 'call', fromClient: true }), interaction(2, { channel: 'meeting', fromClient: true }), interaction(2, { channel: 'email' })]) {
      expect(ofKind(run(facts({ interactions: [meeting, kept] })), 'contact-overdue'), JSON.stringify(kept)).toEqual([]);
    }
  });

  it("your answer to the client's message keeps contact, dated at the answer, not at the message", () => {
    const mail = interaction(45, { channel: 'email', fromClient: true });
    const asked = (over: Parameters<typeof bid>[2], answeredAfterHours: number | null) =>
      facts({ client: { since: daysAgo(400) }, interactions: [mail], bids: [bid(45, answeredAfterHours, { interactionId: mail.id, ...over })] });
    // Unanswered: the client's mail is a request, not contact kept.
    expect(one(run(asked({}, null)), 'contact-overdue')!.message).toBe(
      'No contact kept by you with Acme in 400 days (their messages and hostile calls do not count); the cadence is every 30 days.',
    );
    // Answered 40 days after it came in, so 5 days ago: contact kept.
    expect(ofKind(run(asked({}, 40 * 24)), 'contact-overdue')).toEqual([]);
    // Answered 10 days after it came in, 35 days ago: overdue, counted from the answer.
    const answered = asked({}, 10 * 24);
    const r = one(run(answered), 'contact-overdue')!;
    expect(r.fingerprint).toBe(String(answered.bids[0]!.answeredAt));
    expect(r.message).toBe('No contact with Acme for 35 days (last: an answer); the cadence is every 30 days.');
    // Dismissed, or answered with hostility: no contact kept.
    expect(one(run(asked({ response: 'against' }, 40 * 24)), 'contact-overdue')!.fingerprint).toBe('none');
    const hostile = interaction(5, { channel: 'email', tone: -2 });
    const dismissive = asked({ answerInteractionId: hostile.id }, 40 * 24);
    expect(one(run({ ...dismissive, interactions: [mail, hostile] }), 'contact-overdue')!.fingerprint).toBe('none');
  });

  it('the latest contact counts, whatever the order; interactions after now are not seen', () => {
    const data = facts({ interactions: [interaction(10), interaction(50), interaction(-3)] });
    expect(ofKind(run(data), 'contact-overdue')).toEqual([]);
    const onlyFuture = facts({ interactions: [interaction(40, { channel: 'meeting' }), interaction(-3, { channel: 'meeting' })] });
    expect(one(run(onlyFuture), 'contact-overdue')!.date).toBe(daysAgo(10));
  });

  it('keeps its key and fingerprint as days pass; a new contact changes the fingerprint', () => {
    const data = metDaysAgo(40);
    const [a, b] = [one(run(data), 'contact-overdue')!, one(run(data, { moment: later(3) }), 'contact-overdue')!];
    expect([b.key, b.fingerprint, b.date]).toEqual([a.key, a.fingerprint, a.date]);
    expect(b.message).toContain('43 days');
    const newer = interaction(35, { channel: 'meeting' });
    expect(one(run({ ...data, interactions: [...data.interactions, newer] }), 'contact-overdue')!.fingerprint).toBe(String(newer.at));
  });

  it('names the client by a plain name, else by id: never a quoted name, nor one that reads as an id', () => {
    expect(one(run(metDaysAgo(40, { client: { name: 'Acme' } })), 'contact-overdue')!.action).toMatch(/crm log Acme$/);
    expect(one(run(metDaysAgo(40, { client: { id: 5, name: 'Acme Corp' } })), 'contact-overdue')!.action).toMatch(/crm log 5$/);
    expect(one(run(metDaysAgo(40, { client: { id: 7, name: '42' } })), 'contact-overdue')!.action).toMatch(/crm log 7$/);
  });
});

describe('follow-up-due', () => {
  it('urgent when past, soon today, info ahead within the window', () => {
    const past = followUp(1);
    const today = followUp(0);
    const ahead = followUp(-7);
    const beyond = followUp(-8);
    const reminders = ofKind(run(facts({ followUps: [past, today, ahead, beyond] })), 'follow-up-due');
    expect(reminders.map((r) => [r.key, r.severity, r.date])).toEqual([
      [`follow-up-due:${past.id}`, 'urgent', daysAgo(1)],
      [`follow-up-due:${today.id}`, 'soon', TODAY],
      [`follow-up-due:${ahead.id}`, 'info', daysAgo(-7)],
    ]);
    expect(reminders[0]!.message).toBe(`Follow-up for Acme was due on ${daysAgo(1)}: "send the revised quote".`);
    expect(reminders[1]!.message).toBe('Follow-up for Acme is due today: "send the revised quote".');
    expect(reminders[0]!.action).toBe(`Keep the promise, then crm followup done ${past.id}`);
    expect(ofKind(run(facts({ followUps: [beyond] }), { within: 8 }), 'follow-up-due')).toHaveLength(1);
  });

  it('done ones get none, unless done after now; ones promised after now are not seen', () => {
    expect(run(facts({ followUps: [followUp(2, { doneAt: ago(1) })] }))).toEqual([]);
    expect(ofKind(run(facts({ followUps: [followUp(2, { doneAt: ago(-1) })] })), 'follow-up-due')).toHaveLength(1);
    expect(run(facts({ followUps: [followUp(-2, { createdAt: ago(-1) })] }))).toEqual([]);
  });

  it('an overdue follow-up keeps its key as days pass', () => {
    const data = facts({ followUps: [followUp(1)] });
    const [a, b] = [one(run(data), 'follow-up-due')!, one(run(data, { moment: later(3) }), 'follow-up-due')!];
    expect([b.key, b.fingerprint, b.date]).toEqual([a.key, a.fingerprint, a.date]);
  });
});
