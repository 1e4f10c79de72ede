// Conflict topics: named, recurring disagreements.
import { NotFoundError } from '../core/errors.js';
import { nameKey } from '../core/match.js';
import type { ConflictTopic, Interaction, TopicStatus } from '../core/types.js';
import type { Db } from './open.js';
import { groupBy, toConflictEvent, toInteraction, type ConflictEventRow, type InteractionRow } from './rows.js';

/** Finds or creates the client's topic; raising a resolved topic again reopens it. */
export function upsertTopic(db: Db, clientId: number, topic: string): number {
  const key = nameKey(topic);
  const existing = db.prepare('SELECT id FROM conflict_topic WHERE client_id = ? AND topic_key = ?').get(clientId, key) as
    | { id: number }
    | undefined;
  if (existing) {
    db.prepare(`UPDATE conflict_topic SET status = 'open', resolved_at = NULL WHERE id = ? AND status = 'resolved'`).run(existing.id);
    return existing.id;
  }
  return Number(
    db.prepare('INSERT INTO conflict_topic (client_id, topic, topic_key) VALUES (?, ?, ?)').run(clientId, topic.trim(), key)
      .lastInsertRowid,
  );
}

interface TopicRow { id: number; client_id: number; topic: string; status: TopicStatus; resolved_at: number | null }

export function listTopics(db: Db, clientId?: number): ConflictTopic[] {
  const topics = (
    clientId === undefined
      ? db.prepare('SELECT id, client_id, topic, status, resolved_at FROM conflict_topic ORDER BY client_id, topic_key').all()
      : db.prepare('SELECT id, client_id, topic, status, resolved_at FROM conflict_topic WHERE client_id = ? ORDER BY topic_key').all(clientId)
  ) as TopicRow[];
  const events = groupBy(
    (clientId === undefined
      ? db.prepare('SELECT * FROM conflict_event ORDER BY at, id').all()
      : db
          .prepare(
            'SELECT e.* FROM conflict_event e JOIN conflict_topic t ON t.id = e.topic_id WHERE t.client_id = ? ORDER BY e.at, e.id',
          )
          .all(clientId)) as ConflictEventRow[],
    (e) => e.topic_id,
  );
  return topics.map((t) => ({
    id: t.id,
    clientId: t.client_id,
    topic: t.topic,
    status: t.status,
    resolvedAt: t.resolved_at,
    events: (events.get(t.id) ?? []).map(toConflictEvent),
  }));
}

export function setTopicStatus(db: Db, clientId: number, topic: string, status: TopicStatus, at: number): ConflictTopic {
  const row = db
    .prepare('SELECT id FROM conflict_topic WHERE client_id = ? AND topic_key = ?')
    .get(clientId, nameKey(topic)) as { id: number } | undefined;
  if (!row) throw new NotFoundError(`no conflict topic "${topic}" for this client; see crm topic list`);
  db.prepare('UPDATE conflict_topic SET status = ?, resolved_at = ? WHERE id = ?').run(status, status === 'resolved' ? at : null, row.id);
  return listTopics(db, clientId).find((t) => t.id === row.id)!;
}

/** The interactions the client's (or every client's) conflicts came up in: whether each was calm settles its topic. */
export function conflictTalks(db: Db, clientId?: number): Interaction[] {
  const rows = (
    clientId === undefined
      ? db.prepare('SELECT * FROM interaction WHERE id IN (SELECT interaction_id FROM conflict_event)').all()
      : db
          .prepare(
            `SELECT * FROM interaction WHERE id IN
               (SELECT e.interaction_id FROM conflict_event e JOIN conflict_topic t ON t.id = e.topic_id WHERE t.client_id = ?)`,
          )
          .all(clientId)
  ) as InteractionRow[];
  return rows.map(toInteraction);
}
