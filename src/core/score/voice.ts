// Your needs: the relationship must work for both sides. Speaking up about your own needs (payment terms,
// feedback, scope, your time) is healthy; being heard matters more; being ignored twice is a wound.
// Feedback from the client on your work counts for your side too. (DESIGN.md section 4, "voice")
import { voiceStandings } from '../relationship.js';
import type { Interaction } from '../types.js';
import { isHostile, rescale } from './digest.js';
import { fadeSince } from './decay.js';
import { count, evidenceAt, quoted, rowsToShow, sortEvidence } from './explain.js';
import type { Action, ComponentOutcome, Evidence, ScoreInput } from './types.js';

/** Speaking up earns this much; being heard 1 more; a need ignored twice weighs this much bad. */
const SPOKE_UP = 0.5;
const HEARD = 1;
const IGNORED = 1.5;

/**
 * Each raising of a need of yours is good (0.5), a need heard is good (1), feedback received is good (1); all
 * fade. A need whose last two raisings went unheard is bad (1.5) and does not fade until it is heard.
 */
export function scoreVoice({ facts, digest, point, settings, explain }: ScoreInput): ComponentOutcome {
  const halfLife = settings['health.halflife.voice'];
  const moment = { at: point.at };
  const standings = voiceStandings(facts.voices, point.cutoff);
  let good = 0;
  let bad = 0;
  let signals = 0;
  for (const need of standings) {
    for (const raising of need.raisings) good += SPOKE_UP * fadeSince(raising.raisedAt, moment.at, halfLife);
    if (need.heard) good += HEARD * fadeSince(need.heard.outcomeAt!, moment.at, halfLife);
    if (need.ignored) bad += IGNORED;
    signals += need.raisings.length;
  }
  // Feedback received: summed in the digest; the rows at hand are the latest, for the explanation.
  const sums = digest.sums[digest.cutoffs.indexOf(point.cutoff)]!;
  good += rescale(sums.feedbackW, digest, point.at, halfLife);
  signals += sums.feedback;
  if (!explain) return { good, bad, signals, summary: '', evidence: [], actions: [] };
  const feedback: Interaction[] = [];
  for (const interaction of facts.interactions) {
    if (interaction.at > point.cutoff) break; // in time order
    if (interaction.feedback && !isHostile(interaction)) feedback.push(interaction);
  }
  if (signals === 0) return { good, bad, signals, summary: 'none of your own needs raised, no feedback received yet', evidence: [], actions: [] };

  const name = facts.client.name;
  const parts: string[] = [];
  for (const need of standings.filter((n) => n.ignored)) {
    parts.push(`you raised ${quoted(need.text, 40)} ${count(need.raisings.length, 'time')}; not heard`);
  }
  const heard = standings.filter((n) => n.heard && !n.ignored);
  if (heard.length) parts.push(`${count(heard.length, 'need')} of yours heard (${heard.map((n) => quoted(n.text, 30)).join(', ')})`);
  const waiting = standings.filter((n) => !n.heard && !n.ignored);
  if (waiting.length) parts.push(`${count(waiting.length, 'need')} raised, no answer yet`);
  parts.push(sums.feedback ? `${count(sums.feedback, 'piece')} of feedback from ${name}` : `no feedback from ${name} yet`);
  const summary = parts.join('; ');
  const actions: Action[] = standings
    .filter((n) => n.ignored)
    .map((n) => ({
      text: `${name} has not heard ${quoted(n.text)} (raised ${count(n.raisings.length, 'time')}): say plainly what you need and why, then crm voice heard ${n.raisings.at(-1)!.id}`,
      change: { bad: IGNORED, good: HEARD },
    }));
  if (!sums.feedback && signals > 0) actions.push({ text: `Ask ${name} for feedback on your work`, change: { good: 1 } });
  const rows = [
    ...standings.flatMap((n) =>
      n.raisings.map((r) => {
        const outcome = r.outcomeAt !== null && r.outcomeAt <= point.cutoff ? r.outcome : 'open';
        return {
          at: r.raisedAt,
          evidence: evidenceAt(
            r.raisedAt,
            `you raised ${quoted(r.text, 40)}: ${outcome === 'open' ? 'no answer yet' : outcome}`,
            n.ignored ? 1 : Math.round(fadeSince(r.raisedAt, moment.at, halfLife) * 100) / 100,
            outcome === 'heard' ? 'positive' : n.ignored ? 'negative' : 'neutral',
          ),
        };
      }),
    ),
    ...feedback.map((i) => ({
      at: i.at,
      evidence: evidenceAt(i.at, `feedback from the client`, Math.round(fadeSince(i.at, moment.at, halfLife) * 100) / 100, 'positive'),
    })),
  ];
  const evidence: Evidence[] = sortEvidence(rowsToShow(rows, (r) => r.at, explain).map((r) => r.evidence));
  const ignored = standings.find((n) => n.ignored);
  const headline = ignored ? `${quoted(ignored.text, 24)} not heard` : '';
  return { good, bad, signals, summary, headline, evidence, actions, terms: ['voice'] };
}
