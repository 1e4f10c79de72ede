// What the client is waiting for: open bids, keeping to the contact cadence, promised follow-ups.
import { DAY_MS, HOUR_MS, addDays, daysBetween, formatLocalTime, localDateOf } from '../dates.js';
import type { Bid, Instant } from '../types.js';
import { count, laterDate, latest, onDate, quoted, reminder, span } from './text.js';
import type { Reminder, Scope } from './types.js';

/** An unanswered bid this long past the reply window is urgent. */
const URGENT_PAST_WINDOW_MS = 3 * DAY_MS;

/** Open as of `now`: no response yet, or one recorded for a later time. */
function isOpen(bid: Bid, now: Instant): boolean {
  return bid.response === null || (bid.answeredAt ?? bid.at) > now;
}

export function* bidReminders(scope: Scope): Generator<Reminder> {
  const { facts, moment, arg } = scope;
  const { name, replyWithinHours } = facts.client;
  const windowMs = replyWithinHours * HOUR_MS;
  for (const bid of facts.bids) {
    if (bid.at > moment.at || !isOpen(bid, moment.at)) continue;
    const deadline = bid.at + windowMs;
    const date = localDateOf(deadline);
    const late = moment.at > deadline;
    if (!late && date > scope.horizon) continue;
    const what = `${name}'s ${bid.kind} ${quoted(bid.text)}`;
    yield reminder(scope, 'bid-unanswered', bid.id, {
      severity: late && (bid.kind === 'complaint' || moment.at - deadline > URGENT_PAST_WINDOW_MS) ? 'urgent' : 'soon',
      date,
      message: late
        ? `${what} is unanswered ${span(moment.at - deadline)} past the ${replyWithinHours}h reply window.`
        : `${what} awaits an answer by ${formatLocalTime(deadline)}.`,
      action: `Answer ${name}, then crm bid answer ${bid.id} (or crm log ${arg} --answer ${bid.id})`,
      // Waiting and late are different states: a reminder silenced while waiting comes back once late.
      fingerprint: `${bid.id}:${late ? 'late' : 'waiting'}`,
    });
  }
}

export function* contactReminders(scope: Scope): Generator<Reminder> {
  const { facts, moment, arg } = scope;
  const { name, since, cadenceDays } = facts.client;
  if (!(cadenceDays > 0)) return;
  const last = latest(facts.interactions, (i) => i.at, moment.at);
  const lastContact = last ? laterDate(localDateOf(last.at), since) : since;
  const silent = daysBetween(lastContact, moment.today);
  if (silent <= cadenceDays) return;
  yield reminder(scope, 'contact-overdue', facts.client.id, {
    severity: silent > 2 * cadenceDays ? 'urgent' : 'soon',
    date: addDays(lastContact, cadenceDays),
    message: last
      ? `No contact with ${name} for ${count(silent, 'day')}; the cadence is every ${count(cadenceDays, 'day')}.`
      : `No contact with ${name} logged in ${count(silent, 'day')} as a client; the cadence is every ${count(cadenceDays, 'day')}.`,
    action: `Get in touch with ${name} (a call or video builds more trust than mail), then crm log ${arg}`,
    fingerprint: last ? String(last.id) : 'none',
  });
}

export function* followUpReminders(scope: Scope): Generator<Reminder> {
  const { facts, moment } = scope;
  const today = moment.today;
  for (const followUp of facts.followUps) {
    if (followUp.createdAt > moment.at) continue; // not promised yet as of now
    if (followUp.doneAt !== null && followUp.doneAt <= moment.at) continue;
    if (followUp.due > scope.horizon) continue;
    const overdue = followUp.due < today;
    yield reminder(scope, 'follow-up-due', followUp.id, {
      severity: overdue ? 'urgent' : followUp.due === today ? 'soon' : 'info',
      date: followUp.due,
      message: `Follow-up for ${facts.client.name} ${overdue ? 'was due on' : 'is due'} ${overdue ? followUp.due : onDate(followUp.due, today)}: ${quoted(followUp.text)}.`,
      action: `Keep the promise, then crm followup done ${followUp.id}`,
      fingerprint: `${followUp.id}:${followUp.due}`,
    });
  }
}
