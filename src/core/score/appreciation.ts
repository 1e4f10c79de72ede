// Appreciation: gestures to and from the client. Fondness and admiration are the antidote to contempt
// (Gottman). (DESIGN.md section 4, "appreciation")
import { DAY_MS, localDateOf } from '../dates.js';
import { trackingStart } from '../relationship.js';
import type { Appreciation } from '../types.js';
import { calendarDaysAgo, fadeSince, shownDecay } from './decay.js';
import { count, days, evidenceAt, quoted, rowsToShow, sortEvidence } from './explain.js';
import type { ComponentOutcome, ScoreInput } from './types.js';

/** Neglect grows by 1 for every this many days past the grace period, up to MAX_NEGLECT. */
const NEGLECT_STEP_DAYS = 90;
const MAX_NEGLECT = 2;

/**
 * Every gesture, either way, is good and fades. Going without showing appreciation for longer than
 * `health.appreciation.min.age.days` (counted from your last gesture, or from when crm started following the
 * client) is neglect: 1 more bad for every 90 days beyond, up to 2. A gesture of yours never lowers the score.
 */
export function scoreAppreciation({ facts, point, settings, explain }: ScoreInput): ComponentOutcome {
  const moment = { at: point.at, today: point.today };
  const halfLife = settings['health.halflife.appreciation'];
  const grace = settings['health.appreciation.min.age.days'];
  const gestures: Appreciation[] = [];
  let good = 0;
  let lastToClient: Appreciation | undefined;
  for (const gesture of facts.appreciations) {
    if (gesture.at > point.cutoff) break; // in time order
    gestures.push(gesture);
    good += fadeSince(gesture.at, moment.at, halfLife);
    if (gesture.direction === 'to-client') lastToClient = gesture;
  }
  const from = Math.max(lastToClient?.at ?? -Infinity, trackingStart(facts.client));
  const quietDays = Math.max(0, (moment.at - from) / DAY_MS);
  const bad = Math.min(MAX_NEGLECT, Math.max(0, quietDays - grace) / NEGLECT_STEP_DAYS);
  const signals = gestures.length + (bad > 0 ? 1 : 0);
  if (!explain) return { good, bad, signals, summary: '', evidence: [], actions: [] };
  if (good === 0 && bad === 0) {
    return { good, bad, signals, summary: gestures.length ? 'no recent gestures' : 'no appreciation logged yet, and too early to miss it', evidence: [], actions: [] };
  }
  const name = facts.client.name;
  const toClient = gestures.filter((g) => g.direction === 'to-client').length;
  const fromClient = gestures.length - toClient;
  const quiet = Math.floor(quietDays);
  const lastText = lastToClient ? `your last on ${localDateOf(lastToClient.at)}` : `none shown by you in ${days(quiet)}`;
  const summary = `${count(toClient, 'gesture')} from you, ${fromClient} from ${name}; ${lastText}`;
  const evidence = sortEvidence(
    rowsToShow(gestures, (g) => g.at, explain).map((g) => {
      const what = `${g.kind} ${g.direction === 'to-client' ? 'to the client' : 'from the client'}${g.note ? `: ${quoted(g.note)}` : ''}`;
      return evidenceAt(g.at, what, shownDecay(fadeSince(g.at, moment.at, halfLife)), 'positive');
    }),
  );
  const actions =
    quietDays > grace / 2
      ? [{ text: `Show ${name} some appreciation: ${lastToClient ? `nothing from you in ${days(calendarDaysAgo(lastToClient.at, moment))}` : 'none from you yet'}`, change: { good: 1, bad } }]
      : [];
  const notes: string[] = [];
  // One-sided: you keep showing appreciation and the client never returns any (DESIGN.md, "voice").
  const yearAgo = moment.at - 365 * DAY_MS;
  const recent = gestures.filter((g) => g.at > yearAgo);
  const yours = recent.filter((g) => g.direction === 'to-client').length;
  if (yours >= 3 && yours === recent.length) {
    notes.push(`Only you show appreciation: ${count(yours, 'gesture')} to ${name} in the last year, none from them. That is not an equal partnership yet`);
  }
  const headline = bad > 0 ? (lastToClient ? `no appreciation in ${days(calendarDaysAgo(lastToClient.at, moment))}` : 'no appreciation shown yet') : '';
  return { good, bad, signals, summary, headline, evidence, actions, notes };
}
