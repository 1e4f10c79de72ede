// crm remind: what needs doing, most urgent first. Silent when nothing is due, so cron mails only then.
import { existsSync } from 'node:fs';
import type { Command } from '@commander-js/extra-typings';
import type { Context } from '../context.js';
import { parseDurationHours, formatLocalTime, instantAfter, isoInstant } from '../core/dates.js';
import { InputError, NotFoundError } from '../core/errors.js';
import { icsCalendar, icsUid, textOfTodayModified, type IcsEvent } from '../core/ics.js';
import { deriveReminders, followUpOf, silence, sortReminders, type PortfolioFigures, type Reminder } from '../core/remind/index.js';
import { daysBefore, inOrder, revenueShares, revenueWindow, scoresAt } from '../core/score/index.js';
import type { ClientFacts, Instant, Moment } from '../core/types.js';
import type { Settings } from '../core/settings.js';
import { quoted } from '../core/words.js';
import { followUpJson } from '../render/json.js';
import { renderReminders } from '../render/remind.js';
import { shellWord } from '../render/shell.js';
import { formatOf, printList } from '../render/output.js';
import { portfolioFacts } from '../store/facts.js';
import { completeFollowUp } from '../store/followups.js';
import { lastChangeAt } from '../store/journal.js';
import { revenueTotals } from '../store/invoices.js';
import type { Db } from '../store/open.js';
import { noBookError } from '../store/path.js';
import { readReminderStates, writeReminderState } from '../store/reminders.js';
import { readSettings } from '../store/settings.js';
import { findClient, ownerOf, withExamples } from './shared.js';

const DEFAULT_WITHIN_DAYS = 7;
/** snooze and done look this far ahead, so a reminder shown with a long --within can be silenced too. */
const SILENCE_HORIZON_DAYS = 3660;

export function registerRemind(program: Command, ctx: Context): void {
  const remind = program
    .command('remind')
    .description('what needs doing now or soon, most urgent first (suggestions too with --all); prints nothing when nothing is due')
    .option('--within <days>', `include what falls due within this many days (default ${DEFAULT_WITHIN_DAYS})`)
    .option('--at <date>', 'as of this date (default now)')
    .option('--client <client>', 'only this client')
    .option('--all', 'also the suggestions for when you can (otherwise one line on stderr counts them)')
    .option('--json', 'print a JSON array (every reminder, suggestions too)')
    .option('--ndjson', 'print one JSON object per line')
    .option('--ics', 'print an iCalendar feed (one all-day event per reminder)')
    .action((flags) => runRemind(ctx, flags));
  withExamples(remind, [
    'crm remind',
    'crm remind --all --within 14 --client acme',
    "crm remind --json | jq -e 'any(.[]; .severity == \"urgent\")'  # 0: urgent",
    'crm remind --within 30 --ics > ~/calendars/crm.ics',
    'crm remind snooze invoice-overdue:INV-7 3d',
    'crm remind done bid-unanswered:12',
  ]);
  remind.addHelpText(
    'after',
    'No book at the path (a wrong HOME or CRM_DB in cron) is one line on stderr and\n' +
      'exit 4: a broken cron job never passes for "nothing due".\n',
  );

  const snooze = remind
    .command('snooze')
    .description('silence a reminder for a while (it comes back sooner if its data changes)')
    .argument('<key>', 'the reminder key, e.g. invoice-overdue:INV-7 (see crm remind --json)')
    .argument('<duration>', 'how long: 12h, 3d, 2w, 1mo')
    .option('--json', 'print the silenced reminder as JSON')
    .action((key, durationText, flags) => {
      const hours = parseDurationHours(durationText, 'd', '<duration>');
      const now = ctx.now();
      const db = bookToRemind(ctx, 'nothing to snooze');
      const reminder = currentReminder(db, key, now);
      const until = instantAfter(now.at, hours, `<duration> "${durationText}"`);
      writeReminderState(db, { key: reminder.key, state: 'snoozed', until, fingerprint: reminder.fingerprint });
      ctx.done(`Snoozed ${reminder.key} until ${formatLocalTime(until)}.`, flags.json ? 'json' : 'text', () => silencedJson(reminder, 'snoozed', until));
    });
  withExamples(snooze, ['crm remind snooze invoice-overdue:INV-7 3d', 'crm remind snooze contact-overdue:4 2w']);

  const done = remind
    .command('done')
    .description('silence a reminder until its data changes (the invoice is paid, the bid answered, ...); a follow-up is marked done')
    .argument('<key>', 'the reminder key, e.g. bid-unanswered:12')
    .option('--json', 'print the silenced reminder as JSON')
    .action((key, flags) => {
      const now = ctx.now();
      const db = bookToRemind(ctx, 'nothing to mark done');
      const reminder = currentReminder(db, key, now);
      const followUpId = followUpOf(reminder);
      if (followUpId !== undefined) {
        // A promise is kept, not silenced: the follow-up itself is done, as crm followup done would mark it.
        const completed = completeFollowUp(db, followUpId, now.at);
        const client = ownerOf(db, completed.clientId);
        return ctx.done(`Follow-up #${followUpId} with ${client.name} done: ${quoted(completed.text)}.`, flags.json ? 'json' : 'text', () => ({
          ...silencedJson(reminder, 'done', null),
          followUp: followUpJson(completed, client, now.today),
        }));
      }
      writeReminderState(db, { key: reminder.key, state: 'done', until: null, fingerprint: reminder.fingerprint });
      ctx.done(`Done: ${reminder.key}. It comes back only if its data changes.`, flags.json ? 'json' : 'text', () => silencedJson(reminder, 'done', null));
    });
  withExamples(done, ['crm remind done bid-unanswered:12', 'crm remind done follow-up-due:5   # marks follow-up #5 done', 'crm remind done anniversary:3:2026']);
}

export interface RemindFlags {
  within?: string;
  at?: string;
  client?: string;
  all?: boolean;
  json?: boolean;
  ndjson?: boolean;
  ics?: boolean;
}

export async function runRemind(ctx: Context, flags: RemindFlags): Promise<void> {
  const format = formatOf(flags);
  if (flags.ics && format !== 'text') throw new InputError('--ics cannot be used with --json or --ndjson');
  const within = flags.within === undefined ? DEFAULT_WITHIN_DAYS : parseWithin(flags.within);
  const moment = await ctx.asOf(flags.at);
  const db = bookToRemind(ctx, 'nothing to remind', 'read');
  const clientId = flags.client === undefined ? undefined : findClient(db, flags.client).id;
  const reminders = sortReminders(
    silence(remindersOf(db, moment, within), readReminderStates(db), moment).filter(
      (r) => clientId === undefined || r.client.id === clientId,
    ),
  );
  // A feed is printed even when empty, so a calendar subscribed to it does not break.
  if (flags.ics) {
    // Reminder texts are worded relative to the day ("65 days overdue"). The feed is made as of --at, so that
    // the same book and --at give the same bytes.
    const modified = textOfTodayModified(moment, lastChangeAt(db, moment.at));
    ctx.outVerbatim(icsCalendar(reminders.map((r) => reminderEvent(r, modified)), { now: moment.at, name: 'crm reminders' }));
    return;
  }
  const items = reminders.map(({ fingerprint: _fingerprint, ...reminder }) => reminder);
  if (format !== 'text') {
    printList(ctx, format, items, () => '');
    return;
  }
  // The daily list is what needs doing; the suggestions for when you can (severity info) wait for --all. They are
  // counted on one line when something else is shown, or on a terminal: cron stays silent while only they wait.
  const shown = flags.all ? reminders : reminders.filter((r) => r.severity !== 'info');
  const waiting = reminders.length - shown.length;
  printList(ctx, format, shown, () => renderReminders(shown, ctx));
  if (waiting && (shown.length || ctx.stdoutIsTTY)) {
    const more = `${waiting} ${waiting === 1 ? 'suggestion' : 'suggestions'} for when you can`;
    ctx.info(`${shown.length ? `and ${more}` : more}: ${remindAllCommand(ctx, flags)}`);
  }
}

/** The command that shows what this run left out: the same run with --all. */
function remindAllCommand(ctx: Context, flags: RemindFlags): string {
  const words = ['crm'];
  if (ctx.bookLocation.source === '--db') words.push('--db', shellWord(ctx.bookPath));
  words.push('remind', '--all');
  for (const [flag, value] of [['--within', flags.within], ['--at', flags.at], ['--client', flags.client]] as const) {
    if (value !== undefined) words.push(flag, shellWord(value));
  }
  return words.join(' ');
}

/**
 * The book reminders are read from, which must exist: in cron, a wrong HOME or CRM_DB would otherwise read as an
 * empty book, and "nothing due" forever. An existing book with nothing in it is silent.
 */
function bookToRemind(ctx: Context, consequence: string, mode: 'read' | 'update' = 'update'): Db {
  if (!existsSync(ctx.bookPath)) throw noBookError(ctx.bookLocation, consequence);
  return ctx.book(mode);
}

function silencedJson(reminder: Reminder, state: 'snoozed' | 'done', until: number | null) {
  const { fingerprint: _fingerprint, ...shown } = reminder;
  return { ...shown, state, until: until === null ? null : isoInstant(until) };
}

/** One all-day event per reminder, on its date; the UID follows the reminder's stable key. */
function reminderEvent(reminder: Reminder, modified: Instant): IcsEvent {
  return {
    modified,
    uid: icsUid(reminder.key),
    date: reminder.date,
    summary: reminder.message, // messages name the client already
    description: `${reminder.action}\n\nKey: ${reminder.key} (crm remind done ${reminder.key} silences it)`,
    categories: [reminder.severity, reminder.kind],
  };
}

function parseWithin(text: string): number {
  if (!/^\d{1,4}$/.test(text.trim())) throw new InputError(`--within "${text}" must be a number of days from 0 to 9999`);
  return Number(text);
}

/** Every derived reminder of the active book as of `moment`, before silencing. One pass over the book. */
function remindersOf(db: Db, moment: Moment, withinDays: number): Reminder[] {
  const settings = readSettings(db);
  const figures: PortfolioFigures = { health: new Map(), revenueShare: revenueShares(revenueTotals(db, revenueWindow(moment))) };
  // Clients that had not begun yet on that day (remind --at) are not reminded of anything.
  const facts = portfolioFacts(db, { asOf: moment.today }, { moment, settings, history: false });
  return deriveReminders(withHealth(facts, figures, moment, settings), moment, settings, figures, withinDays);
}

/** Scores each client (today and a trend period ago) just before the reminders engine reads it. */
function* withHealth(portfolio: Iterable<ClientFacts>, figures: PortfolioFigures, moment: Moment, settings: Settings) {
  const earlier = daysBefore(moment, settings['health.trend.days']);
  for (const unordered of portfolio) {
    const facts = inOrder(unordered);
    const [score, previous] = scoresAt(facts, [moment, earlier], settings);
    figures.health.set(facts.client.id, { score: score!, previous: previous! });
    yield facts;
  }
}

/** The keys of what `crm remind` lists now, suggestions too: what `crm remind snooze|done` completes. */
export function reminderKeys(db: Db, now: Moment): string[] {
  return remindersOf(db, now, DEFAULT_WITHIN_DAYS).map((r) => r.key);
}

function currentReminder(db: Db, key: string, now: Moment): Reminder {
  const reminder = remindersOf(db, now, SILENCE_HORIZON_DAYS).find((r) => r.key === key.trim());
  if (!reminder) throw new NotFoundError(`no reminder "${key}" is due now; crm remind --json lists the keys`);
  return reminder;
}
