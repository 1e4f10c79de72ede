// Conflict: are conflicts repaired, and is any topic gridlocked? (DESIGN.md section 4, "conflict")
import { DAY_MS } from '../dates.js';
import type { Settings } from '../settings.js';
import type { ClientFacts, ConflictEvent, ConflictTopic, Moment } from '../types.js';
import { ageInDays, calendarDaysAgo, clamp01, gainOf, relativeDecay, shownDecay } from './decay.js';
import { count, days, evidenceAt, percent, quoted, sortActions, sortEvidence } from './explain.js';
import { inOrder } from './ordered.js';
import type { Action, ComponentOutcome } from './types.js';

// Gottman: about 69% of conflicts are perpetual, so recurrence itself costs nothing;
// what hurts is gridlock: a recurring topic never repaired and not talked about again.
const GRIDLOCK_PENALTY = 0.25;

interface TopicState {
  topic: ConflictTopic;
  /** Its events up to now, oldest first. */
  events: ConflictEvent[];
  gridlocked: boolean;
}

export function scoreConflict(facts: ClientFacts, moment: Moment, settings: Settings, explain: boolean | number = true): ComponentOutcome {
  const halfLife = settings['health.halflife.conflict'];
  const gridlockMs = settings['health.gridlock.days'] * DAY_MS;
  const topics: TopicState[] = [];
  let youngestAge = Infinity;
  for (const topic of inOrder(facts).topics) {
    const events = topic.events.filter((event) => event.at <= moment.at);
    const last = events.at(-1);
    if (!last) continue;
    youngestAge = Math.min(youngestAge, ageInDays(last.at, moment.at));
    const gridlocked =
      events.length >= 2 &&
      events.every((event) => !event.repaired) &&
      topic.status !== 'resolved' &&
      moment.at - last.at > gridlockMs;
    topics.push({ topic, events, gridlocked });
  }
  if (topics.length === 0) {
    return { s: null, summary: explain ? 'no conflict logged' : '', evidence: [], actions: [] };
  }
  let repaired = 0;
  let weighed = 0;
  for (const { events } of topics) {
    for (const event of events) {
      const weight = relativeDecay(ageInDays(event.at, moment.at), youngestAge, halfLife);
      repaired += event.repaired ? weight : 0;
      weighed += weight;
    }
  }
  const gridlocked = topics.filter((t) => t.gridlocked);
  const base = repaired / weighed;
  const linear = base - GRIDLOCK_PENALTY * gridlocked.length;
  const s = clamp01(linear);
  if (!explain) return { s, summary: '', evidence: [], actions: [] };

  const all = topics.flatMap((t) => t.events);
  const gridlock =
    gridlocked.length === 0
      ? 'no gridlocked topic'
      : `${count(gridlocked.length, 'gridlocked topic')} (${gridlocked.map((t) => quoted(t.topic.topic)).join(', ')})`;
  const summary =
    `${all.filter((e) => e.repaired).length} of ${count(all.length, 'conflict event')} repaired ` +
    `(${percent(base)} weighted by recency); ${gridlock}`;
  const evidence = sortEvidence(
    topics.flatMap(({ topic, events, gridlocked: stuck }) =>
      events.map((event) =>
        evidenceAt(
          event.at,
          `conflict on ${quoted(topic.topic)}: ${event.repaired ? 'repaired' : 'not repaired'}${stuck ? ' (gridlocked)' : ''}`,
          shownDecay(ageInDays(event.at, moment.at), halfLife),
          event.repaired ? 'positive' : 'negative',
        ),
      ),
    ),
  );
  const actions: Action[] = [];
  for (const { topic, events, gridlocked: stuck } of topics) {
    const unrepaired = events.filter((event) => !event.repaired).at(-1);
    if (!unrepaired || topic.status === 'resolved') continue;
    // Repairing its latest unrepaired event: the base rises and a gridlock ends.
    const weight = relativeDecay(ageInDays(unrepaired.at, moment.at), youngestAge, halfLife);
    const after = (repaired + weight) / weighed - GRIDLOCK_PENALTY * (gridlocked.length - (stuck ? 1 : 0));
    const lastRaised = calendarDaysAgo(events.at(-1)!.at, moment);
    const text = stuck
      ? `Revisit ${quoted(topic.topic)}: recurring, unrepaired, last raised ${days(lastRaised)} ago`
      : `Repair ${quoted(topic.topic)}: raised ${days(calendarDaysAgo(unrepaired.at, moment))} ago, not repaired yet`;
    actions.push({ text, gain: gainOf(linear, after) });
  }
  const unrepaired = all.filter((e) => !e.repaired).length;
  const headline =
    gridlocked.length > 0
      ? `${quoted(gridlocked[0]!.topic.topic, 24)} gridlocked`
      : unrepaired > 0
        ? `${count(unrepaired, 'conflict')} not repaired`
        : 'conflicts repaired';
  return { s, summary, headline, evidence, actions: sortActions(actions) };
}
