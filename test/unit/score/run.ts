// Runs one component of the health score on a story's facts, as the engine would.
import { inOrder } from '../../../src/core/ordered.js';
import { indexFacts } from '../../../src/core/relationship.js';
import type { ComponentOutcome, ComponentScorer } from '../../../src/core/score/index.js';
import type { Settings } from '../../../src/core/settings.js';
import type { ClientFacts, Moment } from '../../../src/core/types.js';
import { MOMENT, settings as defaults } from './builders.js';

export interface Judged extends ComponentOutcome {
  /** good / (good + bad), or null without evidence */
  s: number | null;
}

export function judge(scorer: ComponentScorer, facts: ClientFacts, options: { moment?: Moment; settings?: Partial<Settings> } = {}): Judged {
  const ordered = inOrder(facts);
  const outcome = scorer({
    facts: ordered,
    index: indexFacts(ordered),
    moment: options.moment ?? MOMENT,
    settings: defaults(options.settings),
    explain: true,
  });
  const n = outcome.good + outcome.bad;
  return { ...outcome, s: n > 0 ? outcome.good / n : null };
}
