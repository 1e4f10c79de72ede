// The timeline of `crm log list`: each interaction with what it carried (the bids raised in it, the bids it
// answered, conflicts, appreciations, promises, needs of yours raised), and the words that name what it carried,
// the same in the text, in JSON and in `--kind`.
import type { Appreciation, Bid, ClientRef, ConflictEvent, FollowUp, Interaction, Voice } from './types.js';

/** What an interaction can carry, as `crm log list --kind` names it. */
export const TIMELINE_KINDS = [
  'bid', 'complaint', 'answer', 'conflict', 'repair', 'appreciation', 'feedback', 'horseman', 'follow-up', 'voice',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** Each kind in a few words, for --help and the README. */
export const TIMELINE_KIND_WORDS: Record<TimelineKind, string> = {
  bid: 'the client asked for attention (a request, question or complaint)',
  complaint: 'a complaint',
  answer: 'you answered a bid',
  conflict: 'a conflict topic came up',
  repair: 'a repair attempt',
  appreciation: 'appreciation shown or received',
  feedback: 'the client gave feedback',
  horseman: 'criticism, contempt, defensiveness or stonewalling',
  'follow-up': 'you promised to follow up',
  voice: 'you raised a need of your own',
};

export interface TimelineEntry {
  interaction: Interaction;
  client: ClientRef;
  /** bids raised in it */
  bids: Bid[];
  /** bids it answered */
  answered: Bid[];
  conflicts: { event: ConflictEvent; topic: string }[];
  appreciations: Appreciation[];
  followUps: FollowUp[];
  voices: Voice[];
}

/** What the interaction carried, in TIMELINE_KINDS order: a complaint is a bid too, as `--kind bid` finds it. */
export function carriedKinds(entry: TimelineEntry): TimelineKind[] {
  const has: Record<TimelineKind, boolean> = {
    bid: entry.bids.length > 0,
    complaint: entry.bids.some((b) => b.kind === 'complaint'),
    answer: entry.answered.length > 0,
    conflict: entry.conflicts.length > 0,
    repair: entry.interaction.repair,
    appreciation: entry.appreciations.length > 0,
    feedback: entry.interaction.feedback,
    horseman: entry.interaction.horsemen.length > 0,
    'follow-up': entry.followUps.length > 0,
    voice: entry.voices.length > 0,
  };
  return TIMELINE_KINDS.filter((kind) => has[kind]);
}

/**
 * The marks a person reads, from the kinds carried: a complaint stands for its bid, a horseman is named
 * (`[complaint, conflict, contempt]`).
 */
export function carriedMarks(kinds: readonly TimelineKind[], horsemen: readonly string[]): string[] {
  return kinds.flatMap((kind): readonly string[] => {
    if (kind === 'bid') return kinds.includes('complaint') ? [] : ['bid'];
    if (kind === 'horseman') return horsemen;
    return [kind];
  });
}
