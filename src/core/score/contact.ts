// Contact: is the relationship kept up at the client's cadence? (DESIGN.md section 4, "contact")
import { DAY_MS, daysBetween, localInstant } from '../dates.js';
import type { Settings } from '../settings.js';
import type { ClientFacts, Interaction, Moment } from '../types.js';

import { days, evidenceAt, evidenceOn, sortActions } from './explain.js';
import { calendarDaysAgo } from './decay.js';
import { inOrder } from './ordered.js';
import type { ComponentOutcome } from './types.js';

/**
 * s = 0.5^(days since the last contact / cadence): a full cadence of silence halves it.
 * N/A while the client is younger than one cadence: silence cannot be judged before then. (This deviates
 * from DESIGN.md, which ends N/A at the first interaction, so that logging contact never drops a component
 * in below the other components' mean: invariant 2.)
 */
export function scoreContact(facts: ClientFacts, moment: Moment, _settings: Settings, explain: boolean | number = true): ComponentOutcome {
  const { client, interactions } = inOrder(facts);
  const cadence = client.cadenceDays;
  const clientAge = daysBetween(client.since, moment.today);
  if (!(cadence > 0) || clientAge < cadence) {
    const summary = !explain
      ? ''
      : cadence > 0
        ? `client for ${days(Math.max(0, clientAge))}; contact is judged after one cadence (${days(cadence)})`
        : 'no contact cadence set';
    return { s: null, summary, evidence: [], actions: [] };
  }
  let last: Interaction | undefined;
  for (const interaction of interactions) {
    if (interaction.at > moment.at) break; // ordered by time
    last = interaction;
  }
  const start = localInstant(client.since);
  const from = last && last.at > start ? last.at : start;
  const daysSince = Math.max(0, (moment.at - from) / DAY_MS);
  const s = 0.5 ** (daysSince / cadence);
  if (!explain) return { s, summary: '', evidence: [], actions: [] };

  const ago = days(last && last.at > start ? calendarDaysAgo(last.at, moment) : Math.max(0, daysBetween(client.since, moment.today)));
  const effect = daysSince <= cadence ? 'positive' : 'negative';
  const summary =
    last && last.at > start
      ? `last contact ${ago} ago by ${last.channel}; cadence every ${days(cadence)}`
      : `no contact logged since the start on ${client.since} (${ago}); cadence every ${days(cadence)}`;
  const evidence = [
    last && last.at > start
      ? evidenceAt(last.at, `last contact: ${last.channel}${last.fromClient ? ', from the client' : ''}`, 1, effect)
      : evidenceOn(client.since, 'client since, no contact logged', 1, effect),
  ];
  const text = `Get in touch with ${client.name}: last contact ${ago} ago, cadence every ${days(cadence)}`;
  const actions = daysSince >= cadence ? sortActions([{ text, gain: (1 - s) * 100 }]) : [];
  const headline = `${ago} since contact (every ${days(cadence)})`;
  return { s, summary, headline, evidence, actions };
}
