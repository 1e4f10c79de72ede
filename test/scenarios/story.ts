// A small language for client stories: each call reads like a line of an account manager's notes
// ("38 days ago: a video call, warm"), and facts() hands the engine the rows a user would have logged.
// Times are days before NOW (fractions allowed); every row is tied to the interaction it was logged in.
import { DAY_MS, HOUR_MS, addDays, localDateOf } from '../../src/core/dates.js';
import type {
  Appreciation,
  AppreciationKind,
  Bid,
  BidKind,
  Channel,
  ClientFacts,
  ConflictTopic,
  FollowUp,
  Horseman,
  Interaction,
  Invoice,
  Need,
  Voice,
} from '../../src/core/types.js';
import { NOW, TODAY } from '../unit/score/builders.js';

export { NOW, TODAY };

export interface StoryClient {
  name?: string;
  /** The relationship started this many days ago. */
  sinceDays: number;
  /** The client entered the book this many days ago (default: when the relationship started). */
  enteredDays?: number;
  /** `client add --last-contact`: this many days ago. */
  lastContactDays?: number;
  cadenceDays?: number;
  replyWithinHours?: number;
}

interface Talk {
  channel?: Channel;
  tone?: number;
  fromClient?: boolean;
  horsemen?: Horseman[];
  repair?: boolean;
  feedback?: boolean;
  summary?: string;
}

interface BidOptions {
  kind?: BidKind;
  /** Answered toward this many hours after it came in; null (default): never answered. */
  answeredAfterHours?: number | null;
  against?: boolean;
  channel?: Channel;
  tone?: number;
  horsemen?: Horseman[];
}

export class Story {
  private id = 1;
  private readonly facts: ClientFacts;

  constructor(client: StoryClient) {
    const since = addDays(TODAY, -client.sinceDays);
    this.facts = {
      client: {
        id: 1,
        name: client.name ?? 'Acme',
        email: null,
        company: null,
        tags: [],
        status: 'active',
        since,
        endedOn: null,
        endReason: null,
        cadenceDays: client.cadenceDays ?? 30,
        replyWithinHours: client.replyWithinHours ?? 24,
        note: null,
        createdAt: NOW - (client.enteredDays ?? client.sinceDays) * DAY_MS,
        trackedFrom: NOW - (client.enteredDays ?? client.sinceDays) * DAY_MS,
        lastContact: client.lastContactDays === undefined ? null : addDays(TODAY, -client.lastContactDays),
      },
      interactions: [],
      bids: [],
      topics: [],
      appreciations: [],
      needs: [],
      invoices: [],
      followUps: [],
      voices: [],
    };
  }

  private at(daysAgo: number): number {
    return NOW - daysAgo * DAY_MS;
  }

  /** An interaction: a call by default, started by you, neutral. Returns its id. */
  talk(daysAgo: number, talk: Talk = {}): number {
    const interaction: Interaction = {
      id: this.id++,
      clientId: 1,
      at: this.at(daysAgo),
      channel: talk.channel ?? 'call',
      fromClient: talk.fromClient ?? false,
      tone: talk.tone ?? 0,
      summary: talk.summary ?? null,
      horsemen: talk.horsemen ?? [],
      repair: talk.repair ?? false,
      feedback: talk.feedback ?? false,
    };
    this.facts.interactions.push(interaction);
    return interaction.id;
  }

  /** The client reaches out with a bid (by mail unless said otherwise); answered or not. */
  bid(daysAgo: number, text: string, options: BidOptions = {}): this {
    const kind = options.kind ?? (text.endsWith('?') ? 'question' : 'request');
    const interactionId = this.talk(daysAgo, {
      channel: options.channel ?? 'email',
      fromClient: true,
      tone: options.tone ?? (kind === 'complaint' ? -1 : 0),
      horsemen: options.horsemen ?? [],
    });
    const answered = options.answeredAfterHours ?? null;
    let answerInteractionId: number | null = null;
    if (answered !== null) {
      answerInteractionId = this.talk(daysAgo - answered / 24, { channel: options.channel ?? 'email' });
    }
    const bid: Bid = {
      id: this.id++,
      clientId: 1,
      interactionId,
      at: this.at(daysAgo),
      text,
      kind,
      response: answered === null ? null : options.against ? 'against' : 'toward',
      answeredAt: answered === null ? null : this.at(daysAgo) + answered * HOUR_MS,
      answerInteractionId,
    };
    this.facts.bids.push(bid);
    return this;
  }

  /** A conflict on a named topic, in an interaction of its own. */
  conflict(daysAgo: number, topic: string, talk: Talk & { repaired?: boolean } = {}): this {
    const interactionId = this.talk(daysAgo, { tone: -1, ...talk, repair: talk.repaired ?? talk.repair ?? false });
    let entry = this.facts.topics.find((t) => t.topic === topic);
    if (!entry) {
      entry = { id: this.id++, clientId: 1, topic, status: 'open', resolvedAt: null, events: [] } satisfies ConflictTopic;
      this.facts.topics.push(entry);
    }
    entry.events.push({
      id: this.id++,
      topicId: entry.id,
      interactionId,
      at: this.at(daysAgo),
      repaired: talk.repaired ?? talk.repair ?? false,
    });
    return this;
  }

  resolve(topic: string, daysAgo: number): this {
    const entry = this.facts.topics.find((t) => t.topic === topic);
    if (entry) Object.assign(entry, { status: 'resolved', resolvedAt: this.at(daysAgo) });
    return this;
  }

  /** A gesture of appreciation, logged with a warm interaction. */
  appreciation(daysAgo: number, direction: Appreciation['direction'] = 'to-client', kind: AppreciationKind = 'thanks'): this {
    const interactionId = this.talk(daysAgo, { tone: 1, fromClient: direction === 'from-client' });
    this.facts.appreciations.push({
      id: this.id++,
      clientId: 1,
      interactionId,
      at: this.at(daysAgo),
      direction,
      kind,
      note: null,
    });
    return this;
  }

  need(daysAgo: number, text: string, kind: Need['kind'] = 'goal'): this {
    this.facts.needs.push({ id: this.id++, clientId: 1, learnedAt: this.at(daysAgo), text, kind });
    return this;
  }

  /**
   * An invoice issued `issuedDaysAgo` days ago with `terms` days to pay; paid in full `paidAfterDays` days
   * after issue (null: still open), or in the parts given.
   */
  invoice(
    issuedDaysAgo: number,
    amount: number,
    options: { terms?: number; paidAfterDays?: number | null; parts?: [afterDays: number, amount: number][]; currency?: string; number?: string } = {},
  ): this {
    const issued = addDays(TODAY, -issuedDaysAgo);
    const id = this.id++;
    const amountMinor = Math.round(amount * 100);
    const parts = options.parts ?? (options.paidAfterDays == null ? [] : [[options.paidAfterDays, amount] as [number, number]]);
    const invoice: Invoice = {
      id,
      clientId: 1,
      number: options.number ?? `INV-${id}`,
      amountMinor,
      currency: options.currency ?? 'EUR',
      issued,
      due: addDays(issued, options.terms ?? 30),
      voided: false,
      note: null,
      payments: parts.map(([after, part]) => ({ id: this.id++, invoiceId: id, amountMinor: Math.round(part * 100), paidOn: addDays(issued, after) })),
    };
    this.facts.invoices.push(invoice);
    return this;
  }

  /** A promise made `madeDaysAgo`, due `dueDaysAgo` days ago (negative: ahead), done `doneDaysAgo` ago (null: open). */
  promise(madeDaysAgo: number, dueDaysAgo: number, doneDaysAgo: number | null, text: string): this {
    const followUp: FollowUp = {
      id: this.id++,
      clientId: 1,
      due: addDays(TODAY, -dueDaysAgo),
      text,
      createdAt: this.at(madeDaysAgo),
      doneAt: doneDaysAgo === null ? null : this.at(doneDaysAgo),
    };
    this.facts.followUps.push(followUp);
    return this;
  }

  /** You raised a need of your own with the client; what became of it (and when). */
  voice(daysAgo: number, text: string, outcome: Voice['outcome'] = 'open', outcomeDaysAgo: number | null = null): this {
    const interactionId = this.talk(daysAgo, { tone: 0 });
    this.facts.voices.push({
      id: this.id++,
      clientId: 1,
      interactionId,
      raisedAt: this.at(daysAgo),
      text,
      outcome,
      outcomeAt: outcome === 'open' ? null : this.at(outcomeDaysAgo ?? daysAgo),
    });
    return this;
  }

  /** A regular rhythm: `count` interactions every `everyDays`, the latest `latestDaysAgo` days ago. */
  rhythm(latestDaysAgo: number, everyDays: number, count: number, talk: Talk = {}): this {
    for (let i = 0; i < count; i++) this.talk(latestDaysAgo + i * everyDays, talk);
    return this;
  }

  build(): ClientFacts {
    return structuredClone(this.facts);
  }
}

export function story(client: StoryClient): Story {
  return new Story(client);
}

export function dateAgo(days: number): string {
  return localDateOf(NOW - days * DAY_MS);
}
