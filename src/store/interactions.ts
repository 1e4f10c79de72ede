// Logging an interaction and everything said in it, as one transaction: all of it or nothing.
import { InputError, NotFoundError } from '../core/errors.js';
import { HORSEMEN } from '../core/types.js';
import type {
  AppreciationDirection, AppreciationKind, BidKind, Channel, Horseman, Instant, Interaction, LocalDate, NeedKind,
} from '../core/types.js';
import { answerBidInTransaction, openBidsOf } from './bids.js';
import type { Db } from './open.js';
import { prepared } from './statements.js';
import { toInteraction, type InteractionRow } from './rows.js';
import { upsertTopic } from './topics.js';
import { getVoice, insertVoice, latestOpenVoice, setVoiceOutcome } from './voices.js';

export interface NewInteraction {
  clientId: number;
  at: Instant;
  channel: Channel;
  fromClient: boolean;
  tone: number;
  summary: string | null;
  horsemen: Horseman[];
  feedback: boolean;
  bids: { text: string; kind: BidKind }[];
  /** null: answer nothing; 'oldest': the oldest open bid (or the new bid, when one is logged); a number: that bid */
  answer: null | 'oldest' | number;
  conflictTopic: string | null;
  repair: boolean;
  appreciations: { direction: AppreciationDirection; kind: AppreciationKind }[];
  needs: { text: string; kind: NeedKind }[];
  followUp: { due: LocalDate; text: string } | null;
  /** Needs of the user's own raised in this interaction (`--voice`). */
  voices?: string[];
  /** The client heard a need of the user's: null none; 'latest' the one raised here, else the latest open one; a number: that one. */
  heard?: null | 'latest' | number;
  now: Instant;
}

export interface LoggedInteraction {
  interactionId: number;
  bidIds: number[];
  answeredBidId: number | null;
  conflictEventId: number | null;
  repairedEventId: number | null;
  appreciationIds: number[];
  needIds: number[];
  followUpId: number | null;
  voiceIds: number[];
  heardVoiceId: number | null;
}

export function logInteraction(db: Db, input: NewInteraction): LoggedInteraction {
  return db.transaction((): LoggedInteraction => {
    const horsemen = HORSEMEN.filter((h) => input.horsemen.includes(h)).join(',');
    const interactionId = Number(
      prepared(
        db,
        `INSERT INTO interaction (client_id, at, channel, from_client, tone, summary, horsemen, repair, feedback)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(input.clientId, input.at, input.channel, input.fromClient ? 1 : 0, input.tone, input.summary, horsemen,
          input.repair ? 1 : 0, input.feedback ? 1 : 0).lastInsertRowid,
    );
    const bidIds = input.bids.map((bid) =>
      Number(prepared(db, 'INSERT INTO bid (client_id, interaction_id, at, text, kind) VALUES (?, ?, ?, ?, ?)').run(input.clientId, interactionId, input.at, bid.text, bid.kind).lastInsertRowid),
    );

    let answeredBidId: number | null = null;
    if (input.answer !== null) {
      answeredBidId = typeof input.answer === 'number' ? input.answer : (bidIds[0] ?? oldestOpenBid(db, input.clientId));
      answerBidInTransaction(db, answeredBidId, { at: input.at, response: 'toward', interactionId, clientId: input.clientId });
      // Every new bid is answered on the spot when --answer comes with --bid.
      if (input.answer === 'oldest') {
        for (const id of bidIds.slice(1)) {
          answerBidInTransaction(db, id, { at: input.at, response: 'toward', interactionId, clientId: input.clientId });
        }
      }
    }

    let conflictEventId: number | null = null;
    let repairedEventId: number | null = null;
    if (input.conflictTopic !== null) {
      const topicId = upsertTopic(db, input.clientId, input.conflictTopic);
      conflictEventId = Number(
        prepared(db, 'INSERT INTO conflict_event (topic_id, interaction_id, at, repaired) VALUES (?, ?, ?, ?)').run(topicId, interactionId, input.at, input.repair ? 1 : 0).lastInsertRowid,
      );
      if (input.repair) repairedEventId = conflictEventId;
    } else if (input.repair) {
      repairedEventId = repairLatestConflict(db, input.clientId);
    }

    const appreciationIds = input.appreciations.map((a) =>
      Number(prepared(db, 'INSERT INTO appreciation (client_id, interaction_id, at, direction, kind) VALUES (?, ?, ?, ?, ?)').run(input.clientId, interactionId, input.at, a.direction, a.kind).lastInsertRowid),
    );
    const needIds = input.needs.map((n) => Number(prepared(db, 'INSERT INTO need (client_id, learned_at, text, kind) VALUES (?, ?, ?, ?)').run(input.clientId, input.at, n.text, n.kind).lastInsertRowid));

    const followUpId = input.followUp
      ? Number(
          prepared(db, 'INSERT INTO follow_up (client_id, interaction_id, due, text, created_at) VALUES (?, ?, ?, ?, ?)').run(input.clientId, interactionId, input.followUp.due, input.followUp.text, input.now).lastInsertRowid,
        )
      : null;

    const voiceIds = (input.voices ?? []).map((text) => insertVoice(db, input.clientId, interactionId, input.at, text));
    let heardVoiceId: number | null = null;
    if (input.heard !== undefined && input.heard !== null) {
      heardVoiceId = typeof input.heard === 'number' ? input.heard : (voiceIds.at(-1) ?? latestOpenVoice(db, input.clientId)?.id ?? null);
      if (heardVoiceId === null) {
        throw new NotFoundError('--heard: no need of yours is waiting for an answer; raise one with --voice "pay within 14 days"');
      }
      const voice = getVoice(db, heardVoiceId);
      if (!voice || voice.clientId !== input.clientId) throw new NotFoundError(`--heard ${heardVoiceId}: no need of yours #${heardVoiceId} with this client; see crm voice list`);
      setVoiceOutcome(db, heardVoiceId, 'heard', input.at);
    }

    return { interactionId, bidIds, answeredBidId, conflictEventId, repairedEventId, appreciationIds, needIds, followUpId, voiceIds, heardVoiceId };
  }).immediate();
}

function oldestOpenBid(db: Db, clientId: number): number {
  const [oldest] = openBidsOf(db, clientId);
  if (!oldest) throw new NotFoundError('there is no open bid to answer; log one with --bid, or leave out --answer');
  return oldest.id;
}

/** A repair attempt without a named topic repairs the client's latest unrepaired conflict event. */
function repairLatestConflict(db: Db, clientId: number): number {
  const latest = db
    .prepare(
      `SELECT e.id FROM conflict_event e JOIN conflict_topic t ON t.id = e.topic_id
       WHERE t.client_id = ? AND e.repaired = 0 ORDER BY e.at DESC, e.id DESC LIMIT 1`,
    )
    .get(clientId) as { id: number } | undefined;
  if (!latest) throw new InputError('--repair: there is no unrepaired conflict to repair; name it with --conflict TOPIC');
  db.prepare('UPDATE conflict_event SET repaired = 1 WHERE id = ?').run(latest.id);
  return latest.id;
}

export function getInteraction(db: Db, id: number): Interaction | undefined {
  const row = db.prepare('SELECT * FROM interaction WHERE id = ?').get(id) as InteractionRow | undefined;
  return row && toInteraction(row);
}

/** Every interaction with its client, oldest first, streamed. */
export function* allInteractions(db: Db): Generator<{ interaction: Interaction; client: { id: number; name: string } }> {
  const statement = db.prepare(
    'SELECT i.*, c.name AS client_name FROM interaction i JOIN client c ON c.id = i.client_id ORDER BY i.at, i.id',
  );
  for (const row of statement.iterate() as Iterable<InteractionRow & { client_name: string }>) {
    yield { interaction: toInteraction(row), client: { id: row.client_id, name: row.client_name } };
  }
}
