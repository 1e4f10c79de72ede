// Where conflict topics and the user's own needs stand now, for the commands that list them (topic list,
// voice list, client show, log). They use the very rules the health score uses (relationship.ts), so a list
// never disagrees with `crm health`.
import { formatLocalTime, localDateOf } from './dates.js';
import { InputError } from './errors.js';
import { topicStanding, voiceStandings, type FactsIndex, type TopicStanding, type VoiceStanding } from './relationship.js';
import type { ConflictTopic, Instant, Interaction, Voice } from './types.js';
import { quoted } from './words.js';

/**
 * Each topic's standing (null when nothing is known yet), by topic id. `talks` are the interactions the topics'
 * events came in: judging a topic only asks whether those talks were calm, so they are all the index needs.
 */
export function topicStandings(
  topics: readonly ConflictTopic[],
  talks: readonly Interaction[],
  now: Instant,
  gridlockRaisings: number,
): Map<number, TopicStanding | null> {
  const index: FactsIndex = {
    interactions: new Map(talks.map((talk) => [talk.id, talk])),
    bidsPerInteraction: new Map(),
    repairedIds: new Set(),
  };
  return new Map(topics.map((topic) => [topic.id, topicStanding(topic, index, now, gridlockRaisings)]));
}

/**
 * The need each raising belongs to, by raising id. Needs are per client: the same words said to two clients
 * are two needs.
 */
export function needsOfRaisings(voices: readonly Voice[], now: Instant): Map<number, VoiceStanding> {
  const byClient = new Map<number, Voice[]>();
  for (const voice of voices) {
    const list = byClient.get(voice.clientId);
    if (list) list.push(voice);
    else byClient.set(voice.clientId, [voice]);
  }
  const needs = new Map<number, VoiceStanding>();
  for (const clientVoices of byClient.values()) {
    for (const need of voiceStandings(clientVoices, now)) for (const raising of need.raisings) needs.set(raising.id, need);
  }
  return needs;
}

/**
 * Refuses to mark a raising heard or ignored twice (that would move the day it happened), or before it was
 * raised. Changing heard to ignored, or back, is a correction and allowed.
 */
export function checkOutcome(voice: Voice, outcome: 'heard' | 'ignored', at: Instant, flag?: string): void {
  const prefix = flag ? `${flag}: ` : '';
  if (voice.outcome === outcome) {
    throw new InputError(`${prefix}need of yours #${voice.id} (${quoted(voice.text)}) was already ${outcome} on ${localDateOf(voice.outcomeAt!)}`);
  }
  if (at < voice.raisedAt) {
    throw new InputError(`${prefix}need of yours #${voice.id} was raised on ${formatLocalTime(voice.raisedAt)}: it cannot be ${outcome} before that`);
  }
}
