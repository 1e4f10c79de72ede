// The interactions of `crm log list`, newest first, filtered, each with what it carried; read in batches, so a
// book of a million interactions is listed in little memory.
import type { TimelineEntry, TimelineKind } from '../core/timeline.js';
import type { Channel, Instant } from '../core/types.js';
import type { Db } from './open.js';
import {
  groupBy, toAppreciation, toBid, toConflictEvent, toFollowUp, toInteraction,
  type AppreciationRow, type BidRow, type ConflictEventRow, type FollowUpRow, type InteractionRow,
} from './rows.js';
import { toVoice, type VoiceRow } from './voices.js';

export interface TimelineFilter {
  clientId?: number;
  /** from this instant on, and up to this one (both included) */
  since?: Instant;
  until?: Instant;
  channel?: Channel;
  /** interactions that carried any of these (all when empty) */
  kinds: readonly TimelineKind[];
  /** the newest this many (all when undefined) */
  limit?: number;
}

/** Each kind as a condition on the interaction `i` (the child tables are indexed by interaction since schema 4). */
const CARRIED: Record<TimelineKind, string> = {
  bid: 'i.id IN (SELECT interaction_id FROM bid)',
  complaint: `i.id IN (SELECT interaction_id FROM bid WHERE kind = 'complaint')`,
  answer: 'i.id IN (SELECT answer_interaction_id FROM bid)',
  conflict: 'i.id IN (SELECT interaction_id FROM conflict_event)',
  repair: 'i.repair = 1',
  appreciation: 'i.id IN (SELECT interaction_id FROM appreciation)',
  feedback: 'i.feedback = 1',
  horseman: `i.horsemen != ''`,
  'follow-up': 'i.id IN (SELECT interaction_id FROM follow_up)',
  voice: 'i.id IN (SELECT interaction_id FROM voice)',
};

function where(filter: TimelineFilter): { sql: string; params: Record<string, unknown> } {
  const conditions: string[] = [];
  const params: Record<string, unknown> = {};
  if (filter.clientId !== undefined) {
    conditions.push('i.client_id = @client');
    params.client = filter.clientId;
  }
  if (filter.since !== undefined) {
    conditions.push('i.at >= @since');
    params.since = filter.since;
  }
  if (filter.until !== undefined) {
    conditions.push('i.at <= @until');
    params.until = filter.until;
  }
  if (filter.channel !== undefined) {
    conditions.push('i.channel = @channel');
    params.channel = filter.channel;
  }
  if (filter.kinds.length) conditions.push(`(${filter.kinds.map((kind) => CARRIED[kind]).join(' OR ')})`);
  return { sql: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

/** How many interactions the filter finds, the limit aside. */
export function countTimeline(db: Db, filter: TimelineFilter): number {
  const { sql, params } = where(filter);
  return db.prepare(`SELECT count(*) FROM interaction i ${sql}`).pluck().get(params) as number;
}

const BATCH = 500;

/** The interactions the filter finds, newest first (the latest logged first among those at the same instant). */
export function* listTimeline(db: Db, filter: TimelineFilter): Generator<TimelineEntry> {
  const { sql, params } = where(filter);
  // The ids first (small), then the rows and what they carried a batch at a time: the connection cannot run other
  // statements while one is being iterated.
  const ids = db
    .prepare(`SELECT i.id FROM interaction i ${sql} ORDER BY i.at DESC, i.id DESC LIMIT @limit`)
    .pluck()
    .all({ ...params, limit: filter.limit ?? -1 }) as number[];
  for (let from = 0; from < ids.length; from += BATCH) yield* entriesOf(db, ids.slice(from, from + BATCH));
}

function entriesOf(db: Db, ids: number[]): TimelineEntry[] {
  const list = JSON.stringify(ids);
  const rows = <T>(sql: string) => db.prepare(sql).all(list) as T[];
  const IN = 'IN (SELECT value FROM json_each(?))';
  const interactions = new Map(
    rows<InteractionRow & { client_name: string }>(
      `SELECT i.*, c.name AS client_name FROM interaction i JOIN client c ON c.id = i.client_id WHERE i.id ${IN}`,
    ).map((row) => [row.id, row]),
  );
  const bids = groupBy(rows<BidRow>(`SELECT * FROM bid WHERE interaction_id ${IN} ORDER BY at, id`), (b) => b.interaction_id!);
  const answered = groupBy(
    rows<BidRow>(`SELECT * FROM bid WHERE answer_interaction_id ${IN} ORDER BY at, id`),
    (b) => b.answer_interaction_id!,
  );
  const conflicts = groupBy(
    rows<ConflictEventRow & { topic: string }>(
      `SELECT e.*, t.topic FROM conflict_event e JOIN conflict_topic t ON t.id = e.topic_id WHERE e.interaction_id ${IN} ORDER BY e.at, e.id`,
    ),
    (e) => e.interaction_id!,
  );
  const appreciations = groupBy(
    rows<AppreciationRow>(`SELECT * FROM appreciation WHERE interaction_id ${IN} ORDER BY at, id`),
    (a) => a.interaction_id!,
  );
  const followUps = groupBy(
    rows<FollowUpRow & { interaction_id: number }>(`SELECT * FROM follow_up WHERE interaction_id ${IN} ORDER BY due, id`),
    (f) => f.interaction_id,
  );
  const voices = groupBy(rows<VoiceRow>(`SELECT * FROM voice WHERE interaction_id ${IN} ORDER BY raised_at, id`), (v) => v.interaction_id!);
  return ids.flatMap((id) => {
    const row = interactions.get(id);
    if (!row) return [];
    return [
      {
        interaction: toInteraction(row),
        client: { id: row.client_id, name: row.client_name },
        bids: (bids.get(id) ?? []).map(toBid),
        answered: (answered.get(id) ?? []).map(toBid),
        conflicts: (conflicts.get(id) ?? []).map((e) => ({ event: toConflictEvent(e), topic: e.topic })),
        appreciations: (appreciations.get(id) ?? []).map(toAppreciation),
        followUps: (followUps.get(id) ?? []).map(toFollowUp),
        voices: (voices.get(id) ?? []).map(toVoice),
      },
    ];
  });
}
