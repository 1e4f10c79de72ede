// Voice: the user's own needs raised with a client (payment terms, feedback, scope, their time), and whether
// the client heard them.
import { formatLocalTime } from '../core/dates.js';
import { InputError, NotFoundError } from '../core/errors.js';
import type { Instant, Voice, VoiceOutcome } from '../core/types.js';
import type { Db } from './open.js';
import { forgetReminders } from './reminders.js';

export interface VoiceRow {
  id: number;
  client_id: number;
  interaction_id: number | null;
  raised_at: number;
  text: string;
  outcome: VoiceOutcome;
  outcome_at: number | null;
}

export const toVoice = (r: VoiceRow): Voice => ({
  id: r.id,
  clientId: r.client_id,
  interactionId: r.interaction_id,
  raisedAt: r.raised_at,
  text: r.text,
  outcome: r.outcome,
  outcomeAt: r.outcome_at,
});

/** Records a raising (inside the caller's transaction). */
export function insertVoice(db: Db, clientId: number, interactionId: number | null, raisedAt: Instant, text: string): number {
  return Number(
    db.prepare('INSERT INTO voice (client_id, interaction_id, raised_at, text) VALUES (?, ?, ?, ?)').run(clientId, interactionId, raisedAt, text)
      .lastInsertRowid,
  );
}

export function getVoice(db: Db, id: number): Voice | undefined {
  const row = db.prepare('SELECT * FROM voice WHERE id = ?').get(id) as VoiceRow | undefined;
  return row && toVoice(row);
}

/** The client's raisings (or everyone's), oldest first. */
export function listVoices(db: Db, clientId?: number): Voice[] {
  const rows = (
    clientId === undefined
      ? db.prepare('SELECT * FROM voice ORDER BY raised_at, id').all()
      : db.prepare('SELECT * FROM voice WHERE client_id = ? ORDER BY raised_at, id').all(clientId)
  ) as VoiceRow[];
  return rows.map(toVoice);
}

/** The latest raising of the client's that is still open, if any. */
export function latestOpenVoice(db: Db, clientId: number): Voice | undefined {
  const row = db
    .prepare(`SELECT * FROM voice WHERE client_id = ? AND outcome = 'open' ORDER BY raised_at DESC, id DESC LIMIT 1`)
    .get(clientId) as VoiceRow | undefined;
  return row && toVoice(row);
}

/** Marks a raising heard or ignored (or open again), at `at`. */
export function setVoiceOutcome(db: Db, id: number, outcome: VoiceOutcome, at: Instant): Voice {
  const changed = db
    .prepare('UPDATE voice SET outcome = ?, outcome_at = ? WHERE id = ?')
    .run(outcome, outcome === 'open' ? null : at, id).changes;
  if (!changed) throw new NotFoundError(`no need of yours #${id}; see crm voice list`);
  return getVoice(db, id)!;
}

/**
 * Marks a raising heard or ignored at `at`, in one transaction with `check`, which sees the raising as it is and
 * may refuse (throw). Unknown id: NotFoundError.
 */
export function markVoice(db: Db, id: number, outcome: 'heard' | 'ignored', at: Instant, check: (voice: Voice) => void): Voice {
  return db.transaction(() => {
    const voice = getVoice(db, id);
    if (!voice) throw new NotFoundError(`no need of yours #${id}; see crm voice list`);
    check(voice);
    return setVoiceOutcome(db, id, outcome, at);
  }).immediate();
}

/** The raising; an unknown id is refused (exit 3). */
export function voiceOf(db: Db, id: number): Voice {
  const voice = getVoice(db, id);
  if (!voice) throw new NotFoundError(`no need of yours #${id}; see crm voice list`);
  return voice;
}

/**
 * Corrects a raising of a need of yours: its words, when it was raised (not one raised in an interaction: that moves
 * with the interaction), or `open` again (neither heard nor ignored). Returns it before and after.
 */
export function editVoice(db: Db, id: number, patch: { text?: string; raisedAt?: Instant; open?: boolean }): { before: Voice; after: Voice } {
  const before = voiceOf(db, id);
  if (patch.open && before.outcome === 'open') throw new InputError(`need of yours #${id} is open already`);
  const outcomeAt = patch.open ? null : before.outcomeAt;
  const raisedAt = patch.raisedAt ?? before.raisedAt;
  if (raisedAt !== before.raisedAt) {
    if (before.interactionId !== null) {
      throw new InputError(`need of yours #${id} was raised in interaction #${before.interactionId}: change its time there (crm log edit ${before.interactionId} --at ...)`);
    }
    if (outcomeAt !== null && outcomeAt < raisedAt) {
      throw new InputError(`need of yours #${id} was ${before.outcome} on ${formatLocalTime(outcomeAt)}: it cannot have been raised after that`);
    }
  }
  db.prepare('UPDATE voice SET text = ?, raised_at = ?, outcome = ?, outcome_at = ? WHERE id = ?').run(
    patch.text ?? before.text, raisedAt, patch.open ? 'open' : before.outcome, outcomeAt, id,
  );
  return { before, after: voiceOf(db, id) };
}

export function removeVoice(db: Db, id: number): Voice {
  const voice = voiceOf(db, id);
  db.prepare('DELETE FROM voice WHERE id = ?').run(id);
  forgetReminders(db, [`voice-unheard:${id}`]);
  return voice;
}
