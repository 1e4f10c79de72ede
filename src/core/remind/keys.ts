// The keys under which a silenced reminder is kept (table reminder_state): `kind:id`. One place builds them, so
// that what names a client's reminders (crm export --client, crm client forget) finds every one.
import type { ReminderKind } from './types.js';

export function reminderKey(kind: ReminderKind, id: string | number): string {
  return `${kind}:${id}`;
}

/** Kinds keyed by the client's id; anniversary and year-end add the year (`anniversary:4:2026`). */
const CLIENT_KINDS = ['contact-overdue', 'appreciation-due', 'goals-ask', 'health-drop', 'revenue-dependency', 'feedback-ask'] as const;
const CLIENT_YEAR_KINDS = ['anniversary', 'year-end'] as const;

/** What a client owns that a reminder is keyed by. */
export interface ReminderOwner {
  clientId: number;
  bidIds: readonly number[];
  topicIds: readonly number[];
  followUpIds: readonly number[];
  voiceIds: readonly number[];
  invoiceNumbers: readonly string[];
}

/** Whether the reminder key names the client or one of its rows. */
export function isReminderOf(owner: ReminderOwner): (key: string) => boolean {
  const keys = new Set<string>([
    ...CLIENT_KINDS.map((kind) => reminderKey(kind, owner.clientId)),
    ...owner.bidIds.map((id) => reminderKey('bid-unanswered', id)),
    ...owner.topicIds.map((id) => reminderKey('conflict-revisit', id)),
    ...owner.followUpIds.map((id) => reminderKey('follow-up-due', id)),
    ...owner.voiceIds.map((id) => reminderKey('voice-unheard', id)),
    ...owner.invoiceNumbers.flatMap((number) => [reminderKey('invoice-overdue', number), reminderKey('invoice-due-soon', number)]),
  ]);
  const yearly = CLIENT_YEAR_KINDS.map((kind) => `${reminderKey(kind, owner.clientId)}:`);
  return (key) => keys.has(key) || yearly.some((prefix) => key.startsWith(prefix) && /^\d+$/.test(key.slice(prefix.length)));
}
