// Everything known about clients. One query per table, never one per client: a portfolio is streamed
// client by client (in id order) from grouped queries, so a book of a million interactions is read in
// one pass and never sits in memory whole. Rows are packed per client in SQL (JSON arrays, or numbers
// joined in a string for the largest table), which costs a fraction of fetching them row by row.
// Rows come in no particular order within a client: the core sorts each client's facts (inOrder).
import {
  CHANNELS, HORSEMEN, type AppreciationDirection, type Horseman, type AppreciationKind, type BidKind, type BidResponse,
  type ClientFacts, type ConflictTopic, type FollowUp, type Interaction, type Invoice, type NeedKind, type TopicStatus,
  type VoiceOutcome,
} from '../core/types.js';
import { listClients, getClient, type ClientFilter } from './clients.js';
import type { Db } from './open.js';

/** One client's facts, or undefined for an unknown id. */
export function clientFacts(db: Db, clientId: number): ClientFacts | undefined {
  const client = getClient(db, clientId);
  if (!client) return undefined;
  return streamFacts(db, [client], clientId).next().value;
}

/** Every client's facts (filtered like listClients), one client at a time, in id order. */
export function portfolioFacts(db: Db, filter: ClientFilter = {}): Generator<ClientFacts> {
  const clients = listClients(db, filter).sort((a, b) => a.id - b.id);
  return streamFacts(db, clients);
}

// An interaction's channel and flags packed in one integer, so the largest table travels as numbers.
// The channel is told by its second letter (call, meeting, video, email, chat, in-person, other all differ).
const CHANNEL_BY_SECOND_LETTER = new Map(CHANNELS.map((c) => [c.charCodeAt(1), c]));
const HORSEMEN_BITS = HORSEMEN.map((h, i) => `(instr(horsemen, '${h}') > 0) * ${1 << (14 + i)}`).join(' + ');
const INTERACTION_CODE =
  `unicode(substr(channel, 2, 1)) + from_client * 256 + (tone + 2) * 512 + feedback * 4096 + repair * 8192 + ` +
  `CASE WHEN horsemen = '' THEN 0 ELSE ${HORSEMEN_BITS} END`;
const NO_HORSEMEN: Horseman[] = [];

function decodeInteraction(clientId: number, id: number, at: number, code: number): Interaction {
  return {
    id,
    clientId,
    at,
    channel: CHANNEL_BY_SECOND_LETTER.get(code & 255) ?? 'other',
    fromClient: (code & 256) !== 0,
    tone: ((code >> 9) & 7) - 2,
    summary: null, // not needed to score or remind; crm client show reads summaries itself
    horsemen: code >> 14 ? HORSEMEN.filter((_, i) => (code >> (14 + i)) & 1) : NO_HORSEMEN,
    feedback: (code & 4096) !== 0,
    repair: (code & 8192) !== 0,
  };
}

type Packed = [clientId: number, payload: string];

function* streamFacts(db: Db, clients: { id: number }[], only?: number): Generator<ClientFacts> {
  const where = only === undefined ? '' : `WHERE client_id = ${Number(only)}`;
  const grouped = (sql: string) => db.prepare(sql).raw().iterate() as IterableIterator<Packed>;
  const readers = {
    interactions: new GroupReader(
      grouped(`SELECT client_id, group_concat(id || ',' || at || ',' || (${INTERACTION_CODE}), ';')
               FROM interaction ${where} GROUP BY client_id ORDER BY client_id`),
    ),
    bids: new GroupReader(
      grouped(`SELECT client_id, json_group_array(json_array(id, interaction_id, at, text, kind, response, answered_at, answer_interaction_id))
               FROM bid ${where} GROUP BY client_id ORDER BY client_id`),
    ),
    topics: new GroupReader(
      grouped(`SELECT t.client_id, json_group_array(json_array(t.id, t.topic, t.status, t.resolved_at, e.id, e.interaction_id, e.at, e.repaired) ORDER BY t.id, e.at, e.id)
               FROM conflict_topic t LEFT JOIN conflict_event e ON e.topic_id = t.id ${where.replace('client_id', 't.client_id')}
               GROUP BY t.client_id ORDER BY t.client_id`),
    ),
    appreciations: new GroupReader(
      grouped(`SELECT client_id, json_group_array(json_array(id, interaction_id, at, direction, kind, note) )
               FROM appreciation ${where} GROUP BY client_id ORDER BY client_id`),
    ),
    needs: new GroupReader(
      grouped(`SELECT client_id, json_group_array(json_array(id, learned_at, text, kind) )
               FROM need ${where} GROUP BY client_id ORDER BY client_id`),
    ),
    invoices: new GroupReader(
      grouped(`SELECT client_id, json_group_array(json_array(id, number, amount_minor, currency, issued, due, voided_at, note,
                 (SELECT json_group_array(json_array(p.id, p.amount_minor, p.paid_on) ) FROM payment p WHERE p.invoice_id = i.id)) )
               FROM invoice i ${where} GROUP BY client_id ORDER BY client_id`),
    ),
    followUps: new GroupReader(
      grouped(`SELECT client_id, json_group_array(json_array(id, due, text, created_at, done_at) )
               FROM follow_up ${where} GROUP BY client_id ORDER BY client_id`),
    ),
    voices: new GroupReader(
      grouped(`SELECT client_id, json_group_array(json_array(id, interaction_id, raised_at, text, outcome, outcome_at) )
               FROM voice ${where} GROUP BY client_id ORDER BY client_id`),
    ),
  };
  for (const client of clients) {
    const id = client.id;
    yield {
      client: client as ClientFacts['client'],
      interactions: readers.interactions.take(id, (payload) =>
        payload.split(';').map((row) => {
          const [rowId, at, code] = row.split(',');
          return decodeInteraction(id, Number(rowId), Number(at), Number(code));
        }),
      ),
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
