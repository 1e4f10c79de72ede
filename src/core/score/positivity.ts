// Tone: good moments against hard ones, recent ones weighing more. (DESIGN.md section 4, "positivity")
import { localDateOf } from '../dates.js';
import { HORSEMEN, type Horseman, type Interaction } from '../types.js';
import { HORSEMAN_WEIGHT, rescale, termsOf } from './digest.js';
import { fadeSince, round, shownDecay } from './decay.js';
import { count, evidenceAt, rowsToShow, sortEvidence } from './explain.js';
import type { Action, ComponentOutcome, Effect, Evidence, ScoreInput } from './types.js';

// Gottman & Levenson: stable couples keep about 5 positive moments to 1 negative during conflict, those
// heading for divorce 0.8 to 1. As good / (good + hard), 5:1 scores 83 and 0.8:1 scores 44.
export const STABLE_RATIO = 5;
export const FAILING_RATIO = 0.8;

/** Gottman's antidotes, for the action that names a horseman. */
const ANTIDOTE: Record<Horseman, string> = {
  contempt: 'rebuild appreciation: thank them for something specific',
  criticism: 'raise the issue without blame: "I feel..., I need..."',
  defensiveness: 'take responsibility for your part',
  stonewalling: 'take a break, then come back to the conversation',
};

/**
 * A warm interaction (tone above 0, no horseman) is a good moment worth its tone times its channel's weight; a
 * hostile one (tone -1 or worse, or a horseman) a hard moment worth its negative tone plus its horsemen, at most
 * 1.75, whatever the channel. A repaired conflict is not a hard moment: its tone is forgiven (its horsemen are
 * not). Neutral interactions are neither. Every moment fades. (The terms are defined in digest.ts.)
 */
export function scorePositivity({ facts, index, digest, point, settings, explain }: ScoreInput): ComponentOutcome {
  const halfLife = settings['health.halflife.positivity'];
  const sums = digest.sums[digest.cutoffs.indexOf(point.cutoff)]!;
  const good = rescale(sums.goodW, digest, point.at, halfLife);
  const bad = rescale(sums.hardW, digest, point.at, halfLife);
  const signals = sums.goodMoments + sums.hardMoments;
  if (!explain) return { good, bad, signals, summary: '', evidence: [], actions: [] };
  if (signals === 0) return { good, bad, signals, summary: 'no warm or hard moments logged', evidence: [], actions: [] };

  // The rows at hand: all of them, or (for a whole book) the latest ones the explanation shows.
  const moments: { interaction: Interaction; good: number; hard: number }[] = [];
  for (const interaction of facts.interactions) {
    if (interaction.at > point.cutoff) break; // in time order
    const terms = termsOf(interaction, interaction.repair || index.repairedIds.has(interaction.id));
    if (terms.good > 0 || terms.hard > 0) moments.push({ interaction, good: terms.good, hard: terms.hard });
  }
  const horsemen = sums.horsemen;
  const ratio = bad === 0 ? null : good / bad;
  const named = horsemen.length ? ` (${horsemen.join(', ')})` : '';
  const lately = ratio === null ? 'none hard' : `about ${round(ratio, 1)} to 1, recent ones weighing more`;
  const summary =
    `${count(sums.goodMoments, 'good moment')} to ${count(sums.hardMoments, 'hard one')}${named}: ${lately}. ` +
    `Stable relationships keep about ${STABLE_RATIO} to 1, failing ones ${FAILING_RATIO} to 1`;
  const evidence = sortEvidence(
    rowsToShow(moments, (m) => m.interaction.at, explain).map((m) => evidenceOf(m, fadeSince(m.interaction.at, point.at, halfLife))),
  );
  const actions: Action[] = [];
  const name = facts.client.name;
  const lastHard = moments.filter((m) => m.hard > 0).at(-1);
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
  const recentHorseman = moments.filter((m) => m.hard > 0 && m.interaction.horsemen.length > 0).at(-1);
  const headline = recentHorseman
    ? `${HORSEMEN.filter((h) => recentHorseman.interaction.horsemen.includes(h)).join(', ')} on ${localDateOf(recentHorseman.interaction.at)}`
    : ratio === null
      ? 'warm tone'
      : `tone ${round(ratio, 1)} to 1 (aim ${STABLE_RATIO} to 1)`;
  return { good, bad, signals, summary, headline, evidence, actions, terms: horsemen.length ? ['ratio', 'horsemen'] : ['ratio'] };
}

function evidenceOf(m: { interaction: Interaction; good: number; hard: number }, weight: number): Evidence {
  const i = m.interaction;
  const parts = [`${i.channel}${i.fromClient ? ' from the client' : ''}, tone ${i.tone > 0 ? '+' : ''}${i.tone}`];
  parts.push(...HORSEMEN.filter((h) => i.horsemen.includes(h)));
  const effect: Effect = m.good > 0 ? 'positive' : m.hard > 0 ? 'negative' : 'neutral';
  return evidenceAt(i.at, parts.join(', '), shownDecay(weight), effect);
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
