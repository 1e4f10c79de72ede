// Small builders for ClientFacts: times are given as days before NOW, dates as days before TODAY.
import { DAY_MS, HOUR_MS, addDays, localInstant, momentOf } from '../../../src/core/dates.js';
import { defaultSettings, type Settings } from '../../../src/core/settings.js';
import type {
  Appreciation,
  Bid,
  Client,
  ClientFacts,
  ConflictEvent,
  ConflictTopic,
  Interaction,
  Invoice,
  LocalDate,
  Moment,
  Payment,
} from '../../../src/core/types.js';

export const NOW = localInstant('2026-11-20', 12);
export const MOMENT: Moment = momentOf(NOW);
export const TODAY: LocalDate = MOMENT.today;

let nextId = 1;
const id = (): number => nextId++;

/** An instant `days` days (fractional allowed) before NOW. */
export function ago(days: number): number {
  return NOW - days * DAY_MS;
}

/** The local date `days` days before TODAY (negative: in the future). */
export function daysAgo(days: number): LocalDate {
  return addDays(TODAY, -days);
}

export function settings(overrides: Partial<Settings> = {}): Settings {
  return { ...defaultSettings(), ...overrides };
}

export function client(over: Partial<Client> = {}): Client {
  return {
    id: 1,
    name: 'Acme',
    email: null,
    company: null,
    tags: [],
    status: 'active',
    since: daysAgo(400),
    endedOn: null,
    endReason: null,
    cadenceDays: 30,
    replyWithinHours: 48,
    note: null,
    createdAt: ago(400),
    trackedFrom: ago(400),
    lastContact: null,
    ...over,
  };
}

export function facts(over: Partial<Omit<ClientFacts, 'client'>> & { client?: Partial<Client> } = {}): ClientFacts {
  const { client: clientOver, ...rest } = over;
  return {
    client: client(clientOver),
    interactions: [],
    bids: [],
    topics: [],
    appreciations: [],
    needs: [],
    invoices: [],
    followUps: [],
    voices: [],
    ...rest,
  };
}

export function interaction(daysBefore: number, over: Partial<Interaction> = {}): Interaction {
  return {
    id: id(),
    clientId: 1,
    at: ago(daysBefore),
    channel: 'call',
    fromClient: false,
    tone: 0,
    summary: null,
    horsemen: [],
    repair: false,
    feedback: false,
    ...over,
  };
}

/** A bid `daysBefore` days ago; `answeredAfterHours` answers it toward that many hours later. */
export function bid(daysBefore: number, answeredAfterHours: number | null = null, over: Partial<Bid> = {}): Bid {
  const at = ago(daysBefore);
  return {
    id: id(),
    clientId: 1,
    interactionId: null,
    at,
    text: 'send the quote',
    kind: 'request',
    response: answeredAfterHours === null ? null : 'toward',
    answeredAt: answeredAfterHours === null ? null : at + answeredAfterHours * HOUR_MS,
    answerInteractionId: null,
    ...over,
  };
}

export function conflictEvent(daysBefore: number, repaired = false): ConflictEvent {
  return { id: id(), topicId: 0, interactionId: null, at: ago(daysBefore), repaired };
}

export function topic(name: string, events: ConflictEvent[], over: Partial<ConflictTopic> = {}): ConflictTopic {
  const topicId = id();
  return {
    id: topicId,
    clientId: 1,
    topic: name,
    status: 'open',
    resolvedAt: null,
    events: events.map((event) => ({ ...event, topicId })),
    ...over,
  };
}

export function appreciation(
  daysBefore: number,
  direction: Appreciation['direction'] = 'to-client',
  over: Partial<Appreciation> = {},
): Appreciation {
  return {
    id: id(),
    clientId: 1,
    interactionId: null,
    at: ago(daysBefore),
    direction,
    kind: 'thanks',
    note: null,
    ...over,
  };
}

/** A payment of `amountMinor` on the date `daysBefore` days before today. */
export function payment(daysBefore: number, amountMinor: number): Payment {
  return { id: id(), invoiceId: 0, amountMinor, paidOn: daysAgo(daysBefore) };
}

/** An invoice issued `issuedDaysAgo` days ago, due `termsDays` later. */
export function invoice(
  issuedDaysAgo: number,
  amountMinor: number,
  payments: Payment[] = [],
  over: Partial<Invoice> = {},
  termsDays = 30,
): Invoice {
  const invoiceId = id();
  return {
    id: invoiceId,
    clientId: 1,
    number: `INV-${invoiceId}`,
    amountMinor,
    currency: 'EUR',
    issued: daysAgo(issuedDaysAgo),
    due: daysAgo(issuedDaysAgo - termsDays),
    voided: false,
    note: null,
    payments: payments.map((p) => ({ ...p, invoiceId })),
    ...over,
  };
}
