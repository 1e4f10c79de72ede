// Everything known about clients. One query per table, never one per client: a portfolio is streamed
// client by client (in id order) from grouped queries, so a book of a million interactions is read in
// one pass and never sits in memory whole. Rows are packed per client in SQL as JSON arrays. The largest
// table, interactions, is not shipped at all for a portfolio: SQLite's scan sums it (store/digest.ts) and
// hands over only the rows the explanations name. Rows come in no particular order within a client: the
// core sorts each client's facts (inOrder).
import { PORTFOLIO_EVIDENCE, readingCutoffs, tellingFrom } from '../core/score/index.js';
import { DigestBuilder, planOf } from '../core/score/digest.js';
import type { Settings } from '../core/settings.js';
import type {
  AppreciationDirection, AppreciationKind, BidKind, BidResponse, ClientFacts, ConflictTopic, FollowUp, Interaction, Invoice,
  Moment, NeedKind, TopicStatus, VoiceOutcome,
} from '../core/types.js';
import { listClients, getClient, type ClientFilter } from './clients.js';
import { readInteractions, type InteractionsRead } from './digest.js';
import type { Db } from './open.js';
import { toInteraction, type InteractionRow } from './rows.js';

/** One client's facts with every interaction (the core sums them itself), or undefined for an unknown id. */
export function clientFacts(db: Db, clientId: number): ClientFacts | undefined {
  const client = getClient(db, clientId);
  if (!client) return undefined;
  const facts = streamFacts(db, [client], clientId).next().value as ClientFacts;
  const rows = db.prepare('SELECT * FROM interaction WHERE client_id = ? ORDER BY at, id').all(clientId) as InteractionRow[];
  return { ...facts, interactions: rows.map(toInteraction) };
}

/** What a portfolio is read for: the moment, the settings, and whether the sparkline's weeks are wanted. */
export interface Reading {
  moment: Moment;
  settings: Settings;
  history: boolean;
}

/**
 * Every client's facts (filtered like listClients), one client at a time, in id order, for a reading: each with
 * its interactions summed (`digest`) and only the interactions the explanations name.
 */
export function* portfolioFacts(db: Db, filter: ClientFilter, reading: Reading): Generator<ClientFacts> {
  const clients = listClients(db, filter).sort((a, b) => a.id - b.id);
  const cutoffs = readingCutoffs(reading.moment, reading.settings, reading.history);
  const named = new Set(
    (db
      .prepare(
        `SELECT answer_interaction_id FROM bid WHERE answer_interaction_id IS NOT NULL
         UNION SELECT interaction_id FROM conflict_event WHERE interaction_id IS NOT NULL`,
      )
      .raw()
      .all() as [number][]).map(([id]) => id),
  );
  const plan = planOf(cutoffs, tellingFrom(cutoffs), reading.settings);
  const interactions = readInteractions(db, plan, { latest: PORTFOLIO_EVIDENCE, ids: named });
  let pending = interactions.next();
  const take = (clientId: number): InteractionsRead | undefined => {
    while (!pending.done && pending.value[0] < clientId) pending = interactions.next();
    if (pending.done || pending.value[0] !== clientId) return undefined;
    const read = pending.value[1];
    pending = interactions.next();
    return read;
  };
  try {
    for (const facts of streamFacts(db, clients)) {
      const read = take(facts.client.id);
      // A client with no interaction at all has an empty digest.
      yield { ...facts, interactions: read?.rows ?? [], digest: read?.digest ?? new DigestBuilder(plan).finish() };
    }
  } finally {
    interactions.return(undefined);
  }
}

type Packed = [clientId: number, payload: string];

function* streamFacts(db: Db, clients: { id: number }[], only?: number): Generator<ClientFacts> {
  const where = only === undefined ? '' : `WHERE client_id = ${Number(only)}`;
  const grouped = (sql: string) => db.prepare(sql).raw().iterate() as IterableIterator<Packed>;
  const readers = {
    bids: new GroupReader(
      grouped(`SELECT client_id, json_group_array(json_array(id, interaction_id, at, text, kind, response, answered_at, answer_interaction_id) ORDER BY at, id)
               FROM bid ${where} GROUP BY client_id ORDER BY client_id`),
    ),
    topics: new GroupReader(
      grouped(`SELECT t.client_id, json_group_array(json_array(t.id, t.topic, t.status, t.resolved_at, e.id, e.interaction_id, e.at, e.repaired) ORDER BY t.id, e.at, e.id)
               FROM conflict_topic t LEFT JOIN conflict_event e ON e.topic_id = t.id ${where.replace('client_id', 't.client_id')}
               GROUP BY t.client_id ORDER BY t.client_id`),
    ),
    appreciations: new GroupReader(
      grouped(`SELECT client_id, json_group_array(json_array(id, interaction_id, at, direction, kind, note) ORDER BY at, id)
               FROM appreciation ${where} GROUP BY client_id ORDER BY client_id`),
    ),
    needs: new GroupReader(
      grouped(`SELECT client_id, json_group_array(json_array(id, learned_at, text, kind) )
               FROM need ${where} GROUP BY client_id ORDER BY client_id`),
    ),
    invoices: new GroupReader(
      grouped(`SELECT client_id, json_group_array(json_array(id, number, amount_minor, currency, issued, due, voided_at, note,
                 (SELECT json_group_array(json_array(p.id, p.amount_minor, p.paid_on) ORDER BY p.paid_on, p.amount_minor, p.id) FROM payment p WHERE p.invoice_id = i.id)) ORDER BY due, number, id)
               FROM invoice i ${where} GROUP BY client_id ORDER BY client_id`),
    ),
    followUps: new GroupReader(
      grouped(`SELECT client_id, json_group_array(json_array(id, due, text, created_at, done_at) ORDER BY due, created_at, text, id)
               FROM follow_up ${where} GROUP BY client_id ORDER BY client_id`),
    ),
    voices: new GroupReader(
      grouped(`SELECT client_id, json_group_array(json_array(id, interaction_id, raised_at, text, outcome, outcome_at) ORDER BY raised_at, text, id)
               FROM voice ${where} GROUP BY client_id ORDER BY client_id`),
    ),
  };
  for (const client of clients) {
    const id = client.id;
    yield {
      client: client as ClientFacts['client'],
      interactions: [] as Interaction[],
      bids: readers.bids.take(id, (payload) =>
        (JSON.parse(payload) as [number, number | null, number, string, BidKind, BidResponse | null, number | null, number | null][]).map(
          ([bidId, interactionId, at, text, kind, response, answeredAt, answerInteractionId]) => ({
            id: bidId, clientId: id, interactionId, at, text, kind, response, answeredAt, answerInteractionId,
          }),
        ),
      ),
      topics: readers.topics.take(id, (payload) => {
        const topics: ConflictTopic[] = [];
        for (const [topicId, topic, status, resolvedAt, eventId, interactionId, at, repaired] of JSON.parse(payload) as [
          number, string, TopicStatus, number | null, number | null, number | null, number | null, number | null,
        ][]) {
          let current = topics.at(-1);
          if (!current || current.id !== topicId) {
            current = { id: topicId, clientId: id, topic, status, resolvedAt, events: [] };
            topics.push(current);
          }
          if (eventId !== null) current.events.push({ id: eventId, topicId, interactionId, at: at!, repaired: repaired === 1 });
        }
        return topics;
      }),
      appreciations: readers.appreciations.take(id, (payload) =>
        (JSON.parse(payload) as [number, number | null, number, AppreciationDirection, AppreciationKind, string | null][]).map(
          ([appreciationId, interactionId, at, direction, kind, note]) => ({ id: appreciationId, clientId: id, interactionId, at, direction, kind, note }),
        ),
      ),
      needs: readers.needs.take(id, (payload) =>
        (JSON.parse(payload) as [number, number, string, NeedKind][]).map(([needId, learnedAt, text, kind]) => ({
          id: needId, clientId: id, learnedAt, text, kind,
        })),
      ),
      invoices: readers.invoices.take(id, (payload) =>
        (JSON.parse(payload) as [number, string, number, string, string, string, number | null, string | null, [number, number, string][]][]).map(
          ([invoiceId, number, amountMinor, currency, issued, due, voidedAt, note, payments]): Invoice => ({
            id: invoiceId, clientId: id, number, amountMinor, currency, issued, due, voided: voidedAt !== null, note,
            // The nested array keeps its JSON subtype, so it arrives parsed.
            payments: payments.map(([paymentId, amount, paidOn]) => ({
              id: paymentId, invoiceId, amountMinor: amount, paidOn,
            })),
          }),
        ),
      ),
      followUps: readers.followUps.take(id, (payload) =>
        (JSON.parse(payload) as [number, string, string, number, number | null][]).map(
          ([followUpId, due, text, createdAt, doneAt]): FollowUp => ({ id: followUpId, clientId: id, due, text, createdAt, doneAt }),
        ),
      ),
      voices: readers.voices.take(id, (payload) =>
        (JSON.parse(payload) as [number, number | null, number, string, VoiceOutcome, number | null][]).map(
          ([voiceId, interactionId, raisedAt, text, outcome, outcomeAt]) => ({ id: voiceId, clientId: id, interactionId, raisedAt, text, outcome, outcomeAt }),
        ),
      ),
    };
  }
  for (const reader of Object.values(readers)) reader.close();
}

/** Walks a grouped query (ordered by client id) alongside the clients, skipping clients it has no rows for. */
class GroupReader {
  private current: Packed | undefined;

  constructor(private rows: IterableIterator<Packed>) {
    this.advance();
  }

  take<T>(clientId: number, decode: (payload: string) => T[]): T[] {
    while (this.current && this.current[0] < clientId) this.advance();
    if (!this.current || this.current[0] !== clientId) return [];
    const decoded = decode(this.current[1]);
    this.advance();
    return decoded;
  }

  close(): void {
    this.rows.return?.();
  }

  private advance(): void {
    const next = this.rows.next();
    this.current = next.done ? undefined : next.value;
  }
}
