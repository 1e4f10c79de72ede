// The reminders engine (DESIGN.md section 5): derived from the facts on each run, plus explicit follow-ups.
// Pure: the caller hands in the facts, the moment, the settings and the health figures.
import { addDays } from '../dates.js';
import type { Settings } from '../settings.js';
import type { ClientFacts, Moment } from '../types.js';
import { bidReminders, contactReminders, followUpReminders } from './attention.js';
import {
  anniversaryReminders,
  appreciationReminders,
  conflictReminders,
  feedbackReminders,
  goalsReminders,
  voiceReminders,
} from './care.js';
import { inOrder } from '../ordered.js';
import { indexFacts } from '../relationship.js';
import { digestFor } from '../score/index.js';
import { healthDropReminders, revenueReminders } from './figures.js';
import { invoiceReminders } from './invoices.js';
import { sortReminders } from './order.js';
import { clientArg } from './text.js';
import type { PortfolioFigures, Reminder, Scope, YearEndScope } from './types.js';
import { yearEndReminders } from './yearend.js';

export { silence } from './silence.js';
export { sortReminders } from './order.js';
export {
  REMINDER_KINDS,
  SEVERITIES,
  type PortfolioFigures,
  type Reminder,
  type ReminderKind,
  type ReminderState,
  type Severity,
} from './types.js';

/** The follow-up a reminder is about (key `follow-up-due:ID`), if it is one: `crm remind done` keeps that promise. */
export function followUpOf(reminder: Reminder): number | undefined {
  if (reminder.kind !== 'follow-up-due') return undefined;
  const id = Number(reminder.key.slice(`${reminder.kind}:`.length));
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/**
 * Every reminder due for the portfolio at `moment`, sorted (see sortReminders).
 *
 * Window: a reminder is included when its date is no later than today + `withinDays`; anything already due
 * always is. Kinds with a lead time of their own (invoice-due-soon, anniversary, year-end from December 1)
 * start on that lead time even when it reaches past `withinDays`: `--within` looks further ahead, never less.
 * Ended clients get none. Events after `moment` are ignored: the log is read as it stood then.
 */
export function deriveReminders(
  portfolio: Iterable<ClientFacts>,
  moment: Moment,
  settings: Settings,
  figures: PortfolioFigures,
  withinDays: number,
): Reminder[] {
  const within = Number.isFinite(withinDays) ? Math.max(0, Math.floor(withinDays)) : 0;
  const horizon = addDays(moment.today, within);
  const reminders: Reminder[] = [];
  const scopes: YearEndScope[] = [];
  for (const unordered of portfolio) {
    if (unordered.client.status === 'ended') continue;
    const facts = inOrder(unordered);
    const { id, name } = facts.client;
    const index = indexFacts(facts);
    const digest = digestFor(facts, index, [moment.at], settings);
    const scope: Scope = {
      facts, index, digest, client: { id, name }, arg: clientArg({ id, name }), moment, settings, withinDays: within, horizon,
    };
    // Year-end ranks the whole portfolio by invoices and appreciation: keep only those, so a big book's
    // interactions can be let go client by client.
    scopes.push({ client: scope.client, arg: scope.arg, settings, facts: { client: facts.client, invoices: facts.invoices, appreciations: facts.appreciations } });
    for (const derive of [
      invoiceReminders(scope),
      bidReminders(scope),
      contactReminders(scope),
      appreciationReminders(scope),
      anniversaryReminders(scope),
      conflictReminders(scope),
      goalsReminders(scope),
      followUpReminders(scope),
      healthDropReminders(scope, figures),
      revenueReminders(scope, figures),
      feedbackReminders(scope),
      voiceReminders(scope),
    ]) {
      for (const reminder of derive) reminders.push(reminder);
    }
  }
  for (const reminder of yearEndReminders(scopes, moment, settings)) reminders.push(reminder);
  return sortReminders(reminders);
}
