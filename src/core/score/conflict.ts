// Conflict: are recurring topics talked through, or gridlocked? (DESIGN.md section 4, "conflict")
import { localDateOf } from '../dates.js';
import { isSettled, topicStanding, type TopicStanding } from '../relationship.js';
import { fadeSince, shownDecay } from './decay.js';
import { count, evidenceAt, quoted, rowsToShow, sortEvidence } from './explain.js';
import type { Action, ComponentOutcome, ScoreInput } from './types.js';

// Gottman: about 69% of conflicts are perpetual. Raising a topic again costs little; what hurts is gridlock.

/** A topic raised in anger and not talked through yet weighs half a bad signal, fading like settled history. */
const OPEN_WEIGHT = 0.5;

/**
 * A topic talked through (latest discussion repaired or calm) or resolved is good, fading from that talk; a
 * gridlocked topic is bad for each raising from the gridlock on, and does not fade until it is talked through;
 * a topic raised once or twice since its last calm talk is open: half a bad signal, fading from its last raising.
 */
export function scoreConflict({ facts, index, point, settings, explain }: ScoreInput): ComponentOutcome {
  const moment = { at: point.at };
  const halfLife = settings['health.halflife.conflict'];
  const raisings = settings['health.gridlock.raisings'];
  const standings: TopicStanding[] = [];
  let good = 0;
  let bad = 0;
  let signals = 0;
  for (const topic of facts.topics) {
    const standing = topicStanding(topic, index, point.cutoff, raisings);
    if (!standing) continue;
    standings.push(standing);
    signals++;
    if (standing.state === 'resolved') good += fadeSince(standing.resolvedAt!, moment.at, halfLife);
    else if (standing.state === 'managed') good += fadeSince(standing.lastSettled!.at, moment.at, halfLife);
    else if (standing.state === 'gridlocked') bad += gridlockMass(standing, raisings);
    else bad += OPEN_WEIGHT * fadeSince(standing.events.at(-1)!.at, moment.at, halfLife);
  }
  if (!explain) return { good, bad, signals, summary: '', evidence: [], actions: [] };
  if (standings.length === 0) return { good, bad, signals, summary: 'no conflict logged', evidence: [], actions: [] };

  const name = facts.client.name;
  const actions: Action[] = [];
  for (const s of standings) {
    const topic = quoted(s.topic.topic, 40);
    if (s.state === 'gridlocked') {
      actions.push({
        text: `Talk ${topic} through with ${name} calmly and log the repair: raised ${count(s.unsettledRun, 'time')} in a row since ${sinceText(s)}`,
        change: { bad: gridlockMass(s, raisings), good: 1 },
        lifts: `gridlock:${s.topic.id}`,
      });
    } else if (s.state === 'open') {
      actions.push({
        text: `Repair ${topic} with ${name}: raised on ${localDateOf(s.events.at(-1)!.at)}, not talked through yet`,
        change: { good: 1 },
      });
    }
  }
  const evidence = sortEvidence(
    rowsToShow(
      standings.flatMap((s) => s.events.map((event) => ({ s, event }))),
      (row) => row.event.at,
      explain,
    ).map(({ s, event }) => {
      const settled = isSettled(event, index);
      const how = event.repaired ? 'repaired' : settled ? 'talked through calmly' : 'heated, not repaired';
      const decay = settled || s.state !== 'gridlocked' ? shownDecay(fadeSince(event.at, moment.at, halfLife)) : 1;
      return evidenceAt(event.at, `${quoted(s.topic.topic, 40)}: ${how}`, decay, settled ? 'positive' : s.state === 'gridlocked' ? 'negative' : 'neutral');
    }),
  );
  const gridlocked = standings.filter((s) => s.state === 'gridlocked');
  const open = standings.filter((s) => s.state === 'open');
  const summary = `${standings.map(describe).join('; ')}. About two thirds of conflicts are perpetual: what matters is talking them through`;
  const headline = gridlocked.length
    ? `${quoted(gridlocked[0]!.topic.topic, 24)} gridlocked`
    : open.length
      ? `${quoted(open[0]!.topic.topic, 24)} not talked through`
      : 'conflicts talked through';
  return { good, bad, signals, summary, headline, evidence, actions, terms: gridlocked.length ? ['gridlock'] : [] };
}

/** A gridlocked topic weighs 1 at the gridlock, and 1 more for each raising after it. */
function gridlockMass(standing: TopicStanding, raisings: number): number {
  return standing.unsettledRun - raisings + 1;
}

function sinceText(s: TopicStanding): string {
  return s.lastSettled ? `the last calm talk on ${localDateOf(s.lastSettled.at)}` : `it first came up on ${localDateOf(s.events[0]!.at)}`;
}

function describe(s: TopicStanding): string {
  const topic = quoted(s.topic.topic, 40);
  const raised = count(s.events.length, 'time');
  switch (s.state) {
    case 'managed':
      return `${topic} talked through (raised ${raised}, last settled on ${localDateOf(s.lastSettled!.at)})`;
    case 'resolved':
      return `${topic} resolved`;
    case 'gridlocked':
      return `${topic} gridlocked: raised ${count(s.unsettledRun, 'time')} in a row without a repair or a calm talk`;
    case 'open':
      return `${topic} raised ${count(s.unsettledRun, 'time')} since ${s.lastSettled ? 'its last calm talk' : 'it came up'}, not talked through yet`;
  }
}
