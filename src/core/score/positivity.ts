// Positivity: positive to negative signals, weighted by recency. (DESIGN.md section 4, "positivity")
import type { Settings } from '../settings.js';
import { HORSEMEN, type ClientFacts, type Horseman, type Instant, type Interaction, type Moment } from '../types.js';
import { ageInDays, clamp01, gainOf, relativeDecay, round, shownDecay } from './decay.js';
import { count, evidenceAt, quoted, rowsToShow, sortActions, sortEvidence } from './explain.js';
import { inOrder } from './ordered.js';
import type { ComponentOutcome, Effect, Evidence } from './types.js';

// Gottman & Levenson: stable couples keep about 5 positives to 1 negative during conflict, failing ones 0.8
const STABLE_RATIO = 5;
const FAILING_RATIO = 0.8;

// Gottman: contempt is the single strongest predictor of a breakup, so it weighs double
const HORSEMAN_WEIGHT: Record<Horseman, number> = { criticism: 1, defensiveness: 1, stonewalling: 1, contempt: 2 };

/** One logged row that moves the ratio: `positive` and `negative` are its undecayed points. */
interface Signal {
  at: Instant;
  /** the row in words, put together only if it is shown */
  what: () => string;
  positive: number;
  negative: number;
}

/** Where the ratio sits between failing (0) and stable (1); positives and no negatives is stable. */
function linearOfRatio(positive: number, negative: number): number {
  if (negative === 0) return 1; // (both 0 is N/A, handled by the caller)
  return (positive / negative - FAILING_RATIO) / (STABLE_RATIO - FAILING_RATIO);
}

export function scorePositivity(
  facts: ClientFacts,
  moment: Moment,
  settings: Settings,
  explain: boolean | number = true,
): ComponentOutcome {
  const signals = signalsOf(inOrder(facts), moment.at);
  const halfLife = settings['health.halflife.positivity'];
  let youngestAge = Infinity;
  for (const signal of signals) youngestAge = Math.min(youngestAge, ageInDays(signal.at, moment.at));
  let positive = 0;
  let negative = 0;
  for (const signal of signals) {
    const weight = relativeDecay(ageInDays(signal.at, moment.at), youngestAge, halfLife);
    positive += weight * signal.positive;
    negative += weight * signal.negative;
  }
  const s = positive === 0 && negative === 0 ? null : clamp01(linearOfRatio(positive, negative));
  if (!explain) return { s, summary: '', evidence: [], actions: [] };
  if (s === null) return { s, summary: 'nothing positive or negative logged', evidence: [], actions: [] };

  const raw = (pick: (signal: Signal) => number): number => signals.reduce((sum, signal) => sum + pick(signal), 0);
  const ratio = negative === 0 ? 'no negatives' : `${round(positive / negative, 1)}:1`;
  const figure = negative === 0 ? ratio : `${ratio} weighted by recency`;
  const summary =
    `${count(raw((x) => x.positive), 'positive signal')} to ${raw((x) => x.negative)} negative (${figure}); ` +
    `stable relationships keep ${STABLE_RATIO}:1, failing ones ${FAILING_RATIO}:1`;
  const evidence = sortEvidence(rowsToShow(signals, (x) => x.at, explain).map((signal) => evidenceOf(signal, moment.at, halfLife)));
  // One more positive today (the youngest signal weighs 1, so today weighs 0.5^(-youngestAge / halfLife)).
  const after = linearOfRatio(positive + relativeDecay(0, youngestAge, halfLife), negative);
  const name = facts.client.name;
  const text = `Turn the tone around with ${name}: ${ratio} positive to negative lately; share a win or say thanks`;
  const actions = s === 1 ? [] : sortActions([{ text, gain: gainOf(linearOfRatio(positive, negative), after) }]);
  const headline = negative === 0 ? 'only positive signals' : `tone ${ratio} (aim ${STABLE_RATIO}:1)`;
  return { s, summary, headline, evidence, actions };
}

function signalsOf(facts: ClientFacts, now: Instant): Signal[] {
  const signals: Signal[] = [];
  const add = (at: Instant, what: () => string, positive: number, negative: number): void => {
    if (at <= now && (positive > 0 || negative > 0)) signals.push({ at, what, positive, negative });
  };
  for (const interaction of facts.interactions) {
    if (interaction.at > now) break; // ordered by time
    const positive = Math.max(0, interaction.tone) + (interaction.feedback ? 1 : 0);
    const negative = Math.max(0, -interaction.tone) + horsemenWeight(interaction.horsemen);
    add(interaction.at, () => describeInteraction(interaction), positive, negative);
  }
  for (const gesture of facts.appreciations) {
    const direction = gesture.direction === 'to-client' ? 'to the client' : 'from the client';
    add(gesture.at, () => `appreciation ${direction}: ${gesture.kind}`, 1, 0);
  }
  for (const bid of facts.bids) {
    if (bid.kind === 'complaint') add(bid.at, () => `complaint ${quoted(bid.text)}`, 0, 1);
  }
  for (const topic of facts.topics) {
    for (const event of topic.events) {
      // A repaired conflict still hurts, half as much.
      const what = () => `conflict on ${quoted(topic.topic)}, ${event.repaired ? 'repaired' : 'not repaired'}`;
      add(event.at, what, 0, event.repaired ? 0.5 : 1);
    }
  }
  return signals;
}

/** Each horseman counts once however often it was flagged. */
function horsemenWeight(horsemen: readonly Horseman[]): number {
  if (horsemen.length === 0) return 0;
  return HORSEMEN.reduce((sum, h) => sum + (horsemen.includes(h) ? HORSEMAN_WEIGHT[h] : 0), 0);
}

function describeInteraction(interaction: Interaction): string {
  const parts = [`${interaction.channel}, tone ${interaction.tone > 0 ? '+' : ''}${interaction.tone}`];
  if (interaction.feedback) parts.push('feedback');
  parts.push(...HORSEMEN.filter((h) => interaction.horsemen.includes(h)));
  return parts.join(', ');
}

function evidenceOf(signal: Signal, now: Instant, halfLife: number): Evidence {
  const effect: Effect =
    signal.positive > signal.negative ? 'positive' : signal.negative > signal.positive ? 'negative' : 'neutral';
  return evidenceAt(signal.at, signal.what(), shownDecay(ageInDays(signal.at, now), halfLife), effect);
}
