// What belongs to an interaction, and correcting or removing one with what it carried, as one transaction.
//
// An interaction carries what was said in it: the bids made in it, the conflicts raised in it, the appreciation
// shown in it, the follow-up promised in it and the needs of yours raised in it (each row points to it), and the
// needs of the client's learned in it (logged at its instant: the book has no link, so they are found by client and
// instant, when no other interaction of the client shares that instant). These go with it when it is removed, and
// move with it when its time changes: they did not happen apart from it.
// It also changed rows that exist apart from it: a bid made earlier that it answered, a need of yours it heard
// (found like needs). Removing it takes back what it did to them (the bid and the need are open again); they stay.
// A repair made in it on an earlier conflict (crm log --repair without --conflict) is not linked at all: it stays.
import { formatLocalTime } from '../core/dates.js';
import { InputError, NotFoundError } from '../core/errors.js';
import { nameKey } from '../core/match.js';
import { HORSEMEN } from '../core/types.js';
import type {
  Appreciation, AppreciationDirection, AppreciationKind, Bid, Channel, ConflictEvent, FollowUp, Horseman, Instant, Interaction,
  Need, Voice,
} from '../core/types.js';
import { listNeedsAt } from './needs.js';
import type { Db } from './open.js';
import { forgetReminders } from './reminders.js';
import {
  toAppreciation, toBid, toConflictEvent, toFollowUp, toInteraction, updateColumns,
  type AppreciationRow, type BidRow, type ConflictEventRow, type FollowUpRow, type InteractionRow,
} from './rows.js';
import { upsertTopic } from './topics.js';
import { toVoice, type VoiceRow } from './voices.js';

export interface ConflictRaising {
  event: ConflictEvent;
  topic: { id: number; topic: string };
}

export interface InteractionParts {
  interaction: Interaction;
  /** bids made in it */
  bids: Bid[];
  /** bids made before it that it answered */
  answeredBids: Bid[];
  /** conflicts raised in it */
  conflicts: ConflictRaising[];
  appreciations: Appreciation[];
  /** the client's needs, goals and preferences learned in it */
  needs: Need[];
  /** follow-ups promised in it */
  followUps: FollowUp[];
  /** needs of yours raised in it */
  voices: Voice[];
  /** needs of yours raised before it that the client heard in it */
  heardVoices: Voice[];
  /** it noted a repair without a conflict of its own: on an earlier conflict, which the book does not record */
  repairedElsewhere: boolean;
}

export function interactionParts(db: Db, id: number): InteractionParts | undefined {
  const row = db.prepare('SELECT * FROM interaction WHERE id = ?').get(id) as InteractionRow | undefined;
  if (!row) return undefined;
  const interaction = toInteraction(row);
  const conflicts = (
    db
      .prepare(
        `SELECT e.*, t.topic AS topic_name FROM conflict_event e JOIN conflict_topic t ON t.id = e.topic_id
         WHERE e.interaction_id = ? ORDER BY e.at, e.id`,
      )
      .all(id) as (ConflictEventRow & { topic_name: string })[]
  ).map((r) => ({ event: toConflictEvent(r), topic: { id: r.topic_id, topic: r.topic_name } }));
  const voices = (db.prepare('SELECT * FROM voice WHERE interaction_id = ? ORDER BY raised_at, id').all(id) as VoiceRow[]).map(toVoice);
  // Needs and hearings have no link to the interaction: found by its instant, when it is the client's only one then.
  const alone = !(db.prepare('SELECT 1 FROM interaction WHERE client_id = ? AND at = ? AND id <> ?').get(interaction.clientId, interaction.at, id));
  return {
    interaction,
    bids: (db.prepare('SELECT * FROM bid WHERE interaction_id = ? ORDER BY at, id').all(id) as BidRow[]).map(toBid),
    answeredBids: (
      db.prepare('SELECT * FROM bid WHERE answer_interaction_id = ? AND interaction_id IS NOT ? ORDER BY at, id').all(id, id) as BidRow[]
    ).map(toBid),
    conflicts,
    appreciations: (
      db.prepare('SELECT * FROM appreciation WHERE interaction_id = ? ORDER BY id').all(id) as AppreciationRow[]
    ).map(toAppreciation),
    needs: alone ? listNeedsAt(db, interaction.clientId, interaction.at) : [],
    followUps: (db.prepare('SELECT * FROM follow_up WHERE interaction_id = ? ORDER BY due, id').all(id) as FollowUpRow[]).map(toFollowUp),
    voices,
    heardVoices: alone
      ? (
          db
            .prepare(
              `SELECT * FROM voice WHERE client_id = ? AND outcome = 'heard' AND outcome_at = ? AND interaction_id IS NOT ?
               ORDER BY raised_at, id`,
            )
            .all(interaction.clientId, interaction.at, id) as VoiceRow[]
        ).map(toVoice)
      : [],
    repairedElsewhere: interaction.repair && conflicts.length === 0,
  };
}

/** The interaction's parts; an unknown id is refused (exit 3). */
export function interactionPartsOf(db: Db, id: number): InteractionParts {
  const parts = interactionParts(db, id);
  if (!parts) throw new NotFoundError(`no interaction #${id}; crm log list shows the interactions with their ids`);
  return parts;
}

/** What `crm log edit` may change; a key left out stays as it is. */
export interface InteractionPatch {
  at?: Instant;
  channel?: Channel;
  fromClient?: boolean;
  tone?: number;
  /** null clears it */
  summary?: string | null;
  horsemen?: Horseman[];
  feedback?: boolean;
  repair?: boolean;
  /** the topic of the conflict raised in it; null: no conflict was raised in it */
  conflictTopic?: string | null;
  /** the appreciation you showed in it (null: none) */
  appreciation?: AppreciationKind | null;
  /** the appreciation the client showed in it (null: none) */
  clientAppreciation?: AppreciationKind | null;
}

export interface EditedInteraction {
  before: InteractionParts;
  after: InteractionParts;
  /** conflict topics left without a raising, removed */
  removedTopics: { id: number; topic: string }[];
  /** an earlier conflict repaired by --repair on an interaction without a conflict of its own */
  repairedEvent: ConflictRaising | null;
}

export function editInteraction(db: Db, id: number, patch: InteractionPatch): EditedInteraction {
  return db.transaction((): EditedInteraction => {
    const before = interactionPartsOf(db, id);
    const { interaction } = before;
    if (patch.at !== undefined && patch.at !== interaction.at) moveInteraction(db, before, patch.at);
    const columns: Record<string, unknown> = {};
    if (patch.channel !== undefined) columns.channel = patch.channel;
    if (patch.fromClient !== undefined) columns.from_client = patch.fromClient ? 1 : 0;
    if (patch.tone !== undefined) columns.tone = patch.tone;
    if (patch.summary !== undefined) columns.summary = patch.summary;
    if (patch.horsemen !== undefined) columns.horsemen = HORSEMEN.filter((h) => patch.horsemen!.includes(h)).join(',');
    if (patch.feedback !== undefined) columns.feedback = patch.feedback ? 1 : 0;
    if (patch.repair !== undefined) columns.repair = patch.repair ? 1 : 0;
    updateColumns(db, 'interaction', id, columns);

    const at = patch.at ?? interaction.at;
    const repaired = patch.repair ?? interaction.repair;
    const emptied: number[] = [];
    if (patch.conflictTopic === null) {
      db.prepare('DELETE FROM conflict_event WHERE interaction_id = ?').run(id);
      emptied.push(...before.conflicts.map((c) => c.topic.id));
    } else if (patch.conflictTopic !== undefined) {
      const key = nameKey(patch.conflictTopic);
      const unchanged = before.conflicts.length > 0 && before.conflicts.every((c) => nameKey(c.topic.topic) === key);
      if (!unchanged) {
        const topicId = upsertTopic(db, interaction.clientId, patch.conflictTopic);
        if (before.conflicts.length) {
          db.prepare('UPDATE conflict_event SET topic_id = ? WHERE interaction_id = ?').run(topicId, id);
          emptied.push(...before.conflicts.map((c) => c.topic.id).filter((t) => t !== topicId));
        } else {
          db.prepare('INSERT INTO conflict_event (topic_id, interaction_id, at, repaired) VALUES (?, ?, ?, ?)').run(topicId, id, at, repaired ? 1 : 0);
        }
      }
    }
    let repairedEvent: ConflictRaising | null = null;
    if (patch.repair !== undefined) {
      const own = db.prepare('UPDATE conflict_event SET repaired = ? WHERE interaction_id = ?').run(patch.repair ? 1 : 0, id).changes;
      // As crm log --repair: without a conflict of its own, the repair is of the client's latest unrepaired one before it.
      if (!own && patch.repair && !interaction.repair) repairedEvent = repairEarlierConflict(db, interaction.clientId, at, id);
    }
    setAppreciation(db, before, 'to-client', patch.appreciation, at);
    setAppreciation(db, before, 'from-client', patch.clientAppreciation, at);
    const removedTopics = removeEmptyTopics(db, emptied);
    return { before, after: interactionPartsOf(db, id), removedTopics, repairedEvent };
  }).immediate();
}

/** Moves an interaction to `at` with what was said in it; refused when an answer or hearing would come before its question. */
function moveInteraction(db: Db, parts: InteractionParts, at: Instant): void {
  const { interaction } = parts;
  const label = `interaction #${interaction.id}`;
  for (const bid of parts.bids) {
    if (bid.answeredAt !== null && bid.answerInteractionId !== interaction.id && bid.answeredAt < at) {
      throw new InputError(
        `bid #${bid.id}, made in ${label}, was answered on ${formatLocalTime(bid.answeredAt)}: ${label} cannot move after that; ` +
          `change the answer first (crm bid edit ${bid.id} --answered-at ...)`,
      );
    }
  }
  for (const bid of parts.answeredBids) {
    if (bid.at > at) throw new InputError(`${label} answered bid #${bid.id}, made on ${formatLocalTime(bid.at)}: it cannot move before that`);
  }
  for (const voice of parts.voices) {
    if (voice.outcomeAt !== null && voice.outcomeAt !== interaction.at && voice.outcomeAt < at) {
      throw new InputError(
        `need of yours #${voice.id}, raised in ${label}, was ${voice.outcome} on ${formatLocalTime(voice.outcomeAt)}: ${label} cannot move after that`,
      );
    }
  }
  for (const voice of parts.heardVoices) {
    if (voice.raisedAt > at) {
      throw new InputError(`${label} heard need of yours #${voice.id}, raised on ${formatLocalTime(voice.raisedAt)}: it cannot move before that`);
    }
  }
  const id = interaction.id;
  db.prepare('UPDATE interaction SET at = ? WHERE id = ?').run(at, id);
  db.prepare('UPDATE bid SET at = ? WHERE interaction_id = ?').run(at, id);
  db.prepare('UPDATE bid SET answered_at = ? WHERE answer_interaction_id = ?').run(at, id);
  db.prepare('UPDATE conflict_event SET at = ? WHERE interaction_id = ?').run(at, id);
  db.prepare('UPDATE appreciation SET at = ? WHERE interaction_id = ?').run(at, id);
  const moveNeed = db.prepare('UPDATE need SET learned_at = ? WHERE id = ?');
  for (const need of parts.needs) moveNeed.run(at, need.id);
  // A need of yours raised and heard in it (crm log --voice ... --heard) moves whole.
  db.prepare(`UPDATE voice SET outcome_at = ? WHERE interaction_id = ? AND outcome_at = raised_at`).run(at, id);
  db.prepare('UPDATE voice SET raised_at = ? WHERE interaction_id = ?').run(at, id);
  const moveHearing = db.prepare('UPDATE voice SET outcome_at = ? WHERE id = ?');
  for (const voice of parts.heardVoices) moveHearing.run(at, voice.id);
}

function repairEarlierConflict(db: Db, clientId: number, at: Instant, interactionId: number): ConflictRaising {
  const latest = db
    .prepare(
      `SELECT e.*, t.topic AS topic_name FROM conflict_event e JOIN conflict_topic t ON t.id = e.topic_id
       WHERE t.client_id = ? AND e.repaired = 0 AND e.at <= ? ORDER BY e.at DESC, e.id DESC LIMIT 1`,
    )
    .get(clientId, at) as (ConflictEventRow & { topic_name: string }) | undefined;
  if (!latest) {
    throw new InputError(`--repair: there is no unrepaired conflict before interaction #${interactionId}; name it with --conflict TOPIC`);
  }
  db.prepare('UPDATE conflict_event SET repaired = 1 WHERE id = ?').run(latest.id);
  return { event: { ...toConflictEvent(latest), repaired: true }, topic: { id: latest.topic_id, topic: latest.topic_name } };
}

/** The appreciation shown one way in the interaction: `kind`, or none (null); undefined leaves it. */
function setAppreciation(db: Db, parts: InteractionParts, direction: AppreciationDirection, kind: AppreciationKind | null | undefined, at: Instant): void {
  if (kind === undefined) return;
  const id = parts.interaction.id;
  const existing = parts.appreciations.filter((a) => a.direction === direction);
  if (kind === null) {
    db.prepare('DELETE FROM appreciation WHERE interaction_id = ? AND direction = ?').run(id, direction);
  } else if (existing.length) {
    db.prepare('UPDATE appreciation SET kind = ? WHERE interaction_id = ? AND direction = ?').run(kind, id, direction);
  } else {
    db.prepare('INSERT INTO appreciation (client_id, interaction_id, at, direction, kind) VALUES (?, ?, ?, ?, ?)').run(
      parts.interaction.clientId, id, at, direction, kind,
    );
  }
}

/** Topics among `topicIds` left without a raising: they were only ever raised in what was removed or moved. */
function removeEmptyTopics(db: Db, topicIds: number[]): { id: number; topic: string }[] {
  const removed: { id: number; topic: string }[] = [];
  for (const topicId of new Set(topicIds)) {
    const topic = db
      .prepare('SELECT id, topic FROM conflict_topic t WHERE id = ? AND NOT EXISTS (SELECT 1 FROM conflict_event e WHERE e.topic_id = t.id)')
      .get(topicId) as { id: number; topic: string } | undefined;
    if (!topic) continue;
    db.prepare('DELETE FROM conflict_topic WHERE id = ?').run(topicId);
    removed.push(topic);
  }
  forgetReminders(db, removed.map((t) => `conflict-revisit:${t.id}`));
  return removed;
}

export interface RemovedInteraction {
  /** the interaction and its parts as they were */
  parts: InteractionParts;
  /** the bids it answered and the needs of yours it heard, open again */
  reopenedBids: Bid[];
  reopenedVoices: Voice[];
  removedTopics: { id: number; topic: string }[];
}

export function removeInteraction(db: Db, id: number): RemovedInteraction {
  return db.transaction((): RemovedInteraction => {
    const parts = interactionPartsOf(db, id);
    db.prepare('UPDATE bid SET response = NULL, answered_at = NULL, answer_interaction_id = NULL WHERE answer_interaction_id = ?').run(id);
    db.prepare('DELETE FROM bid WHERE interaction_id = ?').run(id);
    db.prepare('DELETE FROM conflict_event WHERE interaction_id = ?').run(id);
    db.prepare('DELETE FROM appreciation WHERE interaction_id = ?').run(id);
    const removeNeed = db.prepare('DELETE FROM need WHERE id = ?');
    for (const need of parts.needs) removeNeed.run(need.id);
    db.prepare('DELETE FROM follow_up WHERE interaction_id = ?').run(id);
    db.prepare('DELETE FROM voice WHERE interaction_id = ?').run(id);
    const reopen = db.prepare(`UPDATE voice SET outcome = 'open', outcome_at = NULL WHERE id = ?`);
    for (const voice of parts.heardVoices) reopen.run(voice.id);
    db.prepare('DELETE FROM interaction WHERE id = ?').run(id);
    const removedTopics = removeEmptyTopics(db, parts.conflicts.map((c) => c.topic.id));
    forgetReminders(db, [
      ...parts.bids.map((b) => `bid-unanswered:${b.id}`),
      ...parts.followUps.map((f) => `follow-up-due:${f.id}`),
      ...parts.voices.map((v) => `voice-unheard:${v.id}`),
    ]);
    const bidById = db.prepare('SELECT * FROM bid WHERE id = ?');
    const voiceById = db.prepare('SELECT * FROM voice WHERE id = ?');
    return {
      parts,
      reopenedBids: parts.answeredBids.map((b) => toBid(bidById.get(b.id) as BidRow)),
      reopenedVoices: parts.heardVoices.map((v) => toVoice(voiceById.get(v.id) as VoiceRow)),
      removedTopics,
    };
  }).immediate();
}
