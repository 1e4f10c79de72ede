// What the client is waiting for: open bids, keeping to the contact cadence, promised follow-ups.
import { DAY_MS, HOUR_MS, addDays, formatLocalTime, localDateOf } from '../dates.js';
import { contactStanding } from '../score/contact.js';
import { pointOf } from '../score/types.js';
import type { Bid, Instant } from '../types.js';
import { count, laterDate, latest, onDate, possessive, quoted, reminder, span } from './text.js';
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
    const what = `${possessive(name)} ${bid.kind} ${quoted(bid.text)}`;
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

/**
 * No contact kept by you for longer than the cadence: the same rule as the health score (an interaction you
 * started, a conversation, or your answer; a mail keeps a client warm less long than a meeting), counted from
 * when crm started following the client, or from the last contact before it when the user said so.
 */
export function* contactReminders(scope: Scope): Generator<Reminder> {
  const { facts, index, digest, moment, arg } = scope;
  const { name, cadenceDays } = facts.client;
  if (!(cadenceDays > 0)) return;
  const { silence, channel, anyLogged } = contactStanding(facts, index, digest, pointOf(moment));
  if (silence.credit >= 1) return;
  const every = `the cadence is every ${count(cadenceDays, 'day')}`;
  yield reminder(scope, 'contact-overdue', facts.client.id, {
    severity: silence.cadences > 2 ? 'urgent' : 'soon',
    date: addDays(localDateOf(silence.since), Math.ceil(cadenceDays)),
    message: silence.last !== undefined
      ? `No contact with ${name} for ${count(silence.days, 'day')} (last: ${channel ?? 'an answer'}); ${every}.`
      : facts.client.lastContact !== null
        ? `No contact with ${name} for ${count(silence.days, 'day')}, since ${facts.client.lastContact}; ${every}.`
        : anyLogged
          ? `No contact kept by you with ${name} in ${count(silence.days, 'day')} (their messages and hostile calls do not count); ${every}.`
          : `No contact with ${name} logged in ${count(silence.days, 'day')} in crm; ${every}.`,
    action: `Get in touch with ${name} (a call or video builds more trust than mail), then crm log ${arg}`,
    fingerprint: silence.last !== undefined ? String(silence.last) : 'none',
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
