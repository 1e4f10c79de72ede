// An interaction with what it carried (store/interaction-parts.ts): as JSON, and in words for crm log edit|remove.
import { formatLocalTime, isoInstant } from '../core/dates.js';
import type { Client, Interaction, Moment, Voice } from '../core/types.js';
import { quoted } from '../core/words.js';
import type { InteractionParts } from '../store/interaction-parts.js';
import { appreciationJson, bidJson, followUpJson, interactionJson, needJson, voicesJson } from './json.js';

/**
 * The interaction and its parts. `voices`: the client's raisings of needs of yours to judge each with (as crm voice
 * list does), read before a removal. Shape (README): the interaction's keys, then bids (made in it), answeredBids
 * (made earlier, answered in it), conflicts, appreciations, needs, followUps, voices (raised in it), heardVoices.
 */
export function interactionPartsJson(parts: InteractionParts, client: Client, now: Moment, voices: readonly Voice[]) {
  const judged = new Map(voicesJson(voices, () => client, now.at).map((v) => [v.id, v]));
  const voiceOut = (voice: Voice) => judged.get(voice.id) ?? voicesJson([voice], () => client, now.at)[0]!;
  return {
    ...interactionJson(parts.interaction, client),
    bids: parts.bids.map((b) => bidJson(b, client, now)),
    answeredBids: parts.answeredBids.map((b) => bidJson(b, client, now)),
    conflicts: parts.conflicts.map((c) => ({
      id: c.event.id,
      topicId: c.topic.id,
      topic: c.topic.topic,
      at: isoInstant(c.event.at),
      repaired: c.event.repaired,
    })),
    appreciations: parts.appreciations.map(appreciationJson),
    needs: parts.needs.map(needJson),
    followUps: parts.followUps.map((f) => followUpJson(f, client, now.today)),
    voices: parts.voices.map(voiceOut),
    heardVoices: parts.heardVoices.map(voiceOut),
  };
}

/** "call with Acme on 2026-11-20 14:00" */
export function interactionLabel(interaction: Interaction, client: Client): string {
  return `${interaction.channel} with ${client.name} on ${formatLocalTime(interaction.at)}`;
}

/** What was said in it, each named by the id its own commands take: `bid #4`, `follow-up #3`, `need of yours #2`... */
export function carriedWords(parts: InteractionParts): string[] {
  return [
    ...parts.bids.map((b) => `bid #${b.id}`),
    ...parts.conflicts.map((c) => `the conflict raised on ${quoted(c.topic.topic)}`),
    ...parts.appreciations.map((a) => `the appreciation ${a.direction === 'to-client' ? 'shown' : 'received'} (${a.kind})`),
    ...parts.needs.map((n) => `need #${n.id}`),
    ...parts.followUps.map((f) => `follow-up #${f.id}`),
    ...parts.voices.map((v) => `need of yours #${v.id}`),
  ];
}

/** What it did to rows apart from it, undone by its removal. */
export function reopenedWords(parts: InteractionParts): string[] {
  return [
    ...parts.answeredBids.map((b) => `bid #${b.id} (answered in it)`),
    ...parts.heardVoices.map((v) => `need of yours #${v.id} (heard in it)`),
  ];
}

/** "a, b and c" */
export function listed(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}
