// Appreciation: gestures to and from the client, weighted by recency. (DESIGN.md section 4, "appreciation")
import { daysBetween, localDateOf } from '../dates.js';
import type { Settings } from '../settings.js';
import type { Appreciation, ClientFacts, Moment } from '../types.js';
import { ageInDays, calendarDaysAgo, decay, round, shownDecay } from './decay.js';
import { count, days, evidenceAt, quoted, sortActions, sortEvidence } from './explain.js';
import { inOrder } from './ordered.js';
import type { ComponentOutcome } from './types.js';

// Fondness and admiration are the antidote to contempt (Gottman); three recent gestures earn full credit.
const FULL_CREDIT_GESTURES = 3;

function sOfGestures(weighted: number): number {
  return Math.min(1, weighted / FULL_CREDIT_GESTURES);
}

export function scoreAppreciation(
  facts: ClientFacts,
  moment: Moment,
  settings: Settings,
  explain: boolean | number = true,
): ComponentOutcome {
  const { client, appreciations } = inOrder(facts);
  const minAge = settings['health.appreciation.min.age.days'];
  const clientAge = daysBetween(client.since, moment.today);
  if (clientAge < minAge) {
    const summary = explain
      ? `client for ${days(Math.max(0, clientAge))}; appreciation is judged from day ${minAge}`
      : '';
    return { s: null, summary, evidence: [], actions: [] };
  }
  const halfLife = settings['health.halflife.appreciation'];
  const gestures: Appreciation[] = [];
  for (const gesture of appreciations) {
    if (gesture.at > moment.at) break; // ordered by time
    gestures.push(gesture);
  }
  // Plain decay, not relative: the count itself is the figure, so very old gestures fade to nothing.
  let weighted = 0;
  for (const gesture of gestures) weighted += decay(ageInDays(gesture.at, moment.at), halfLife);
  const s = sOfGestures(weighted);
  if (!explain) return { s, summary: '', evidence: [], actions: [] };

  const toClient = gestures.filter((g) => g.direction === 'to-client');
  const last = gestures.at(-1);
  const directions = `${toClient.length} to ${client.name}, ${gestures.length - toClient.length} from them`;
  const summary = last
    ? `${count(gestures.length, 'gesture')} (${directions}), ${round(weighted, 1)} weighted by recency ` +
      `against ${FULL_CREDIT_GESTURES} for full credit; last on ${localDateOf(last.at)}`
    : 'no appreciation logged in either direction';
  const evidence = sortEvidence(
    gestures.map((g) => {
      const what = `${g.kind} ${g.direction === 'to-client' ? 'to the client' : 'from the client'}`;
      const note = g.note ? `: ${quoted(g.note)}` : '';
      return evidenceAt(g.at, what + note, shownDecay(ageInDays(g.at, moment.at), halfLife), 'positive');
    }),
  );
  const lastShown = toClient.at(-1);
  const text = lastShown
    ? `Show appreciation to ${client.name}: nothing in ${days(calendarDaysAgo(lastShown.at, moment))}`
    : `Show appreciation to ${client.name}: none shown yet`;
  const actions = sortActions([{ text, gain: (sOfGestures(weighted + 1) - s) * 100 }]);
  const sinceShown = lastShown ? calendarDaysAgo(lastShown.at, moment) : null;
  const headline =
    sinceShown === null
      ? 'no appreciation shown yet'
      : sinceShown > halfLife
        ? `no appreciation in ${days(sinceShown)}`
        : weighted < 1
          ? 'little appreciation lately'
          : 'room for more appreciation';
  return { s, summary, headline, evidence, actions };
}
