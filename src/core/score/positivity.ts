// Tone: good moments against hard ones, recent ones weighing more. (DESIGN.md section 4, "positivity")
import { localDateOf } from '../dates.js';
import { CHANNEL_WEIGHT, isHostile } from '../relationship.js';
import { HORSEMEN, type Horseman, type Interaction } from '../types.js';
import { fadeSince, round, shownDecay } from './decay.js';
import { count, evidenceAt, rowsToShow, sortEvidence } from './explain.js';
import type { Action, ComponentOutcome, Effect, Evidence, ScoreInput } from './types.js';

// Gottman & Levenson: stable couples keep about 5 positive moments to 1 negative during conflict, those
// heading for divorce 0.8 to 1. As good / (good + hard), 5:1 scores 83 and 0.8:1 scores 44.
export const STABLE_RATIO = 5;
export const FAILING_RATIO = 0.8;

// Gottman: contempt is the single strongest predictor of a breakup, so it weighs double.
const HORSEMAN_WEIGHT: Record<Horseman, number> = { criticism: 1, defensiveness: 1, stonewalling: 1, contempt: 2 };

/**
 * One conversation is one moment: however bad, it weighs at most this much, so that one call never decides alone
 * (DESIGN.md invariant 7: a single interaction with every flag moves a new client at most 30 points).
 */
const HARDEST_MOMENT = 1.75;

/** Gottman's antidotes, for the action that names a horseman. */
const ANTIDOTE: Record<Horseman, string> = {
  contempt: 'rebuild appreciation: thank them for something specific',
  criticism: 'raise the issue without blame: "I feel..., I need..."',
  defensiveness: 'take responsibility for your part',
  stonewalling: 'take a break, then come back to the conversation',
};

interface Felt {
  interaction: Interaction;
  good: number;
  hard: number;
  weight: number;
}

/**
 * A warm interaction (tone above 0, no horseman) is a good moment worth its tone times its channel's weight; a
 * hostile one (tone -1 or worse, or a horseman) a hard moment worth its negative tone plus its horsemen, at most
 * 1.75, whatever the channel. A repaired conflict is not a hard moment: its tone is forgiven (its horsemen are
 * not). Neutral interactions are neither. Every moment fades.
 */
export function scorePositivity({ facts, moment, settings, explain }: ScoreInput): ComponentOutcome {
  const halfLife = settings['health.halflife.positivity'];
  const repaired = repairedInteractions(facts.topics);
  const moments: Felt[] = [];
  let good = 0;
  let bad = 0;
  for (const interaction of facts.interactions) {
    if (interaction.at > moment.at) break; // in time order
    const m = momentOf(interaction, interaction.repair || repaired.has(interaction.id));
    if (m.good === 0 && m.hard === 0) continue;
    m.weight = fadeSince(interaction.at, moment.at, halfLife);
    good += m.good * m.weight;
    bad += m.hard * m.weight;
    moments.push(m);
  }
  if (!explain) return { good, bad, signals: moments.length, summary: '', evidence: [], actions: [] };
  if (moments.length === 0) return { good, bad, signals: 0, summary: 'no warm or hard moments logged', evidence: [], actions: [] };

  const goodCount = moments.filter((m) => m.good > 0).length;
  const hard = moments.filter((m) => m.hard > 0);
  const horsemen = HORSEMEN.filter((h) => hard.some((m) => m.interaction.horsemen.includes(h)));
  const ratio = bad === 0 ? null : good / bad;
  const named = horsemen.length ? ` (${horsemen.join(', ')})` : '';
  const lately = ratio === null ? 'none hard' : `about ${round(ratio, 1)} to 1, recent ones weighing more`;
  const summary =
    `${count(goodCount, 'good moment')} to ${count(hard.length, 'hard one')}${named}: ${lately}. ` +
    `Stable relationships keep about ${STABLE_RATIO} to 1, failing ones ${FAILING_RATIO} to 1`;
  const evidence = sortEvidence(rowsToShow(moments, (m) => m.interaction.at, explain).map(evidenceOf));
  const actions: Action[] = [];
  const name = facts.client.name;
  const lastHard = hard.at(-1);
  const lastHorseman = HORSEMEN.filter((h) => lastHard?.interaction.horsemen.includes(h)).sort((a, b) => HORSEMAN_WEIGHT[b] - HORSEMAN_WEIGHT[a])[0];
  if (lastHard && lastHorseman) {
    actions.push({
      text: `${capital(lastHorseman)} showed with ${name} on ${localDateOf(lastHard.interaction.at)}: ${ANTIDOTE[lastHorseman]}`,
      change: { good: 1 },
      // Warmth is the way out of the contempt cap, so this ranks with what lifts a cap.
      ...(lastHorseman === 'contempt' ? { lifts: 'contempt' } : {}),
    });
  } else if (bad > 0) {
    actions.push({ text: `Warm up the tone with ${name}: share a win or say thanks (${lately.replace(', recent ones weighing more', '')} lately)`, change: { good: 1 } });
  }
  const recentHorseman = hard.filter((m) => m.interaction.horsemen.length > 0).at(-1);
  const headline = recentHorseman
    ? `${HORSEMEN.filter((h) => recentHorseman.interaction.horsemen.includes(h)).join(', ')} on ${localDateOf(recentHorseman.interaction.at)}`
    : ratio === null
      ? 'warm tone'
      : `tone ${round(ratio, 1)} to 1 (aim ${STABLE_RATIO} to 1)`;
  return { good, bad, signals: moments.length, summary, headline, evidence, actions, terms: horsemen.length ? ['ratio', 'horsemen'] : ['ratio'] };
}

function momentOf(interaction: Interaction, repaired: boolean): Felt {
  if (isHostile(interaction)) {
    const tone = repaired ? 0 : Math.max(0, -interaction.tone);
    const horsemen = HORSEMEN.reduce((sum, h) => sum + (interaction.horsemen.includes(h) ? HORSEMAN_WEIGHT[h] : 0), 0);
    return { interaction, good: 0, hard: Math.min(HARDEST_MOMENT, tone + horsemen), weight: 1 };
  }
  return { interaction, good: Math.max(0, interaction.tone) * CHANNEL_WEIGHT[interaction.channel], hard: 0, weight: 1 };
}

/** Interactions whose conflict was repaired (on the spot or later): their tone is forgiven. */
function repairedInteractions(topics: { events: { interactionId: number | null; repaired: boolean }[] }[]): Set<number> {
  const ids = new Set<number>();
  for (const topic of topics) for (const event of topic.events) if (event.repaired && event.interactionId !== null) ids.add(event.interactionId);
  return ids;
}

function evidenceOf(m: Felt): Evidence {
  const i = m.interaction;
  const parts = [`${i.channel}${i.fromClient ? ' from the client' : ''}, tone ${i.tone > 0 ? '+' : ''}${i.tone}`];
  parts.push(...HORSEMEN.filter((h) => i.horsemen.includes(h)));
  const effect: Effect = m.good > 0 ? 'positive' : m.hard > 0 ? 'negative' : 'neutral';
  return evidenceAt(i.at, parts.join(', '), shownDecay(m.weight), effect);
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
