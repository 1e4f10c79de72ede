// Promises: the follow-ups you promised, kept on time or not. Trust starts with keeping agreements.
// (DESIGN.md section 4, "promises")
import { dayNumber, localDateOf } from '../dates.js';
import type { FollowUp } from '../types.js';
import { fadeSince, lateness, shownDecay } from './decay.js';
import { count, days, evidenceOn, quoted, rowsToShow, sortEvidence } from './explain.js';
import type { Action, ComponentOutcome, Evidence, ScoreInput } from './types.js';

/** An overdue promise withdraws up to this much: twice what keeping it deposits. */
const OVERDUE_WEIGHT = 2;

interface Standing {
  followUp: FollowUp;
  state: 'kept' | 'late' | 'overdue' | 'open';
  daysLate: number;
  good: number;
  bad: number;
}

/**
 * Kept by the due date: a deposit of 1, fading from when it was done; kept late: the same less what lateness
 * takes (d / (d + 30)); still open past its date: a withdrawal of 2 d / (d + 30) that grows with every day and
 * does not fade. Promises not yet due weigh nothing.
 */
export function scorePromises({ facts, point, settings, explain }: ScoreInput): ComponentOutcome {
  const moment = { at: point.at, today: point.today };
  const halfLife = settings['health.halflife.promises'];
  const todayDay = dayNumber(moment.today);
  const standings: Standing[] = [];
  let good = 0;
  let bad = 0;
  for (const followUp of facts.followUps) {
    if (followUp.createdAt > point.cutoff) continue; // not promised yet
    const dueDay = dayNumber(followUp.due);
    const done = followUp.doneAt !== null && followUp.doneAt <= point.cutoff ? followUp.doneAt : null;
    if (done !== null) {
      const daysLate = Math.max(0, dayNumber(localDateOf(done)) - dueDay);
      const credit = (1 - lateness(daysLate)) * fadeSince(done, moment.at, halfLife);
      good += credit;
      standings.push({ followUp, state: daysLate ? 'late' : 'kept', daysLate, good: credit, bad: 0 });
    } else if (todayDay > dueDay) {
      const daysLate = todayDay - dueDay;
      const withdrawal = OVERDUE_WEIGHT * lateness(daysLate);
      bad += withdrawal;
      standings.push({ followUp, state: 'overdue', daysLate, good: 0, bad: withdrawal });
    } else {
      standings.push({ followUp, state: 'open', daysLate: 0, good: 0, bad: 0 });
    }
  }
  const judged = standings.filter((s) => s.state !== 'open');
  if (!explain) return { good, bad, signals: judged.length, summary: '', evidence: [], actions: [] };
  if (judged.length === 0) {
    const open = standings.length;
    return { good, bad, signals: 0, summary: open ? `${count(open, 'promise')} open, none due yet` : 'no promises logged', evidence: [], actions: [] };
  }
  const overdue = judged.filter((s) => s.state === 'overdue').sort((a, b) => b.daysLate - a.daysLate);
  const late = judged.filter((s) => s.state === 'late');
  const kept = judged.filter((s) => s.state === 'kept');
  const parts: string[] = [];
  if (overdue.length) parts.push(`${count(overdue.length, 'promise')} overdue: ${overdue.slice(0, 2).map((s) => `${quoted(s.followUp.text, 40)} (${days(s.daysLate)})`).join(', ')}`);
  parts.push(`${kept.length} kept on time`);
  if (late.length) parts.push(`${late.length} kept late`);
  const summary = parts.join(', ');
  const actions: Action[] = overdue.map((s) => ({
    text: `Keep your promise to ${facts.client.name}: ${quoted(s.followUp.text)}, due ${s.followUp.due} (crm followup done ${s.followUp.id})`,
    change: { bad: s.bad, good: 1 - lateness(s.daysLate) },
  }));
  const evidence = sortEvidence(rowsToShow(judged, (s) => dayNumber(s.followUp.due), explain).map(evidenceOf));
  const headline = overdue.length ? `${quoted(overdue[0]!.followUp.text, 24)} overdue` : late.length ? `${count(late.length, 'promise')} kept late` : 'promises kept';
  return { good, bad, signals: judged.length, summary, headline, evidence, actions };
}

function evidenceOf(s: Standing): Evidence {
  const what = quoted(s.followUp.text, 50);
  switch (s.state) {
    case 'kept':
      return evidenceOn(s.followUp.due, `promised ${what}: kept`, shownDecay(s.good), 'positive');
    case 'late':
      return evidenceOn(s.followUp.due, `promised ${what}: kept ${days(s.daysLate)} late`, shownDecay(s.good), 'neutral');
    default:
      return evidenceOn(s.followUp.due, `promised ${what}: ${days(s.daysLate)} overdue`, 1, 'negative');
  }
}
