// Tending the relationship: appreciation, anniversaries, asking about goals and for feedback,
// and talking again about recurring conflicts (DESIGN.md sections 2 and 5).
import { addDays, daysBetween, localDateOf } from '../dates.js';
import { topicStanding, trackingStart, voiceStandings } from '../relationship.js';
import type { Instant, LocalDate } from '../types.js';
import { count, laterDate, latest, onDate, possessive, quoted, reminder, shellWord } from './text.js';
import type { Reminder, Scope } from './types.js';

/**
 * How long since something last happened (or since crm started following the client, whichever is later: what
 * came before is unknown, not missing), and the date it became due: undefined while it is not yet more than
 * `days` ago.
 */
function overdueSince(lastAt: Instant | undefined, tracked: LocalDate, today: LocalDate, days: number) {
  const base = lastAt === undefined ? tracked : laterDate(localDateOf(lastAt), tracked);
  const elapsed = daysBetween(base, today);
  return elapsed > days ? { elapsed, date: addDays(base, days) } : undefined;
}

/** The day crm started following the client. */
function trackedDay(scope: Scope): LocalDate {
  return localDateOf(trackingStart(scope.facts.client));
}

export function* appreciationReminders(scope: Scope): Generator<Reminder> {
  const { facts, moment, settings, arg } = scope;
  const { name } = facts.client;
  const tracked = trackedDay(scope);
  // Like the health score, appreciation is not judged before crm has followed the client this long: a new client is not nagged.
  if (daysBetween(tracked, moment.today) < settings['health.appreciation.min.age.days']) return;
  const last = latest(facts.appreciations, (a) => a.at, moment.at, (a) => a.direction === 'to-client');
  const due = overdueSince(last?.at, tracked, moment.today, settings['remind.appreciation.days']);
  if (!due) return;
  yield reminder(scope, 'appreciation-due', facts.client.id, {
    severity: 'info',
    date: due.date,
    message: last
      ? `No appreciation shown to ${name} in ${count(due.elapsed, 'day')}.`
      : `No appreciation shown to ${name} yet, in ${count(due.elapsed, 'day')} in crm.`,
    action: `Thank ${name} for something specific, then crm log ${arg} --appreciation thanks`,
    fingerprint: last ? String(last.id) : 'none',
  });
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The anniversary of `since` in `year`; Feb 29 falls on Feb 28 in other years. */
function anniversaryIn(since: LocalDate, year: number): LocalDate {
  const monthDay = since.slice(5) === '02-29' && !isLeapYear(year) ? '02-28' : since.slice(5);
  return `${String(year).padStart(4, '0')}-${monthDay}`;
}

export function* anniversaryReminders(scope: Scope): Generator<Reminder> {
  const { facts, moment, settings, arg } = scope;
  const { name, since } = facts.client;
  const today = moment.today;
  const startYear = Number(since.slice(0, 4));
  // The setting is when the reminder starts; --within can look further ahead, never less far.
  const until = addDays(today, Math.max(settings['remind.anniversary.days'], scope.withinDays));
  for (let year = Number(today.slice(0, 4)); ; year++) {
    const date = anniversaryIn(since, year);
    if (date > until) break;
    const years = year - startYear;
    if (date < today || years < 1) continue; // passed already, or not a first anniversary yet
    yield reminder(scope, 'anniversary', `${facts.client.id}:${year}`, {
      severity: 'info',
      date,
      message: `${count(years, 'year')} with ${name} ${onDate(date, today)}: a moment to say thanks.`,
      action: `Send ${name} a personal thank-you, then crm log ${arg} --appreciation milestone`,
      fingerprint: since,
    });
  }
}

export function* goalsReminders(scope: Scope): Generator<Reminder> {
  const { facts, moment, settings, arg } = scope;
  const { name } = facts.client;
  const days = settings['remind.goals.days'];
  const last = latest(facts.needs, (n) => n.learnedAt, moment.at, (n) => n.kind === 'goal');
  // Measured from when crm started following the client when no goal is known: a new client is never asked.
  const due = overdueSince(last?.learnedAt, trackedDay(scope), moment.today, days);
  if (!due) return;
  yield reminder(scope, 'goals-ask', facts.client.id, {
    severity: 'info',
    date: due.date,
    message: last
      ? `${possessive(name)} goals were last noted ${count(due.elapsed, 'day')} ago (${quoted(last.text, 40)}).`
      : `No goals noted for ${name} in ${count(due.elapsed, 'day')} in crm.`,
    action: `Ask ${name} what they are aiming for next, then crm log ${arg} --goal "<their goal>"`,
    fingerprint: last ? String(last.id) : 'none',
  });
}

export function* feedbackReminders(scope: Scope): Generator<Reminder> {
  const { facts, moment, settings, arg } = scope;
  const { name } = facts.client;
  const last = latest(facts.interactions, (i) => i.at, moment.at, (i) => i.feedback);
  const due = overdueSince(last?.at, trackedDay(scope), moment.today, settings['remind.feedback.days']);
  if (!due) return;
  yield reminder(scope, 'feedback-ask', facts.client.id, {
    severity: 'info',
    date: due.date,
    message: last
      ? `No feedback from ${name} in ${count(due.elapsed, 'day')}.`
      : `No feedback from ${name} yet, in ${count(due.elapsed, 'day')} in crm.`,
    action: `Ask ${name} how your work is landing, then crm log ${arg} --feedback`,
    fingerprint: last ? String(last.id) : 'none',
  });
}

/**
 * Perpetual problems need an ongoing conversation (Gottman): a gridlocked topic (raised again and again without
 * a repair or a calm talk) at once, and a recurring topic not talked about for a while.
 */
export function* conflictReminders(scope: Scope): Generator<Reminder> {
  const { facts, index, moment, settings, arg } = scope;
  const name = facts.client.name;
  const revisitDays = settings['remind.conflict.revisit.days'];
  for (const topic of facts.topics) {
    const standing = topicStanding(topic, index, moment.at, settings['health.gridlock.raisings']);
    if (!standing || standing.state === 'resolved') continue;
    const events = standing.events.length;
    const last = standing.events.at(-1)!;
    const word = shellWord(topic.topic);
    if (standing.state === 'gridlocked') {
      yield reminder(scope, 'conflict-revisit', topic.id, {
        severity: 'soon',
        date: localDateOf(last.at),
        message: `${quoted(topic.topic, 40)} is gridlocked with ${name}: raised ${count(standing.unsettledRun, 'time')} in a row without a repair or a calm talk.`,
        action: `Talk it through calmly with ${name}, then crm log ${arg} --conflict ${word} --repair`,
        fingerprint: `${topic.id}:${events}:gridlocked`,
      });
      continue;
    }
    if (events < 2) continue; // recurring topics only
    const due = overdueSince(last.at, '0000-01-01', moment.today, revisitDays);
    if (!due) continue;
    yield reminder(scope, 'conflict-revisit', topic.id, {
      severity: 'soon',
      date: due.date,
      message: `${quoted(topic.topic, 40)} has come up ${count(events, 'time')} with ${name}, last ${count(due.elapsed, 'day')} ago: talk about it again (most conflicts are perpetual; what hurts is gridlock).`,
      action: `Talk it over with ${name}, then crm log ${arg} --conflict ${word} (or crm topic resolve ${arg} ${word})`,
      fingerprint: `${topic.id}:${events}`,
    });
  }
}

/** A need of the user's own that the client did not hear twice: the relationship must work for both sides. */
export function* voiceReminders(scope: Scope): Generator<Reminder> {
  const { facts, moment, arg } = scope;
  const name = facts.client.name;
  for (const need of voiceStandings(facts.voices, moment.at)) {
    if (!need.ignored) continue;
    const latestRaising = need.raisings.at(-1)!;
    const when = latestRaising.outcomeAt ?? latestRaising.raisedAt;
    yield reminder(scope, 'voice-unheard', latestRaising.id, {
      severity: 'soon',
      date: localDateOf(when),
      message: `You raised ${quoted(need.text, 40)} with ${name} ${count(need.raisings.length, 'time')}; not heard.`,
      action: `Say plainly what you need from ${name} and why; when they take it on board, crm voice heard ${latestRaising.id}`,
      fingerprint: `${latestRaising.id}:${need.raisings.length}`,
    });
  }
}
