// Runs one component of the health score on a story's facts, as the engine would.
import { inOrder } from '../../../src/core/ordered.js';
import { indexFacts } from '../../../src/core/relationship.js';
import { digestInteractions } from '../../../src/core/score/digest.js';
import { pointOf, tellingFrom, type ComponentOutcome, type ComponentScorer } from '../../../src/core/score/index.js';
import type { Settings } from '../../../src/core/settings.js';
import type { ClientFacts, Moment } from '../../../src/core/types.js';
import { MOMENT, settings as defaults } from './builders.js';

export interface Judged extends ComponentOutcome {
  /** good / (good + bad), or null without evidence */
  s: number | null;
}

export function judge(scorer: ComponentScorer, facts: ClientFacts, options: { moment?: Moment; settings?: Partial<Settings> } = {}): Judged {
  const ordered = inOrder(facts);
  const index = indexFacts(ordered);
  const moment = options.moment ?? MOMENT;
  const settings = defaults(options.settings);
  const cutoffs = [moment.at];
  const outcome = scorer({
    facts: ordered,
    index,
    digest: digestInteractions(ordered.interactions, index.repairedIds, cutoffs, tellingFrom(cutoffs), settings),
    point: pointOf(moment),
    settings,
    explain: true,
  });
  const n = outcome.good + outcome.bad;
  return { ...outcome, s: n > 0 ? outcome.good / n : null };
}
