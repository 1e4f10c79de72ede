import { describe, expect, it } from 'vitest';
import { HOUR_MS, formatLocalTime, localDateOf } from '../../../src/core/dates.js';
import { NOW, TODAY, ago, bid, daysAgo, facts, followUp, interaction, later, one, ofKind, run } from './builders.js';

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
  const quietExceptContact = (daysSince: number | null, over: Parameters<typeof facts>[0] = {}) =>
    facts({ interactions: daysSince === null ? [] : [interaction(daysSince)], ...over });

  it('not at exactly the cadence; soon the day after, dated last contact + cadence', () => {
    expect(ofKind(run(quietExceptContact(30)), 'contact-overdue')).toEqual([]);
    const last = interaction(31);
    const r = one(run(facts({ interactions: [last] })), 'contact-overdue');
    expect(r).toMatchObject({
      key: 'contact-overdue:1',
      severity: 'soon',
      date: daysAgo(1),
      fingerprint: String(last.id),
      message: 'No contact with Acme for 31 days; the cadence is every 30 days.',
    });
    expect(r!.action).toBe('Get in touch with Acme (a call or video builds more trust than mail), then crm log Acme');
  });

  it('urgent past twice the cadence', () => {
    expect(one(run(quietExceptContact(60)), 'contact-overdue')!.severity).toBe('soon');
    expect(one(run(quietExceptContact(61)), 'contact-overdue')!.severity).toBe('urgent');
  });

  it('counts from the start date when nothing is logged, or when the last interaction is older', () => {
    const none = one(run(quietExceptContact(null, { client: { since: daysAgo(31) } })), 'contact-overdue')!;
    expect(none).toMatchObject({ fingerprint: 'none', date: daysAgo(1) });
    expect(none.message).toBe('No contact with Acme logged in 31 days as a client; the cadence is every 30 days.');
    expect(ofKind(run(quietExceptContact(null, { client: { since: daysAgo(30) } })), 'contact-overdue')).toEqual([]);
    expect(ofKind(run(quietExceptContact(200, { client: { since: daysAgo(20) } })), 'contact-overdue')).toEqual([]);
  });

  it('the latest interaction counts, whatever the order; interactions after now are not seen', () => {
    const data = facts({ interactions: [interaction(10), interaction(50), interaction(-3)] });
    expect(ofKind(run(data), 'contact-overdue')).toEqual([]);
    const onlyFuture = facts({ interactions: [interaction(40), interaction(-3)] });
    expect(one(run(onlyFuture), 'contact-overdue')!.date).toBe(daysAgo(10));
  });

  it('names the client by quoted name, or by id when the name reads as an id', () => {
    expect(one(run(quietExceptContact(40, { client: { name: 'Acme Corp' } })), 'contact-overdue')!.action).toContain(`crm log 'Acme Corp'`);
    expect(one(run(quietExceptContact(40, { client: { id: 7, name: '42' } })), 'contact-overdue')!.action).toMatch(/crm log 7$/);
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
