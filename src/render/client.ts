// The text of `crm client show`: a profile card a person reads before a meeting.
import type { Context } from '../context.js';
import { localDateOf } from '../core/dates.js';
import type { CurrencyTotal } from '../core/invoices.js';
import { voiceKey, type TopicState } from '../core/relationship.js';
import { carriedMarks, type TimelineKind } from '../core/timeline.js';
import { renderInvoiceTable, renderPayments, type PaymentItem } from './invoices.js';
import type { bidJson, clientJson, followUpJson, interactionJson, invoiceJson, needJson, topicJson, voiceJson } from './json.js';
import { palette } from './style.js';
import { truncate } from './table.js';
import { visible } from './terminal.js';

export type ClientCard = ReturnType<typeof clientJson> & {
  needs: ReturnType<typeof needJson>[];
  openBids: ReturnType<typeof bidJson>[];
  topics: ReturnType<typeof topicJson>[];
  invoices: ReturnType<typeof invoiceJson>[];
  /** what the invoices add up to, one entry per currency (void ones left out) */
  totals: CurrencyTotal[];
  /** every payment, the latest first */
  payments: PaymentItem[];
  followUps: ReturnType<typeof followUpJson>[];
  /** the newest LATEST_INTERACTIONS, each with what it carried (`crm log list --kind` words) */
  latestInteractions: (ReturnType<typeof interactionJson> & { carried: TimelineKind[] })[];
  /** needs of the user's own raised with the client, each raising oldest first */
  voices: ReturnType<typeof voiceJson>[];
};

/** Interactions the card shows; `crm log list CLIENT` shows them all. */
export const LATEST_INTERACTIONS = 10;

/** A topic's state in plain words, as `crm health` says it. */
export const TOPIC_STATE_WORDS: Record<TopicState, string> = {
  managed: 'talked through',
  open: 'open',
  gridlocked: 'gridlocked',
  resolved: 'resolved',
};

export function renderClientCard(card: ClientCard, ctx: Context, locale = 'en-US'): string {
  const c = palette(ctx.color);
  const width = Math.max(40, ctx.width);
  // Every value from the book is made visible before it meets crm's words and colours (render/terminal.ts).
  const v = visible;
  const line = (text: string) => truncate(text, width);
  const out: string[] = [];
  const status = card.status === 'active' ? '' : c.yellow(`  (${v(card.status)}${card.endedOn ? ` ${v(card.endedOn)}` : ''})`);
  out.push(`${c.bold(v(card.name))} ${c.dim(`(client #${card.id})`)}${status}`);
  const facts = [card.company, card.email, card.tags.length ? card.tags.map((t) => `#${t}`).join(' ') : null].filter((f): f is string => Boolean(f));
  if (facts.length) out.push(line(facts.map(v).join(' · ')));
  out.push(line(`Since ${v(card.since)} · keep in touch every ${card.cadenceDays} days · replies expected within ${card.replyWithinHours} h`));
  if (card.lastContact) out.push(line(`Last in touch before crm: ${v(card.lastContact)}`));
  if (card.endReason) out.push(line(`Ended: ${v(card.endReason)}`));
  if (card.note) out.push(line(`Note: ${v(card.note)}`));

  const section = (title: string, rows: string[]) => {
    if (!rows.length) return;
    out.push('', c.bold(title));
    for (const row of rows) out.push(line(`  ${row}`));
  };
  section('Needs and goals', card.needs.map((n) => `${v(n.kind)}: ${v(n.text)}`));
  // The verdict before the text, which is what a narrow screen cuts.
  section(
    'Open bids',
    card.openBids.map((b) => `#${b.id} ${day(b.at)} ${v(b.kind)}${b.status === 'overdue' ? c.red(', past reply window') : ''}: ${v(b.text)}`),
  );
  section(
    'Conflict topics',
    card.topics.map((t) => {
      const state = TOPIC_STATE_WORDS[t.state];
      return `${t.state === 'gridlocked' ? c.red(state) : state}, raised ${t.timesRaised}×, last ${t.lastRaised ? day(t.lastRaised) : '-'}: ${v(t.topic)}`;
    }),
  );
  section('Your own needs', yourNeeds(card.voices).map((need) => {
    const outcome =
      need.needIgnored ? c.red(`ignored (raised ${need.timesRaised}×, not heard)`)
      : need.outcome === 'open' ? `open${need.timesRaised > 1 ? ` (raised ${need.timesRaised}×)` : ''}`
      : need.outcome === 'heard' ? c.green(`heard ${day(need.outcomeAt!)}`)
      : `ignored ${day(need.outcomeAt!)}`;
    return `#${need.id} ${day(need.raisedAt)} ${outcome}: ${v(need.text)}`;
  }));
  const block = (title: string, text: string) => {
    if (text) out.push('', c.bold(title), ...text.split('\n').map((l) => `  ${l}`));
  };
  if (card.invoices.length) block('Invoices', renderInvoiceTable(card.invoices, c, { width: width - 2, locale, client: false }));
  if (card.payments.length) block('Payments', renderPayments(card.payments, c, { width: width - 2, locale, limit: PAYMENTS_SHOWN }));
  section('Follow-ups', card.followUps.map((f) => `#${f.id} ${v(f.due)}${f.overdue ? c.red(' (overdue)') : ''}: ${v(f.text)}`));
  section(
    'Latest interactions',
    card.latestInteractions.map((i) => {
      const who = i.fromClient ? 'from client' : 'by you';
      const tone = i.tone > 0 ? c.green(`+${i.tone}`) : i.tone < 0 ? c.red(String(i.tone)) : '';
      const marks = carriedMarks(i.carried, i.horsemen);
      const carried = marks.length ? ` [${marks.join(', ')}]` : '';
      const summary = i.summary ? `: ${v(i.summary.replace(/\s+/g, ' ').trim())}` : '';
      return `#${i.id} ${day(i.at)} ${v(i.channel)} ${who}${tone ? ` ${tone}` : ''}${carried}${summary}`;
    }),
  );
  if (card.latestInteractions.length === LATEST_INTERACTIONS) out.push(c.dim(`  Older ones: crm log list ${card.id}`));
  return out.join('\n');
}

/** The latest payments a card shows; --json has them all. */
const PAYMENTS_SHOWN = 8;

/** Each need of the user's once, by its latest raising: the one to mark heard, and what came of it. */
function yourNeeds(voices: ReturnType<typeof voiceJson>[]): ReturnType<typeof voiceJson>[] {
  const latest = new Map<string, ReturnType<typeof voiceJson>>();
  for (const voice of voices) latest.set(voiceKey(voice.text), voice); // oldest first: the last one wins
  return [...latest.values()];
}

/** The user's local date of an ISO instant. */
export function day(iso: string): string {
  return localDateOf(Date.parse(iso));
}
