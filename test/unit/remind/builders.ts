// Small builders for the reminders engine: times are days before NOW, dates days before TODAY.
import { addDays, localInstant, momentOf } from '../../../src/core/dates.js';
import {
  deriveReminders,
  type PortfolioFigures,
  type Reminder,
  type ReminderKind,
} from '../../../src/core/remind/index.js';
import { type Settings } from '../../../src/core/settings.js';
import type {
  Client,
  ClientFacts,
  ConflictEvent,
  ConflictTopic,
  FollowUp,
  Invoice,
  LocalDate,
  Moment,
  Need,
  Payment,
  Voice,
} from '../../../src/core/types.js';

// The shapes both engines read are built the same way: shared with the score's builders.
import { MOMENT, NOW, TODAY, ago, appreciation, bid, client, conflictEvent, daysAgo, interaction, payment, settings } from '../score/builders.js';

export { MOMENT, NOW, TODAY, ago, appreciation, bid, client, conflictEvent, daysAgo, interaction, payment, settings };

let nextId = 1000;
export const id = (): number => nextId++;

/** A moment `days` days after MOMENT (same wall-clock time). */
export function later(days: number): Moment {
  return momentOf(localInstant(addDays(TODAY, days), 12));
}

export function at(date: LocalDate, hours = 12): Moment {
  return momentOf(localInstant(date, hours));
}


/**
 * A client's facts. With no interactions, appreciations, needs or feedback given, "quiet" ones are added
 * (yesterday) so only the reminders a test is about show up; pass `quiet: false` for a bare client.
 */
export function facts(
  over: Partial<Omit<ClientFacts, 'client'>> & { client?: Partial<Client>; quiet?: boolean } = {},
): ClientFacts {
  const { client: clientOver, quiet = true, ...rest } = over;
  const c = client(clientOver);
  const base: ClientFacts = {
    client: c,
    interactions: quiet ? [interaction(1, { clientId: c.id, feedback: true })] : [],
    bids: [],
    topics: [],
    appreciations: quiet ? [appreciation(1, 'to-client', { clientId: c.id })] : [],
    needs: quiet ? [need(1, 'goal', { clientId: c.id })] : [],
    invoices: [],
    followUps: [],
    voices: [],
  };
  return { ...base, ...rest };
}

export function topic(name: string, events: ConflictEvent[], over: Partial<ConflictTopic> = {}): ConflictTopic {
  const topicId = over.id ?? id();
  return { id: topicId, clientId: 1, topic: name, status: 'open', resolvedAt: null, events: events.map((e) => ({ ...e, topicId })), ...over };
}

/** A need of the user's own raised `daysBefore` days ago, still open unless `over` says otherwise. */
export function voice(daysBefore: number, over: Partial<Voice> = {}): Voice {
  return { id: id(), clientId: 1, interactionId: null, raisedAt: ago(daysBefore), text: 'pay within 30 days', outcome: 'open', outcomeAt: null, ...over };
}

export function need(daysBefore: number, kind: Need['kind'] = 'goal', over: Partial<Need> = {}): Need {
  return { id: id(), clientId: 1, learnedAt: ago(daysBefore), text: 'grow into Germany', kind, ...over };
}

/** An invoice due `dueDaysAgo` days ago (negative: in the future), issued 30 days before that. */
export function invoice(dueDaysAgo: number, amountMinor = 150_000, payments: Payment[] = [], over: Partial<Invoice> = {}): Invoice {
  const invoiceId = id();
  return {
    id: invoiceId,
    clientId: 1,
    number: `INV-${invoiceId}`,
    amountMinor,
    currency: 'EUR',
    issued: daysAgo(dueDaysAgo + 30),
    due: daysAgo(dueDaysAgo),
    voided: false,
    note: null,
    payments: payments.map((p) => ({ ...p, invoiceId })),
    ...over,
  };
}

export function followUp(dueDaysAgo: number, over: Partial<FollowUp> = {}): FollowUp {
  return { id: id(), clientId: 1, due: daysAgo(dueDaysAgo), text: 'send the revised quote', createdAt: ago(40), doneAt: null, ...over };
}

export function noFigures(): PortfolioFigures {
  return { health: new Map(), revenueShare: new Map() };
}

export interface RunOptions {
  moment?: Moment;
  settings?: Settings;
  figures?: PortfolioFigures;
  within?: number;
}

export function run(portfolio: ClientFacts | ClientFacts[], options: RunOptions = {}): Reminder[] {
  return deriveReminders(
    Array.isArray(portfolio) ? portfolio : [portfolio],
    options.moment ?? MOMENT,
    options.settings ?? settings(),
    options.figures ?? noFigures(),
    options.within ?? 7,
  );
}

export function ofKind(reminders: Reminder[], kind: ReminderKind): Reminder[] {
  return reminders.filter((r) => r.kind === kind);
}

/** The single reminder of `kind`, or undefined; throws when there are several. */
export function one(reminders: Reminder[], kind: ReminderKind): Reminder | undefined {
  const found = ofKind(reminders, kind);
  if (found.length > 1) throw new Error(`expected at most one ${kind}, got ${found.length}`);
  return found[0];
}
