// Loading a generated book fast: one transaction, prepared statements, rows streamed from the source.
import { nameKey } from '../core/match.js';
import type {
  AppreciationDirection, AppreciationKind, BidKind, Channel, Horseman, Instant, LocalDate, NeedKind, VoiceOutcome,
} from '../core/types.js';
import type { Db } from './open.js';
import { holdSearchIndex } from './search.js';

export interface BulkSource {
  clients: {
    id: number; name: string; email: string; company: string; since: LocalDate; cadenceHours: number;
    replyWithinHours: number; tags: string[];
    /** when the book started following the client (its tracking start too) */
    createdAt: Instant;
    lastContact: LocalDate | null;
  }[];
  interactions: () => Iterable<BulkInteraction>;
  invoices: () => Iterable<{
    clientId: number; number: string; amountMinor: number; currency: string; issued: LocalDate; due: LocalDate;
    paidOn: LocalDate | null;
  }>;
}

export interface BulkInteraction {
  clientId: number; at: Instant; channel: Channel; fromClient: boolean; tone: number; summary: string;
  horsemen: readonly Horseman[]; feedback: boolean;
  bid: { text: string; kind: BidKind; answeredAt: Instant | null } | null;
  /** resolved: the user marked the topic resolved after this talk; raising it again reopens it */
  conflict: { topic: string; repaired: boolean; resolved: boolean } | null;
  appreciation: { direction: AppreciationDirection; kind: AppreciationKind } | null;
  need: { text: string; kind: NeedKind } | null;
  followUp: { due: LocalDate; text: string; doneAt: Instant | null } | null;
  voice: { text: string; outcome: VoiceOutcome; outcomeAt: Instant | null } | null;
}

export interface BulkCounts {
  clients: number;
  interactions: number;
  invoices: number;
  followUps: number;
  voices: number;
}

export function bulkLoad(db: Db, source: BulkSource): BulkCounts {
  const counts: BulkCounts = { clients: 0, interactions: 0, invoices: 0, followUps: 0, voices: 0 };
  db.transaction(() => {
    const uidIndexes = dropUidIndexes(db);
    const indexSearch = holdSearchIndex(db);
    const client = db.prepare(
      `INSERT INTO client (id, name, name_key, email, company, since, cadence_hours, reply_within_hours, created_at, tracked_from, last_contact)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const tag = db.prepare('INSERT INTO client_tag (client_id, tag) VALUES (?, ?)');
    for (const c of source.clients) {
      client.run(
        c.id, c.name, nameKey(c.name), c.email, c.company, c.since, c.cadenceHours, c.replyWithinHours, c.createdAt, c.createdAt, c.lastContact,
      );
      for (const t of c.tags) tag.run(c.id, t);
      counts.clients++;
    }
    const interaction = db.prepare(
      `INSERT INTO interaction (client_id, at, channel, from_client, tone, summary, horsemen, repair, feedback)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const bid = db.prepare(
      `INSERT INTO bid (client_id, interaction_id, at, text, kind, response, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    // Raising a resolved topic again reopens it, as crm log does.
    const topic = db.prepare(
      `INSERT INTO conflict_topic (client_id, topic, topic_key) VALUES (?, ?, ?)
       ON CONFLICT (client_id, topic_key) DO UPDATE SET status = iif(status = 'resolved', 'open', status), resolved_at = NULL
       RETURNING id`,
    );
    const event = db.prepare('INSERT INTO conflict_event (topic_id, interaction_id, at, repaired) VALUES (?, ?, ?, ?)');
    const resolve = db.prepare(`UPDATE conflict_topic SET status = 'resolved', resolved_at = ? WHERE id = ?`);
    const appreciation = db.prepare(
      'INSERT INTO appreciation (client_id, interaction_id, at, direction, kind) VALUES (?, ?, ?, ?, ?)',
    );
    const need = db.prepare('INSERT INTO need (client_id, learned_at, text, kind) VALUES (?, ?, ?, ?)');
    const followUp = db.prepare(
      'INSERT INTO follow_up (client_id, interaction_id, due, text, created_at, done_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const voice = db.prepare(
      'INSERT INTO voice (client_id, interaction_id, raised_at, text, outcome, outcome_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    for (const i of source.interactions()) {
      const repaired = i.conflict?.repaired ?? false;
      const id = Number(
        interaction.run(i.clientId, i.at, i.channel, i.fromClient ? 1 : 0, i.tone, i.summary, i.horsemen.join(','), repaired ? 1 : 0, i.feedback ? 1 : 0)
          .lastInsertRowid,
      );
      if (i.bid) bid.run(i.clientId, id, i.at, i.bid.text, i.bid.kind, i.bid.answeredAt === null ? null : 'toward', i.bid.answeredAt);
      if (i.conflict) {
        const topicId = (topic.get(i.clientId, i.conflict.topic, nameKey(i.conflict.topic)) as { id: number }).id;
        event.run(topicId, id, i.at, repaired ? 1 : 0);
        if (i.conflict.resolved) resolve.run(i.at, topicId);
      }
      if (i.appreciation) appreciation.run(i.clientId, id, i.at, i.appreciation.direction, i.appreciation.kind);
      if (i.need) need.run(i.clientId, i.at, i.need.text, i.need.kind);
      if (i.followUp) {
        followUp.run(i.clientId, id, i.followUp.due, i.followUp.text, i.at, i.followUp.doneAt);
        counts.followUps++;
      }
      if (i.voice) {
        voice.run(i.clientId, id, i.at, i.voice.text, i.voice.outcome, i.voice.outcomeAt);
        counts.voices++;
      }
      counts.interactions++;
    }
    const invoice = db.prepare(
      `INSERT INTO invoice (client_id, number, number_key, amount_minor, currency, issued, due) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const payment = db.prepare('INSERT INTO payment (invoice_id, amount_minor, paid_on) VALUES (?, ?, ?)');
    for (const v of source.invoices()) {
      const id = Number(invoice.run(v.clientId, v.number, nameKey(v.number), v.amountMinor, v.currency, v.issued, v.due).lastInsertRowid);
      if (v.paidOn !== null) payment.run(id, v.amountMinor, v.paidOn);
      counts.invoices++;
    }
    for (const sql of uidIndexes) db.exec(sql);
    indexSearch();
  }).immediate();
  return counts;
}

/**
 * Every row gets a random uid (its default): kept in a unique index, a million random keys cost a random B-tree
 * insert each, 2-3 times the whole load. Built once after the load instead (one sort); returns how to build them.
 */
function dropUidIndexes(db: Db): string[] {
  const indexes = db
    .prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND name LIKE '%\\_uid' ESCAPE '\\' AND sql IS NOT NULL`)
    .all() as { name: string; sql: string }[];
  for (const { name } of indexes) db.exec(`DROP INDEX "${name}"`);
  return indexes.map((index) => index.sql);
}
